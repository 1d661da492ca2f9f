"""Over the broker: what a youth did for themselves reaches only them, never a guardian;
a letter about a child's booking reaches both guardians who manage the child."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import Stack, eventually, publish_as_owner
from familjecentret.testing.booking import slot_booked
from familjecentret.testing.probes import handled
from fc_shared.events import FamilyChanged, FamilyChild, SlotBooked

STARTS = datetime(2027, 4, 1, 12, 0, tzinfo=UTC)


async def inbox(stack: Stack, person: UUID) -> list[dict[str, Any]]:
    response = await stack.client.get(
        stack.url("notify", "/v1/notifications"), headers=stack.auth("guardian", subject=person)
    )
    assert response.status_code == 200, response.text
    letters: list[dict[str, Any]] = response.json()
    return letters


async def family(stack: Stack) -> tuple[UUID, UUID, UUID, UUID]:
    """Two guardians and a child who signs in as a youth, as network announces them."""
    first, second, child, youth = uuid4(), uuid4(), uuid4(), uuid4()
    envelope = await publish_as_owner(
        stack,
        FamilyChanged(
            family_id=uuid4(),
            revision=1,
            guardians=[first, second],
            children=[FamilyChild(child_id=child, birth_date="2011-05-01", subject=youth)],
        ),
    )
    await handled(stack, "notify", "notify.families", envelope.id)
    return first, second, child, youth


def booking(booked_by: UUID, booked_as: str, child: UUID) -> SlotBooked:
    return slot_booked(
        booked_by,
        STARTS,
        booked_as=booked_as,
        child_ids=[child],
        activity_name="Ungdomsmottagningen",
    )


async def test_a_youths_own_booking_reaches_no_guardian(stack: Stack) -> None:
    first, second, child, youth = await family(stack)
    own = await publish_as_owner(stack, booking(youth, "youth", child))
    await handled(stack, "notify", "notify.bookings", own.id)

    assert [letter["kind"] for letter in await inbox(stack, youth)] == ["booking_confirmed"]
    assert await inbox(stack, first) == []
    assert await inbox(stack, second) == []


async def test_a_childs_booking_reaches_both_guardians(stack: Stack) -> None:
    first, second, child, youth = await family(stack)
    await publish_as_owner(stack, booking(first, "guardian", child))

    await eventually(lambda: inbox(stack, second), what="the other guardian's letter")
    assert [letter["kind"] for letter in await inbox(stack, first)] == ["booking_confirmed"]
    assert await inbox(stack, youth) == []
