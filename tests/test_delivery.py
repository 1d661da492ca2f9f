"""Delivery guarantees on the real broker: the envelope, replay, poison messages, one trace."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

from sqlalchemy import text

from familjecentret.testing import (
    Record,
    Stack,
    eventually,
    future_slot,
    open_meeting_point,
    produce,
    read_topic,
    reference_of,
    register_email,
    room_for,
    text_of,
)
from fc_shared.bus import dead_letter_topic
from fc_shared.db import create_engine
from fc_shared.events import AttendanceRecorded, FormSubmitted, SlotBooked


async def book(stack: Stack, headers: dict[str, str], **extra_headers: str) -> dict[str, Any]:
    room = await room_for(stack, (await open_meeting_point(stack))["id"])
    slot = await future_slot(stack, room["id"])
    response = await stack.client.post(
        stack.url("booking", "/v1/bookings"),
        json={"slot_id": slot["id"]},
        headers={**headers, **extra_headers},
    )
    assert response.status_code == 201, response.text
    booking: dict[str, Any] = response.json()
    return booking


def has_booking(booking_id: str) -> Any:
    def check(records: list[Record]) -> bool:
        return any(json.loads(record.value).get("booking_id") == booking_id for record in records)

    return check


async def published_booking(
    stack: Stack, guardian: dict[str, str]
) -> tuple[dict[str, Any], Record]:
    """Book a slot and read its SlotBooked record back from the broker."""
    booking = await book(stack, guardian)
    records = await read_topic(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic(SlotBooked.TOPIC),
        until=has_booking(booking["id"]),
    )
    record = next(r for r in records if json.loads(r.value)["booking_id"] == booking["id"])
    return booking, record


async def test_slot_booked_is_a_cloudevent_with_ids_only(stack: Stack) -> None:
    guardian = stack.auth("guardian")
    address = await register_email(stack, guardian)

    booking, record = await published_booking(stack, guardian)

    assert record.headers["ce_type"] == SlotBooked.TYPE
    assert record.headers["ce_specversion"] == "1.0"
    assert record.headers["ce_source"] == "/booking"
    assert record.headers["traceparent"].startswith("00-")
    assert record.key == booking["id"].encode()
    data = SlotBooked.model_validate_json(record.value)
    assert str(data.slot_id) == booking["slot_id"]
    assert address.encode() not in record.value
    assert b"@" not in record.value


async def test_a_replayed_event_changes_nothing(stack: Stack) -> None:
    guardian = stack.auth("guardian")
    address = await register_email(stack, guardian)
    booking, original = await published_booking(stack, guardian)
    topic = stack.settings.topic(SlotBooked.TOPIC)

    async def mail() -> list[Any]:
        return stack.mail_to(address)

    await eventually(mail, what="the first confirmation")
    for _ in range(3):
        await produce(
            stack.settings.kafka_bootstrap_servers,
            topic,
            key=original.key,
            headers=original.headers,
            value=original.value,
        )
    # A marker event after the replays: once it is handled, the replays were handled too.
    marker = await book(stack, guardian)

    async def marker_notified() -> bool:
        inbox = (
            await stack.client.get(stack.url("notify", "/v1/notifications"), headers=guardian)
        ).json()
        return len(inbox) >= 2

    await eventually(marker_notified, what="the marker booking's notification")
    inbox = (
        await stack.client.get(stack.url("notify", "/v1/notifications"), headers=guardian)
    ).json()
    reference = reference_of(booking["id"])
    assert sorted(reference in item["body"] for item in inbox) == [False, True]
    assert sum(reference in text_of(m) for m in stack.mail_to(address)) == 1
    assert marker["id"] != booking["id"]


async def test_a_poison_message_goes_to_the_dead_letter_topic_and_the_rest_flows_on(
    stack: Stack,
) -> None:
    topic = stack.settings.topic(FormSubmitted.TOPIC)
    poison_id = str(uuid4())
    await produce(
        stack.settings.kafka_bootstrap_servers,
        topic,
        key=b"poison",
        headers={
            "ce_id": poison_id,
            "ce_type": FormSubmitted.TYPE,
            "ce_source": "/forms",
            "ce_specversion": "1.0",
            "ce_time": "2026-11-23T10:00:00+00:00",
        },
        value=b'{"submission_id": "not a uuid"}',
    )

    def has_poison(records: list[Record]) -> bool:
        return any(record.headers.get("ce_id") == poison_id for record in records)

    dead = await read_topic(
        stack.settings.kafka_bootstrap_servers, dead_letter_topic(topic), until=has_poison
    )
    letter = next(record for record in dead if record.headers.get("ce_id") == poison_id)
    assert "submission_id" in letter.headers["dlt_error"]
    assert letter.headers["dlt_original_topic"] == topic

    family = stack.auth("guardian")
    address = await register_email(stack, family)
    response = await stack.client.post(
        stack.url("forms", "/v1/submissions"),
        json={
            "form_type": "contact-request",
            "municipality_code": "905",
            "answers": {"topic": "leisure", "preferred_contact": "in_app", "message": "Hej"},
        },
        headers=family,
    )
    assert response.status_code == 201

    async def mail() -> list[Any]:
        return stack.mail_to(address)

    await eventually(mail, what="a receipt after the poison message")


async def test_an_event_type_the_subscriber_does_not_handle_is_skipped_not_dead_lettered(
    stack: Stack,
) -> None:
    # Notify reads the bookings topic and handles every type on it but attendance.
    topic = stack.settings.topic(SlotBooked.TOPIC)
    other_id, poison_id = str(uuid4()), str(uuid4())
    envelope = {
        "ce_source": "/booking",
        "ce_specversion": "1.0",
        "ce_time": "2026-11-23T10:00:00+00:00",
    }
    # Same key, same partition: the poison message is handled after the other event.
    await produce(
        stack.settings.kafka_bootstrap_servers,
        topic,
        key=b"same",
        value=b"{}",
        headers={
            **envelope,
            "ce_id": other_id,
            "ce_type": AttendanceRecorded.TYPE,
        },
    )
    await produce(
        stack.settings.kafka_bootstrap_servers,
        topic,
        key=b"same",
        value=b"{}",
        headers={**envelope, "ce_id": poison_id, "ce_type": SlotBooked.TYPE},
    )

    def has_poison(records: list[Record]) -> bool:
        return any(record.headers.get("ce_id") == poison_id for record in records)

    dead = await read_topic(
        stack.settings.kafka_bootstrap_servers, dead_letter_topic(topic), until=has_poison
    )
    assert other_id not in {record.headers.get("ce_id") for record in dead}


async def test_http_request_outbox_kafka_and_consumer_share_one_trace(stack: Stack) -> None:
    trace_id = uuid4().hex
    guardian = stack.auth("guardian")
    booking = await book(stack, guardian, traceparent=f"00-{trace_id}-{'1' * 16}-01")

    engine = create_engine(stack.settings, "notify")
    try:

        async def traced() -> str | None:
            async with engine.connect() as connection:
                found: str | None = await connection.scalar(
                    text(
                        "SELECT inbox.trace_id FROM inbox JOIN notifications n "
                        "ON n.event_id = inbox.event_id WHERE n.body LIKE :booking"
                    ),
                    {"booking": f"%{booking['id']}%"},
                )
                return found

        assert await eventually(traced, what="notify to handle the booking") == trace_id
    finally:
        await engine.dispose()
