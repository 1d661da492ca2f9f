"""Over the broker, the SMS sink and HTTP: a number the gateway refuses fails its letter
permanently after one attempt and says so on notify's topic, with ids, kind, channel and
status only; a letter the gateway reports delivered says so too."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import (
    Record,
    Stack,
    confirm_phone,
    eventually,
    new_mobile_number,
    publish_as_owner,
    read_topic,
)
from familjecentret.testing.booking import slot_booked
from fc_shared.events import NotificationFailed, NotificationSent, SlotBooked

STARTS = datetime(2027, 7, 1, 9, 0, tzinfo=UTC)


async def the_sms(stack: Stack, person: UUID) -> dict[str, Any] | None:
    headers = stack.auth("guardian", subject=person)
    letters = (
        await stack.client.get(stack.url("notify", "/v1/notifications"), headers=headers)
    ).json()
    if not letters:
        return None
    response = await stack.client.get(
        stack.url("notify", f"/v1/notifications/{letters[0]['id']}/deliveries"), headers=headers
    )
    found = [d for d in response.json() if d["channel"] == "sms"]
    return found[0] if found and found[0]["status"] not in ("queued", "sending") else None


def booked(person: UUID) -> SlotBooked:
    return slot_booked(person, STARTS)


async def outcome_on_topic(stack: Stack, delivery_id: str, event_type: str) -> dict[str, Any]:
    def arrived(records: list[Record]) -> bool:
        return any(_is(record, delivery_id, event_type) for record in records)

    records = await read_topic(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic(NotificationSent.TOPIC),
        until=arrived,
    )
    [record] = [record for record in records if _is(record, delivery_id, event_type)]
    data: dict[str, Any] = json.loads(record.value)
    return data


def _is(record: Record, delivery_id: str, event_type: str) -> bool:
    return (
        record.headers.get("ce_type") == event_type
        and json.loads(record.value).get("delivery_id") == delivery_id
    )


async def test_a_refused_number_fails_permanently_and_says_so_on_the_topic(stack: Stack) -> None:
    assert stack.sms is not None
    person = uuid4()
    number = new_mobile_number()
    await confirm_phone(stack, stack.auth("guardian", subject=person), number)
    stack.sms.refuse(number)

    await publish_as_owner(stack, booked(person))
    sms = await eventually(lambda: the_sms(stack, person), what="the refused SMS's outcome")

    assert (sms["status"], sms["attempts"]) == ("failed_permanently", 1)
    event = await outcome_on_topic(stack, sms["id"], NotificationFailed.TYPE)
    assert set(event) == {
        "notification_id",
        "delivery_id",
        "kind",
        "channel",
        "status",
        "attempts",
    }
    assert (event["kind"], event["channel"], event["status"]) == (
        "booking_confirmed",
        "sms",
        "failed_permanently",
    )
    assert number.removeprefix("+") not in json.dumps(event)


async def test_a_delivered_sms_says_so_on_the_topic(stack: Stack) -> None:
    person = uuid4()
    number = new_mobile_number()
    await confirm_phone(stack, stack.auth("guardian", subject=person), number)

    await publish_as_owner(stack, booked(person))
    sms = await eventually(lambda: the_sms(stack, person), what="the SMS's delivery report")

    assert (sms["status"], sms["attempts"]) == ("delivered", 1)
    event = await outcome_on_topic(stack, sms["id"], NotificationSent.TYPE)
    assert (event["channel"], event["status"]) == ("sms", "delivered")
