"""Across forms and booking: a family holds a place in a group activity, fills in the
registration form with the hold, and booking confirms the hold from forms' event."""

from __future__ import annotations

from typing import Any

from familjecentret.testing import Stack, eventually, future_slot, managed_room

REGISTRATION = "group-activity-registration"


async def _status(stack: Stack, booking_id: str, headers: dict[str, str]) -> Any:
    answer = await stack.client.get(
        stack.url("booking", f"/v1/bookings/{booking_id}"), headers=headers
    )
    return answer.json()["status"]


async def test_a_registration_submitted_with_its_hold_confirms_the_booking(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(stack, room["id"], capacity=2, headers=coordinator)
    family = stack.auth("guardian")
    hold = await stack.client.post(
        stack.url("booking", "/v1/holds"), json={"slot_id": slot["id"]}, headers=family
    )
    assert hold.status_code == 201, hold.text

    sent = await stack.client.post(
        stack.url("forms", "/v1/submissions"),
        json={
            "form_type": REGISTRATION,
            "municipality_code": "905",
            "hold_id": hold.json()["id"],
            "answers": {"participant_count": 2, "photo_permission": False},
        },
        headers=family,
    )
    assert sent.status_code == 201, sent.text

    async def confirmed() -> bool:
        return bool(await _status(stack, hold.json()["id"], family) == "confirmed")

    await eventually(confirmed, what="booking to confirm the hold from the registration")


async def test_a_registration_with_someone_elses_hold_confirms_nothing(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(stack, room["id"], capacity=2, headers=coordinator)
    holder, other = stack.auth("guardian"), stack.auth("guardian")
    hold = await stack.client.post(
        stack.url("booking", "/v1/holds"), json={"slot_id": slot["id"]}, headers=holder
    )
    body = {
        "form_type": REGISTRATION,
        "municipality_code": "905",
        "hold_id": hold.json()["id"],
        "answers": {"participant_count": 1, "photo_permission": True},
    }
    sent = await stack.client.post(stack.url("forms", "/v1/submissions"), json=body, headers=other)
    assert sent.status_code == 201, sent.text

    # The hold is not the submitter's: it lapses as any unconfirmed hold does.
    async def lapsed() -> bool:
        return bool(await _status(stack, hold.json()["id"], holder) == "lapsed")

    await eventually(lapsed, what="the hold to lapse unconfirmed")
