"""The four cross-service flows, over HTTP, PostgreSQL and the Kafka-protocol broker."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

from familjecentret.operations import seed_reference_data
from familjecentret.testing import (
    Stack,
    eventually,
    family_with_referral_consent,
    future_slot,
    helsinki_time,
    letters_to,
    open_case_for,
    open_meeting_point,
    reference_of,
    register_email,
    room_for,
    text_of,
)


async def test_opening_a_meeting_point_gives_booking_a_bookable_room(stack: Stack) -> None:
    point = await open_meeting_point(stack, municipality="545")

    room = await room_for(stack, point["id"])

    assert room["kind"] == "room"
    assert room["municipality_code"] == "545"
    assert room["audience_bands"] == ["small_children", "school_children", "youth"]
    assert room["name"] == point["name"]  # a room a family can tell apart from the others


async def test_booking_a_slot_sends_one_confirmation_and_an_inbox_notification(
    stack: Stack,
) -> None:
    room = await room_for(stack, (await open_meeting_point(stack))["id"])
    slot = await future_slot(stack, room["id"])
    guardian = stack.auth("guardian")
    address = await register_email(stack, guardian, language="fi")

    response = await stack.client.post(
        stack.url("booking", "/v1/bookings"), json={"slot_id": slot["id"]}, headers=guardian
    )

    assert response.status_code == 201, response.text
    booking = response.json()

    async def mail() -> list[Any]:
        return letters_to(stack, address)

    messages = await eventually(mail, what="the confirmation e-mail")
    assert messages[0]["Subject"] == "Varauksesi on vahvistettu"
    assert reference_of(booking["id"]) in text_of(messages[0])
    inbox = (
        await stack.client.get(stack.url("notify", "/v1/notifications"), headers=guardian)
    ).json()
    assert [item["kind"] for item in inbox] == ["booking_confirmed"]


async def test_a_family_promoted_from_the_waitlist_is_told_it_has_a_place(stack: Stack) -> None:
    room = await room_for(stack, (await open_meeting_point(stack))["id"])
    slot = await future_slot(stack, room["id"], capacity=1)
    first, second = stack.auth("guardian"), stack.auth("guardian")
    address = await register_email(stack, second, language="en")
    booked = (
        await stack.client.post(
            stack.url("booking", "/v1/bookings"), json={"slot_id": slot["id"]}, headers=first
        )
    ).json()
    queued = await stack.client.post(
        stack.url("booking", "/v1/bookings"), json={"slot_id": slot["id"]}, headers=second
    )
    assert queued.status_code == 202

    await stack.client.post(
        stack.url("booking", f"/v1/bookings/{booked['id']}/cancel"), headers=first
    )

    async def mail() -> list[Any]:
        return letters_to(stack, address)

    [message] = await eventually(mail, what="the promotion e-mail")
    assert message["Subject"] == "You have a place"
    assert reference_of(queued.json()["id"]) in text_of(message)

    async def first_inbox() -> list[str] | None:
        inbox = (
            await stack.client.get(stack.url("notify", "/v1/notifications"), headers=first)
        ).json()
        return [item["kind"] for item in inbox] or None

    # A family's own cancellation brings no letter; only the booking's confirmation is there.
    assert await eventually(first_inbox, what="the first family's inbox") == ["booking_confirmed"]


async def test_a_submitted_contact_request_gets_a_receipt(stack: Stack) -> None:
    family = stack.auth("guardian")
    address = await register_email(stack, family)

    response = await stack.client.post(
        stack.url("forms", "/v1/submissions"),
        json={
            "form_type": "contact-request",
            "municipality_code": "905",
            "answers": {
                "topic": "parenting",
                "preferred_contact": "email",
                "message": "Vi behöver stöd i vardagen.",
            },
        },
        headers=family,
    )

    assert response.status_code == 201, response.text
    receipt_number = response.json()["receipt_number"]

    async def mail() -> list[Any]:
        return letters_to(stack, address)

    receipt = (await eventually(mail, what="the receipt"))[0]
    # A form tells that a family is a client of family services: the e-mail says only that
    # a message waits; the inbox letter gives the receipt number the family was given, not
    # the submission's UUID.
    assert receipt_number not in text_of(receipt)
    inbox = (
        await stack.client.get(stack.url("notify", "/v1/notifications"), headers=family)
    ).json()
    [letter] = [item for item in inbox if item["kind"] == "form_receipt"]
    assert receipt_number in letter["body"]
    assert response.json()["id"] not in letter["body"]


async def test_a_referral_tells_the_receiving_professional(stack: Stack) -> None:
    receiver = uuid4()
    receiver_headers = stack.auth("professional", subject=receiver)
    address = await register_email(stack, receiver_headers)

    referrer = uuid4()
    family_id = await family_with_referral_consent(stack, referrer)

    response = await stack.client.post(
        stack.url("network", "/v1/referrals"),
        json={
            "family_id": family_id,
            "referred_to": str(receiver),
            "reason_category": "parenting_support",
            "urgency": "soon",
            "message": "Familjen önskar stöd.",
        },
        headers=stack.auth("professional", subject=referrer),
    )

    assert response.status_code == 201, response.text

    async def inbox() -> list[Any]:
        response = await stack.client.get(
            stack.url("notify", "/v1/notifications"), headers=receiver_headers
        )
        items: list[Any] = response.json()
        return items

    items = await eventually(inbox, what="the receiver's notification")
    assert items[0]["kind"] == "referral_received"

    async def mail() -> list[Any]:
        return letters_to(stack, address)

    # A referral is client data: the e-mail says only that a message waits in the family
    # centre; the inbox letter, behind the professional's login, says what it is about.
    [letter] = await eventually(mail, what="the referral e-mail")
    assert "remiss" not in text_of(letter).lower()
    assert items[0]["subject_line"] == "Ny remiss till dig"


async def test_a_referral_without_the_familys_consent_is_refused(stack: Stack) -> None:
    consented, responsible_only, other_guardian = uuid4(), uuid4(), uuid4()
    family_id = await family_with_referral_consent(stack, consented)
    other_family = await stack.client.post(
        stack.url("network", "/v1/families"),
        json={"guardians": [{"name": "Bo"}]},
        headers=stack.auth("guardian", subject=other_guardian),
    )
    await open_case_for(
        stack, other_family.json()["id"], guardian=other_guardian, professional=responsible_only
    )

    by_stranger = await stack.client.post(
        stack.url("network", "/v1/referrals"),
        json={
            "family_id": family_id,
            "referred_to": str(uuid4()),
            "reason_category": "parenting_support",
        },
        headers=stack.auth("professional"),
    )
    without_consent = await stack.client.post(
        stack.url("network", "/v1/referrals"),
        json={
            "family_id": other_family.json()["id"],
            "referred_to": str(uuid4()),
            "reason_category": "parenting_support",
        },
        headers=stack.auth("professional", subject=responsible_only),
    )
    unknown_family = await stack.client.post(
        stack.url("network", "/v1/referrals"),
        json={
            "family_id": str(uuid4()),
            "referred_to": str(uuid4()),
            "reason_category": "parenting_support",
        },
        headers=stack.auth("professional", subject=consented),
    )

    for refused in (by_stranger, without_consent):
        assert refused.status_code == 422
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["title"] == "Consent missing"
    assert unknown_family.json()["title"] == "Unknown family"
    log = await stack.client.get(
        stack.url("network", f"/v1/families/{other_family.json()['id']}/access-log"),
        headers=stack.auth("guardian", subject=other_guardian),
    )
    assert [
        (e["actor"], e["action"], e["allowed"]) for e in log.json() if e["action"] == "refer"
    ] == [(str(responsible_only), "refer", False)]


async def test_each_of_the_twelve_seeded_meeting_points_has_a_room_in_booking(stack: Stack) -> None:
    points = (await stack.client.get(stack.url("network", "/v1/meeting-points"))).json()
    seeded = [p for p in points if p["name"].startswith("Familjecentrets träffpunkt i ")]
    assert len({p["municipality_code"] for p in seeded}) == 12

    for point in seeded:
        room = await room_for(stack, point["id"])
        assert room["municipality_code"] == point["municipality_code"]
        assert room["name"] == point["name"]


async def test_seeding_again_opens_no_second_meeting_point(stack: Stack) -> None:
    before = (await stack.client.get(stack.url("network", "/v1/meeting-points"))).json()

    await seed_reference_data(stack.settings)

    after = (await stack.client.get(stack.url("network", "/v1/meeting-points"))).json()
    assert len(after) == len(before)


async def test_the_meeting_points_responsible_person_manages_its_room(stack: Stack) -> None:
    opener, successor = uuid4(), uuid4()
    point = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        json={
            "municipality_code": "893",
            "name": "Träffpunkten i Nykarleby",
            "address": "Topeliusgatan 1",
        },
        headers=stack.auth("coordinator", subject=opener),
    )
    assert point.status_code == 201, point.text
    room = await room_for(stack, point.json()["id"])

    async def slot_by(subject: UUID, days: int) -> int:
        starts = helsinki_time(days, 10)
        response = await stack.client.post(
            stack.url("booking", "/v1/slots"),
            json={
                "resource_id": room["id"],
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=1)).isoformat(),
            },
            headers=stack.auth("coordinator", subject=subject),
        )
        return response.status_code

    async def managed_by_opener() -> bool:
        return await slot_by(opener, 3) == 201

    await eventually(managed_by_opener, what="the opener to manage the room")
    assert await slot_by(successor, 4) == 403

    point_url = stack.url("network", f"/v1/meeting-points/{point.json()['id']}")
    read = await stack.client.get(point_url)
    handover = await stack.client.patch(
        point_url,
        json={"responsible_person": str(successor)},
        headers={**stack.auth("coordinator", subject=opener), "If-Match": read.headers["ETag"]},
    )
    assert handover.status_code == 200, handover.text

    async def handed_over() -> bool:
        return await slot_by(successor, 5) == 201

    await eventually(handed_over, what="the successor to manage the room")
    assert await slot_by(opener, 6) == 403
