"""An author's definition checked, and the JSON Schema 2020-12 of its answers generated.

The schema says what the fields say: each field's type and limits under `properties`, the
required fields that are always shown under `required`, and under `allOf` an if/then/else
per conditional field (shown: may be answered, required if required; hidden: not
answered) and a `not` per exit. Answers for fields not in the form are refused
(`additionalProperties: false`).
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from fc_forms.domain.definitions import Condition, Definition, FormContent, FormField
from fc_forms.domain.fields import FieldType
from fc_shared.refusals import invalid

DIALECT = "https://json-schema.org/draft/2020-12/schema"
CHOICES = (FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE)
TEXTUAL = (FieldType.TEXT, FieldType.LONG_TEXT)
STRING_FORMAT = {
    FieldType.DATE: "date",
    FieldType.EMAIL: "email",
    FieldType.CHILD: "uuid",
    FieldType.ATTACHMENT: "uuid",
}


def field_schema(field: FormField) -> dict[str, Any]:
    """One answer's JSON Schema."""
    kind = field.field_type
    schema: dict[str, Any]
    if kind in CHOICES:
        values = [option.value for option in field.options]
        schema = {"enum": values}
        if kind is FieldType.MULTIPLE_CHOICE:
            schema = {"type": "array", "items": schema, "uniqueItems": True}
    elif kind is FieldType.NUMBER:
        schema = {"type": "integer" if field.integer else "number"}
    elif kind is FieldType.YES_NO:
        schema = {"type": "boolean"}
    elif kind is FieldType.CONSENT:
        schema = {"const": True}
    else:
        schema = {"type": "string"}
        if kind in STRING_FORMAT:
            schema["format"] = STRING_FORMAT[kind]
    limits = {
        "minLength": field.min_length,
        "maxLength": field.max_length,
        "pattern": field.pattern,
        "minimum": field.minimum,
        "maximum": field.maximum,
    }
    schema.update({key: _plain(value) for key, value in limits.items() if value is not None})
    return schema


def _plain(value: object) -> object:
    """1.0 as 1, so a whole-number limit reads as one."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def condition_schema(condition: Condition, content: FormContent) -> dict[str, Any]:
    """The condition as a JSON Schema the answers match when it holds."""
    target = next((f for f in content.fields() if f.name == condition.field), None)
    test: dict[str, Any]
    if condition.in_ is not None:
        test = {"enum": condition.in_}
    elif target is not None and target.field_type is FieldType.MULTIPLE_CHOICE:
        test = {"contains": {"const": condition.equals}}
    else:
        test = {"const": condition.equals}
    return {"properties": {condition.field: test}, "required": [condition.field]}


def json_schema(content: FormContent) -> dict[str, Any]:
    """The answers' JSON Schema (2020-12)."""
    fields = list(content.fields())
    rules: list[dict[str, Any]] = []
    for field in fields:
        if field.visible_when is not None:
            shown: dict[str, Any] = {"required": [field.name]} if field.required else {}
            rules.append(
                {
                    "if": condition_schema(field.visible_when, content),
                    "then": shown,
                    "else": {"not": {"required": [field.name]}},
                }
            )
    rules += [{"not": condition_schema(e.when, content)} for e in content.exits]
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required and f.visible_when is None],
        "properties": {field.name: field_schema(field) for field in fields},
    }
    if rules:
        schema["allOf"] = rules
    return schema


def document(definition: Definition) -> dict[str, Any]:
    """The definition as one JSON document: its JSON Schema's keys beside its own."""
    own = definition.model_dump(mode="json", by_alias=True, exclude_none=True)
    content = own.pop("content")
    return {**json_schema(definition.content), **own, **content}


def problems(content: FormContent) -> list[dict[str, str]]:
    """What is wrong with an author's definition, each with where and a stable code."""
    found: list[dict[str, str]] = []
    seen: set[str] = set()
    for p, page in enumerate(content.pages):
        for f, field in enumerate(page.fields):
            found += _field_problems(f"pages/{p}/fields/{f}", field, seen)
            seen.add(field.name)
    names = {field.name for field in content.fields()}
    for e, exit_ in enumerate(content.exits):
        if exit_.when.field not in names:
            found.append(_problem(f"exits/{e}/when", "unknown_condition_field"))
    if not found:
        try:
            Draft202012Validator.check_schema(json_schema(content))
        except SchemaError as error:
            found.append(_problem("/".join(map(str, error.path)), "invalid_json_schema"))
    return found


def _field_problems(at: str, field: FormField, earlier: set[str]) -> list[dict[str, str]]:
    found = []
    if field.name in earlier:
        found.append(_problem(f"{at}/name", "duplicate_field_name"))
    if field.type not in set(FieldType):
        return [*found, _problem(f"{at}/type", "unknown_field_type")]
    if field.field_type in CHOICES and not field.options:
        found.append(_problem(f"{at}/options", "options_missing"))
    if field.visible_when is not None and field.visible_when.field not in earlier:
        found.append(_problem(f"{at}/visible_when", "unknown_condition_field"))
    if field.pattern is not None and field.field_type not in TEXTUAL:
        found.append(_problem(f"{at}/pattern", "pattern_not_for_this_type"))
    return found


def _problem(path: str, code: str) -> dict[str, str]:
    return {"path": path, "code": code}


def check_content(content: FormContent) -> None:
    """Refuses a definition that cannot be rendered or checked (`invalid_definition`), with
    every problem at once, each with its path and code."""
    found = problems(content)
    if found:
        raise invalid(
            "invalid_definition",
            "Invalid form definition",
            f"The definition has {len(found)} problem(s).",
            errors=found,
        )
