"""Analysts read the event stream: no name, contact detail or free text may be on it."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

from familjecentret.testing import (
    Record,
    Stack,
    eventually,
    family_with_referral_consent,
    future_slot,
    open_case_for,
    open_meeting_point,
    read_all_topics,
    read_topic,
    register_email,
    room_for,
)
from fc_shared.events import (
    ALL_EVENTS,
    PublicPlace,
    ResponsiblePersonAssigned,
    SlotBooked,
    topic_contract,
)

SECRETS = (
    "Siv Sjöström",
    "siv.sjostrom@example.fi",
    "+358401112223",
    "Havsgatan 9",
    "Vi orkar inte längre",
    "Pappan dricker",
    "Ilona",
)


async def test_no_event_on_any_topic_carries_personal_data(stack: Stack) -> None:
    guardian, professional, receiver = uuid4(), uuid4(), uuid4()
    guardian_headers = stack.auth("guardian", subject=guardian)
    family_id = await family_with_referral_consent(
        stack, professional, email=SECRETS[1], phone=SECRETS[2], address=SECRETS[3]
    )
    family = await stack.client.post(
        stack.url("network", "/v1/families"),
        headers=guardian_headers,
        json={
            "guardians": [
                {
                    "name": SECRETS[0],
                    "email": SECRETS[1],
                    "phone": SECRETS[2],
                    "address": SECRETS[3],
                }
            ],
            "children": [{"name": SECRETS[6], "birth_date": "2020-02-02"}],
        },
    )
    case_id = (
        await open_case_for(stack, family.json()["id"], guardian=guardian, professional=receiver)
    )["id"]
    referral = await stack.client.post(
        stack.url("network", "/v1/referrals"),
        headers=stack.auth("professional", subject=professional),
        json={
            "family_id": family_id,
            "referred_to": str(receiver),
            "reason_category": "substance_use_prevention",
            "message": SECRETS[5],
        },
    )
    submission = await stack.client.post(
        stack.url("forms", "/v1/submissions"),
        headers=guardian_headers,
        json={
            "form_type": "contact-request",
            "municipality_code": "905",
            "answers": {
                "topic": "mental_wellbeing",
                "preferred_contact": "email",
                "message": SECRETS[4],
            },
        },
    )
    await register_email(stack, guardian_headers)
    room = await room_for(stack, (await open_meeting_point(stack))["id"])
    slot = await future_slot(stack, room["id"])
    booking = await stack.client.post(
        stack.url("booking", "/v1/bookings"), json={"slot_id": slot["id"]}, headers=guardian_headers
    )
    assert [r.status_code for r in (family, referral, submission, booking)] == [201] * 4

    async def all_notified() -> bool:
        inbox = (
            await stack.client.get(
                stack.url("notify", "/v1/notifications"), headers=guardian_headers
            )
        ).json()
        return len(inbox) >= 2  # the receipt and the booking confirmation

    await eventually(all_notified, what="the guardian's notifications")

    def has_case(records: list[Record]) -> bool:
        return any(json.loads(r.value).get("case_id") == case_id for r in records)

    await read_topic(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic(ResponsiblePersonAssigned.TOPIC),
        until=has_case,
    )

    records = await read_all_topics(
        stack.settings.kafka_bootstrap_servers, stack.settings.topic_prefix
    )

    assert {r.topic.removeprefix(stack.settings.topic_prefix) for r in records} >= {
        "network.cases.v1",
        "network.referrals.v1",
        "forms.submissions.v1",
        "booking.bookings.v1",
        "network.meeting-points.v1",
        "network.families.v1",
    }
    for record in records:
        carried: Any = record.value.decode() + json.dumps(record.headers)
        leaked = [secret for secret in SECRETS if secret in carried]
        assert not leaked, f"{record.topic} carries {leaked}"
        assert "@" not in record.value.decode()
        # A child's birth date is on the services-only family topic (booking's age rules),
        # never on a topic analysts read.
        name = record.topic.removeprefix(stack.settings.topic_prefix).removesuffix(".dlt")
        if topic_contract(name).analysts:
            assert "birth_date" not in record.value.decode(), f"{record.topic} has a birth date"

    # What a letter about the booking needs is on the stream, and all of it public: the
    # meeting point's name and address (never the family's), the unit, who booked.
    [booked] = [
        SlotBooked.model_validate_json(r.value)
        for r in records
        if r.headers.get("ce_type") == SlotBooked.TYPE
        # .get: another test's malformed SlotBooked sits in the dead-letter topic.
        and json.loads(r.value).get("booking_id") == booking.json()["id"]
    ]
    assert booked.place == PublicPlace(name="Träffpunkten", street_address="Torget 1")
    assert (booked.booked_as, booked.organizer_name) == ("guardian", "Träffpunkten")


def test_only_services_read_the_topic_that_carries_birth_dates() -> None:
    personal = {
        field
        for event in ALL_EVENTS
        for field in event.model_json_schema()
        .get("$defs", {})
        .get("FamilyChild", {})
        .get("properties", {})
    }
    carrying = {
        event.TOPIC for event in ALL_EVENTS if "birth_date" in json.dumps(event.model_json_schema())
    }

    assert "birth_date" in personal
    assert carrying == {"network.families.v1"}
    assert not any(topic_contract(topic).analysts for topic in carrying)
