"""Answers checked against one version of a form: every error at once, each with its field
path, a stable code and a text in the caller's language; nothing is kept when any is wrong.

Beyond each field's own check (fields.check_field), the form refuses answers it does not
ask for (`unknown_field`), answers for fields its conditions hide (`hidden_field`), a
missing required answer (`required`), a text not matching the field's pattern
(`pattern_mismatch`), a fraction where a whole number is asked (`not_integer`), and a
submission an exit condition rules out (`not_eligible`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID

from fc_forms.domain.definitions import LANGUAGES, Definition, FormField
from fc_forms.domain.fields import FieldError, check_field, field_error_text
from fc_shared.refusals import invalid

# The texts of the codes this module gives (the field types' own are in fields.py).
TEXTS: dict[str, tuple[str, str, str]] = {
    "required": ("Svaret behövs.", "Vastaus tarvitaan.", "This answer is needed."),
    "unknown_field": (
        "Blanketten frågar inte detta.",
        "Lomakkeessa ei kysytä tätä.",
        "The form does not ask this.",
    ),
    "hidden_field": (
        "Frågan visas inte med dina svar: lämna den tom.",
        "Kysymystä ei näytetä vastaustesi perusteella: jätä se tyhjäksi.",
        "This question is not shown with your answers: leave it empty.",
    ),
    "pattern_mismatch": (
        "Svaret har fel form.",
        "Vastaus on väärässä muodossa.",
        "The answer is not in the right form.",
    ),
    "not_integer": ("Ange ett heltal.", "Anna kokonaisluku.", "Enter a whole number."),
    "hold_required": (
        "Blanketten fylls i för en reserverad plats.",
        "Lomake täytetään varatulle paikalle.",
        "This form is filled in for a held place.",
    ),
    "hold_not_expected": (
        "Blanketten gäller ingen reserverad plats.",
        "Lomake ei koske varattua paikkaa.",
        "This form is not for a held place.",
    ),
}


def caller_language(token_locale: str | None, accept_language: str | None) -> str:
    """The language to answer in: the token's locale, else the first of sv/fi/en that
    `Accept-Language` prefers, else Swedish."""
    if token_locale in LANGUAGES:
        return token_locale
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = re.search(r"q=([0-9.]+)", params)
        quality = float(weight[1]) if weight else 1.0
        language = tag.strip().lower()[:2]
        if language in LANGUAGES and quality > 0:
            ranked.append((-quality, index, language))
    return min(ranked)[2] if ranked else "sv"


def visible(field: FormField, definition: Definition, answers: Mapping[str, Any]) -> bool:
    """Shown, given the answers: its condition holds and the field it names is shown."""
    if field.visible_when is None:
        return True
    named = definition.field(field.visible_when.field)
    if named is None or not visible(named, definition, answers):
        return False
    return field.visible_when.holds(answers)


def _extra_checks(field: FormField, value: object) -> list[FieldError]:
    if field.pattern and isinstance(value, str) and not re.fullmatch(field.pattern, value):
        return [FieldError(field.name, "pattern_mismatch")]
    if field.integer and isinstance(value, float) and not value.is_integer():
        return [FieldError(field.name, "not_integer")]
    return []


def field_errors(
    definition: Definition,
    answers: Mapping[str, Any],
    *,
    today: date,
    children: Collection[UUID] = (),
) -> tuple[dict[str, Any], list[FieldError]]:
    """The answers normalised, and every error in them in the form's order."""
    kept: dict[str, Any] = {}
    errors: list[FieldError] = []
    for field in definition.content.fields():
        present = field.name in answers and answers[field.name] is not None
        if not visible(field, definition, answers):
            if present:
                errors.append(FieldError(field.name, "hidden_field"))
            continue
        if not present:
            if field.required:
                errors.append(FieldError(field.name, "required"))
            continue
        value, found = check_field(
            field.spec(), answers[field.name], today=today, children=children
        )
        found = [_by_name(error) for error in found] or _extra_checks(field, answers[field.name])
        errors += found
        kept[field.name] = value
    known = {field.name for field in definition.content.fields()}
    errors += [FieldError(name, "unknown_field") for name in answers if name not in known]
    return kept, errors


def _by_name(error: FieldError) -> FieldError:
    """A field check names its error by JSON pointer (`/answers/<name>`, `/` as `~1`); this
    module's errors are by the field's name, the first step of `loc`."""
    prefix = "/answers/"
    if not error.path.startswith(prefix):
        return error
    name = error.path[len(prefix) :].replace("~1", "/").replace("~0", "~")
    return replace(error, path=name)


def error_text(definition: Definition, error: FieldError, language: str) -> str:
    """The author's text for the error, else this module's, else the field type's."""
    field = definition.field(error.path.split("/")[0])
    if field is not None and error.code in field.errors:
        return field.errors[error.code].in_language(language)
    if error.code in TEXTS:
        sv, fi, en = TEXTS[error.code]
        return {"fi": fi, "en": en}.get(language, sv)
    return field_error_text(error, language)


def check_answers(
    definition: Definition,
    answers: Mapping[str, Any],
    *,
    language: str,
    today: date,
    children: Collection[UUID] = (),
    extra: list[FieldError] | None = None,
) -> dict[str, Any]:
    """The normalised answers; or the exit that rules them out (422 `not_eligible`); or
    every error at once (422 `invalid_answers`), each with its path, code and text in
    `language`."""
    kept, errors = field_errors(definition, answers, today=today, children=children)
    errors += extra or []
    wrong = {error.path.split("/")[0] for error in errors}
    for exit_ in definition.content.exits:
        # An exit is shown as soon as its question is answered: the rest need not be.
        if exit_.when.field not in wrong and exit_.when.holds(answers):
            raise invalid(
                "not_eligible",
                "Not eligible",
                exit_.text.in_language(language),
                exit=exit_.id,
            )
    if errors:
        raise invalid(
            "invalid_answers",
            "Invalid answers",
            "The answers do not match the form.",
            errors=[
                {
                    "path": error.path,
                    "loc": error.path.split("/"),
                    "code": error.code,
                    "message": error_text(definition, error, language),
                }
                for error in errors
            ],
        )
    return kept


def hold_errors(definition: Definition, hold_id: UUID | None) -> list[FieldError]:
    """A registration carries the booking hold it is for; no other form carries one."""
    if definition.content.hold_required and hold_id is None:
        return [FieldError("hold_id", "hold_required")]
    if not definition.content.hold_required and hold_id is not None:
        return [FieldError("hold_id", "hold_not_expected")]
    return []
