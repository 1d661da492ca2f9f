"""Event contracts evolve additively and never carry personal data.

The JSON Schemas in `shared/schemas/` are what analysts and other services were promised.
A model may gain optional fields; it may not lose a field, change a field's type or make a
field required. Regenerate the files with `python -m fc_shared.events.schemas`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, get_args
from uuid import UUID

import pytest
from pydantic import BaseModel, Field

from fc_shared.events.contracts import ALL_EVENTS, DomainEvent
from fc_shared.events.schemas import breaking_changes

CHECKED_IN = Path(__file__).resolve().parents[1] / "schemas"

by_type = pytest.mark.parametrize("event", ALL_EVENTS, ids=lambda event: event.TYPE)


def checked_in_schema(event: type[DomainEvent]) -> dict[str, Any]:
    path = CHECKED_IN / f"{event.TYPE}.json"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `python -m fc_shared.events.schemas`")
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


@by_type
def test_every_event_has_a_checked_in_schema(event: type[DomainEvent]) -> None:
    assert checked_in_schema(event)["title"] == event.__name__


@by_type
def test_no_event_changes_its_checked_in_schema_in_a_breaking_way(
    event: type[DomainEvent],
) -> None:
    changes = breaking_changes(checked_in_schema(event), event.model_json_schema())

    assert changes == [], f"{event.TYPE} breaks its consumers; publish a .v2 event instead"


def test_no_checked_in_event_type_is_dropped() -> None:
    published = {path.name.removesuffix(".json") for path in CHECKED_IN.glob("*.json")}

    assert published - {event.TYPE for event in ALL_EVENTS} == set()


# --- breaking_changes on small hand-made schemas -------------------------------------------

UUID_PROPERTY = {"type": "string", "format": "uuid", "title": "Booking Id"}
TIME_PROPERTY = {"type": "string", "format": "date-time", "title": "Starts At"}


def schema(properties: dict[str, dict[str, Any]], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "title": "Booked", "properties": properties, "required": required}


V1 = schema(
    {"booking_id": UUID_PROPERTY, "starts_at": TIME_PROPERTY}, required=["booking_id", "starts_at"]
)


def v1_with(name: str, property_: dict[str, Any], *, required: bool = False) -> dict[str, Any]:
    return schema(
        {**V1["properties"], name: property_},
        required=V1["required"] + ([name] if required else []),
    )


def test_an_unchanged_schema_has_no_breaking_changes() -> None:
    assert breaking_changes(V1, json.loads(json.dumps(V1))) == []


def test_a_removed_field_is_breaking() -> None:
    v2 = schema({"booking_id": UUID_PROPERTY}, required=["booking_id"])

    assert breaking_changes(V1, v2) == ["property 'starts_at' was removed"]


def test_a_new_optional_field_is_not_breaking() -> None:
    v2 = v1_with("language", {"type": "string", "default": "sv"})

    assert breaking_changes(V1, v2) == []


def test_a_new_required_field_is_breaking() -> None:
    v2 = v1_with("language", {"type": "string"}, required=True)

    assert breaking_changes(V1, v2) == ["new property 'language' is required"]


def test_an_optional_field_becoming_required_is_breaking() -> None:
    old = v1_with("language", {"type": "string", "default": "sv"})
    new = v1_with("language", {"type": "string"}, required=True)

    assert breaking_changes(old, new) == ["property 'language' became required"]


def test_a_required_field_gaining_a_default_is_not_breaking() -> None:
    old = v1_with("language", {"type": "string"}, required=True)
    new = v1_with("language", {"type": "string", "default": "sv"})

    assert breaking_changes(old, new) == []


def test_a_type_change_is_breaking() -> None:
    v2 = v1_with("starts_at", {"type": "integer", "title": "Starts At"}, required=True)

    assert breaking_changes(V1, v2) == [
        "property 'starts_at' changed type from string (date-time) to integer"
    ]


def test_a_format_change_is_breaking() -> None:
    v2 = v1_with("booking_id", {"type": "string", "title": "Booking Id"}, required=True)

    assert breaking_changes(V1, v2) == [
        "property 'booking_id' changed type from string (uuid) to string"
    ]


def test_a_field_becoming_nullable_is_breaking() -> None:
    nullable = {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]}

    assert breaking_changes(V1, v1_with("starts_at", nullable, required=True)) == [
        "property 'starts_at' changed type from string (date-time) to null | string (date-time)"
    ]


def test_a_change_of_list_item_type_is_breaking() -> None:
    old = v1_with("counts", {"type": "array", "items": {"type": "integer"}})
    new = v1_with("counts", {"type": "array", "items": {"type": "string"}})

    assert breaking_changes(old, new) == [
        "property 'counts' changed type from array of integer to array of string"
    ]


def test_descriptions_titles_and_examples_may_change() -> None:
    documented = {
        **TIME_PROPERTY,
        "title": "Start",
        "description": "When.",
        "examples": ["2026-12-01T07:00:00Z"],
    }

    assert breaking_changes(V1, v1_with("starts_at", documented, required=True)) == []


# --- no personal data in events --------------------------------------------------------------

PERSONAL_WORDS = frozenset({"name", "email", "phone", "address", "ssn", "message", "text"})
PERSONAL_PHRASES = ("identity_code", "personal_id", "free_text", "first_name", "last_name")


# Fields whose names read like personal data but that carry public facts, each reviewed:
# an activity's public name, the unit meeting a family, and a public place (a meeting
# point's address, a digital meeting's link), never a person's.
DESCRIBED_BOOKINGS = ("SlotBooked", "BookingCancelled", "BookingRescheduled", "WaitlistPromoted")
REVIEWED_PUBLIC_FIELDS = frozenset(
    {
        *(
            (event, field)
            for event in DESCRIBED_BOOKINGS
            for field in ("activity_name", "organizer_name")
        ),
        ("MeetingPointOpened", "street_address"),
        ("MeetingPointChanged", "street_address"),
        ("PublicPlace", "name"),
        ("PublicPlace", "street_address"),
    }
)


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's type holds (`PublicPlace | None`, `list[FamilyChild]`)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _nested_models(arg)]


def personal_data_fields(model: type[BaseModel]) -> list[str]:
    """Fields (by name or alias) whose name suggests a person's data or a family's words, in
    the model and the models it holds (those as `Model.field`), unless reviewed as public."""
    suspicious = []
    for name, field in model.model_fields.items():
        for spelling in filter(None, (name, field.alias)):
            snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", spelling).lower()
            words = set(re.split(r"[^a-z0-9]+", snake))
            personal = words & PERSONAL_WORDS or any(p in snake for p in PERSONAL_PHRASES)
            if personal and (model.__name__, spelling) not in REVIEWED_PUBLIC_FIELDS:
                suspicious.append(spelling)
        for nested in _nested_models(field.annotation):
            suspicious += [f"{nested.__name__}.{found}" for found in personal_data_fields(nested)]
    return suspicious


@by_type
def test_no_event_carries_a_field_named_like_personal_data(event: type[DomainEvent]) -> None:
    assert personal_data_fields(event) == []


def test_the_personal_data_check_recognises_such_fields() -> None:
    class LeakyEvent(BaseModel):
        booking_id: UUID
        municipality_code: str
        form_type: str
        guardian_email: str
        identity_code: str
        family_text: str = Field(alias="freeText")
        child: str = Field(alias="firstName")

    assert personal_data_fields(LeakyEvent) == [
        "guardian_email",
        "identity_code",
        "family_text",
        "freeText",
        "firstName",
    ]


def test_the_check_looks_into_the_models_an_event_holds() -> None:
    class Contact(BaseModel):
        phone: str

    class LeakyEvent(BaseModel):
        booking_id: UUID
        contact: Contact | None = None
        contacts: list[Contact] = []

    assert personal_data_fields(LeakyEvent) == ["Contact.phone", "Contact.phone"]


def test_a_reviewed_public_field_passes_only_on_its_own_model() -> None:
    class SlotBooked(BaseModel):
        activity_name: str

    class FormSubmitted(BaseModel):
        activity_name: str

    assert personal_data_fields(SlotBooked) == []
    assert personal_data_fields(FormSubmitted) == ["activity_name"]
