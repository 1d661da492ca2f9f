"""Form definitions and the validation of answers, apart from any I/O."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from fc_shared.refusals import invalid, not_found

# The contact request: a family asks the family centre to contact them.
CONTACT_REQUEST: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["topic", "preferred_contact", "message"],
    "properties": {
        "topic": {
            "enum": [
                "parenting",
                "couple_relationship",
                "upbringing",
                "integration_and_language",
                "peer_support",
                "substance_use",
                "violence_and_bullying",
                "mental_wellbeing",
                "leisure",
                "other",
            ]
        },
        "preferred_contact": {"enum": ["phone", "email", "in_app"]},
        "message": {"type": "string", "minLength": 1, "maxLength": 4000},
        "child_age_years": {"type": "integer", "minimum": 0, "maximum": 17},
        "interpreter_language": {"type": "string", "pattern": "^[a-z]{2,3}$"},
    },
}

# Each definition is a JSON Schema (draft 2020-12): truly JSON, so a dict it stays.
DEFINITIONS: dict[str, dict[str, Any]] = {"contact-request": CONTACT_REQUEST}


def form_types() -> list[str]:
    """The forms a family can fill in, by type, in a stable order."""
    return sorted(DEFINITIONS)


def definition_of(form_type: str) -> dict[str, Any]:
    """The form's JSON Schema; an unknown form is not found."""
    definition = DEFINITIONS.get(form_type)
    if definition is None:
        raise not_found(
            "unknown_form", f"There is no form called {form_type!r}.", title="Unknown form"
        )
    return definition


def validate_answers(form_type: str, answers: dict[str, Any]) -> None:
    """Answers are checked on the server against the form's schema; a submission to a form
    that does not exist is invalid input (422), not a missing page."""
    definition = DEFINITIONS.get(form_type)
    if definition is None:
        raise invalid("unknown_form", "Unknown form", f"There is no form called {form_type!r}.")
    errors = sorted(Draft202012Validator(definition).iter_errors(answers), key=str)
    if errors:
        raise invalid(
            "invalid_answers",
            "Invalid answers",
            "The answers do not match the form.",
            errors=[{"loc": list(error.absolute_path), "msg": error.message} for error in errors],
        )
