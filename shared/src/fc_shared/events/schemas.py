"""The JSON Schema of every event, and what counts as a breaking change to one.

The exported schemas are checked in under `shared/schemas/`, one file per event type, and a
test compares each event's current model with its checked-in schema. Within a major version
a change must be additive: a consumer reading events with either the old or the new model
must keep working. Regenerate the files with `python -m fc_shared.events.schemas`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeAlias

from fc_shared.events.contracts import ALL_EVENTS

# shared/src/fc_shared/events/schemas.py -> shared/schemas (a source checkout, not a wheel)
SCHEMAS_DIR = Path(__file__).resolve().parents[3] / "schemas"

# A property's shape: (JSON type, format, shape of its array items) for each type it allows.
Shape: TypeAlias = frozenset[tuple[str, str | None, "Shape | None"]]


def event_schemas() -> dict[str, dict[str, Any]]:
    """Every event's JSON Schema (pydantic's validation mode), keyed by its CloudEvents type."""
    return {event.TYPE: event.model_json_schema() for event in ALL_EVENTS}


def schema_text(schema: dict[str, Any]) -> str:
    """The checked-in form of a schema: stable key order, so a diff shows only real changes."""
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """How `new` breaks consumers of one event's `old` schema; empty when it is additive."""
    old_properties: dict[str, Any] = old.get("properties", {})
    new_properties: dict[str, Any] = new.get("properties", {})
    changes: list[str] = []
    for name in sorted(old_properties):
        if name not in new_properties:
            changes.append(f"property {name!r} was removed")
            continue
        was = _shape(old_properties[name], old.get("$defs", {}))
        now = _shape(new_properties[name], new.get("$defs", {}))
        if was != now:
            changes.append(
                f"property {name!r} changed type from {_describe(was)} to {_describe(now)}"
            )
    # A consumer with the new model must still read events written before it.
    for name in sorted(set(new.get("required", [])) - set(old.get("required", []))):
        if name in old_properties:
            changes.append(f"property {name!r} became required")
        else:
            changes.append(f"new property {name!r} is required")
    return changes


def _shape(schema: dict[str, Any], defs: dict[str, Any]) -> Shape:
    """The types a property allows, with their formats; titles, examples and defaults aside."""
    reference = schema.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/$defs/"):
        return _shape(defs[reference.removeprefix("#/$defs/")], defs)
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if alternatives:
        return frozenset().union(*(_shape(option, defs) for option in alternatives))
    items = schema.get("items")
    items_shape = _shape(items, defs) if isinstance(items, dict) else None
    return frozenset(
        (type_name, schema.get("format"), items_shape if type_name == "array" else None)
        for type_name in _types(schema)
    )


def _types(schema: dict[str, Any]) -> list[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        return [str(type_name) for type_name in declared]
    values = schema.get("enum", [schema["const"]] if "const" in schema else [])
    if values:  # an enum or const without a "type": the types of its values
        return sorted({_json_type(value) for value in values})
    return ["any"]


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _describe(shape: Shape) -> str:
    parts = []
    for type_name, format_, items in sorted(shape, key=lambda part: (part[0], part[1] or "")):
        text = f"{type_name} ({format_})" if format_ else type_name
        parts.append(f"{text} of {_describe(items)}" if items is not None else text)
    return " | ".join(parts) or "nothing"


def main(argv: Sequence[str] | None = None) -> None:
    """Write `<TYPE>.json` for every event into the given folder (default: shared/schemas)."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    directory = Path(arguments[0]) if arguments else SCHEMAS_DIR
    directory.mkdir(parents=True, exist_ok=True)
    for type_name, schema in event_schemas().items():
        (directory / f"{type_name}.json").write_text(schema_text(schema), encoding="utf-8")
        print(directory / f"{type_name}.json")


if __name__ == "__main__":
    main()
