"""An event survives the trip through Kafka headers as a CloudEvents 1.0 binary-mode envelope."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fc_shared.events.contracts import ALL_EVENTS, DomainEvent, SlotBooked, event_type_of
from fc_shared.events.envelope import Envelope

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

any_event = st.sampled_from(ALL_EVENTS).flatmap(st.builds)


def slot_booked() -> SlotBooked:
    return SlotBooked(
        booking_id=uuid4(),
        slot_id=uuid4(),
        resource_id=uuid4(),
        booked_by=uuid4(),
        starts_at=datetime(2026, 12, 1, 7, tzinfo=UTC),
        ends_at=datetime(2026, 12, 1, 8, tzinfo=UTC),
    )


def through_kafka(envelope: Envelope) -> Envelope:
    return Envelope.from_headers(envelope.headers(), envelope.key, envelope.data)


@given(event=any_event)
def test_every_event_comes_back_from_its_headers_unchanged(event: DomainEvent) -> None:
    sent = Envelope.wrap(event, traceparent=TRACEPARENT)

    received = through_kafka(sent)

    assert (received.id, received.type, received.source, received.time) == (
        sent.id,
        event.TYPE,
        event.SOURCE,
        sent.time,
    )
    assert received.traceparent == TRACEPARENT
    assert received.key == event.key()
    assert event_type_of(received.type).model_validate_json(received.data) == event


def test_the_headers_are_cloudevents_binary_mode() -> None:
    headers = Envelope.wrap(slot_booked(), traceparent=TRACEPARENT).headers()

    assert headers["ce_specversion"] == "1.0"
    assert headers["ce_type"] == SlotBooked.TYPE
    assert headers["ce_source"] == SlotBooked.SOURCE
    assert headers["content-type"] == "application/json"
    assert headers["traceparent"] == TRACEPARENT
    UUID(headers["ce_id"])
    assert datetime.fromisoformat(headers["ce_time"]).tzinfo is not None


def test_an_event_without_trace_context_has_no_traceparent() -> None:
    sent = Envelope.wrap(slot_booked())

    assert "traceparent" not in sent.headers()
    assert through_kafka(sent).traceparent is None


def test_the_key_is_the_aggregate_id_so_one_booking_stays_in_order() -> None:
    event = slot_booked()

    assert Envelope.wrap(event).key == str(event.booking_id)


def test_each_wrapped_event_gets_its_own_id() -> None:
    event = slot_booked()

    assert Envelope.wrap(event).id != Envelope.wrap(event).id


@pytest.mark.parametrize("missing", ["ce_id", "ce_type", "ce_source", "ce_time"])
def test_a_message_missing_a_cloudevents_header_is_rejected(missing: str) -> None:
    sent = Envelope.wrap(slot_booked())
    headers = {name: value for name, value in sent.headers().items() if name != missing}

    with pytest.raises((KeyError, ValueError)):
        Envelope.from_headers(headers, sent.key, sent.data)


@pytest.mark.parametrize(("header", "value"), [("ce_id", "not-a-uuid"), ("ce_time", "today")])
def test_a_malformed_header_is_rejected(header: str, value: str) -> None:
    sent = Envelope.wrap(slot_booked())

    with pytest.raises(ValueError, match=r"."):
        Envelope.from_headers({**sent.headers(), header: value}, sent.key, sent.data)


@pytest.mark.parametrize("event", ALL_EVENTS, ids=lambda event: event.TYPE)
def test_event_type_of_finds_every_event_by_its_type(event: type[DomainEvent]) -> None:
    assert event_type_of(event.TYPE) is event


def test_every_event_type_is_unique_and_versioned() -> None:
    types = [event.TYPE for event in ALL_EVENTS]

    assert len(set(types)) == len(types)
    assert all(type_name.startswith("fi.familjecentret.") for type_name in types)
    assert all(type_name.rsplit(".", 1)[-1].startswith("v") for type_name in types)


def test_an_unknown_event_type_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        event_type_of("fi.familjecentret.booking.SlotBooked.v99")
