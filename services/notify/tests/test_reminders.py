"""Over the broker and HTTP, with the scheduler run at times the test chooses: a booking's
reminder falls due at the lead time before it and is sent once; a cancelled booking's
never; a moved booking's at the new time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import (
    Stack,
    another_notify,
    eventually,
    publish_as_owner,
    register_email,
    run_scheduler,
)
from familjecentret.testing.booking import slot_booked
from familjecentret.testing.probes import handled
from fc_shared.events import BookingCancelled, BookingRescheduled, SlotBooked

# Far enough ahead that the real time never reaches it while the suite runs.
STARTS = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)
LEAD = timedelta(hours=24)  # the default lead


def booked(guardian: UUID, starts_at: datetime = STARTS, **extra: Any) -> SlotBooked:
    return slot_booked(
        guardian,
        starts_at,
        activity="appointment",
        activity_name="Familjerådgivning",
        **extra,
    )


async def letters(stack: Stack, headers: dict[str, str], kind: str) -> list[dict[str, Any]]:
    response = await stack.client.get(stack.url("notify", "/v1/notifications"), headers=headers)
    assert response.status_code == 200, response.text
    return [letter for letter in response.json() if letter["kind"] == kind]


async def confirmed_letter(stack: Stack, headers: dict[str, str]) -> list[dict[str, Any]]:
    return await letters(stack, headers, "booking_confirmed")


async def test_a_reminder_is_sent_once_at_the_lead_time(stack: Stack, clock: None) -> None:
    guardian = uuid4()
    headers = stack.auth("guardian", subject=guardian)
    address = await register_email(stack, headers)
    await publish_as_owner(stack, booked(guardian))
    await eventually(lambda: confirmed_letter(stack, headers), what="the confirmation")

    await run_scheduler(stack, STARTS - LEAD - timedelta(minutes=1))
    assert await letters(stack, headers, "booking_reminder") == []

    # At the due time two replicas run their passes at once (and each one's own background
    # dispatcher on the same clock): one of them writes it; later runs find nothing more.
    async with another_notify(stack) as replica:
        await asyncio.gather(
            run_scheduler(stack, STARTS - LEAD),
            run_scheduler(stack, STARTS - LEAD, replica=replica),
        )
        await eventually(lambda: letters(stack, headers, "booking_reminder"), what="the reminder")
        await asyncio.gather(
            run_scheduler(stack, STARTS - LEAD + timedelta(hours=1)),
            run_scheduler(stack, STARTS - timedelta(minutes=1), replica=replica),
        )

    [reminder] = await letters(stack, headers, "booking_reminder")

    async def delivered() -> list[dict[str, Any]] | None:
        response = await stack.client.get(
            stack.url("notify", f"/v1/notifications/{reminder['id']}/deliveries"),
            headers=headers,
        )
        found: list[dict[str, Any]] = response.json()
        return found if found and found[0]["status"] == "delivered" else None

    deliveries = await eventually(delivered, what="the reminder's e-mail")
    assert [(d["channel"], d["status"], d["attempts"]) for d in deliveries] == [
        ("email", "delivered", 1)
    ]
    # The code, the confirmation and the reminder: one e-mail each.
    subjects = [mail["Subject"] for mail in stack.mail_to(address)]
    assert len(subjects) == 3, subjects


async def test_a_cancelled_bookings_reminder_is_never_sent(stack: Stack, clock: None) -> None:
    guardian = uuid4()
    headers = stack.auth("guardian", subject=guardian)
    booking = booked(guardian)
    await publish_as_owner(stack, booking)
    cancellation = await publish_as_owner(
        stack,
        BookingCancelled(
            booking_id=booking.booking_id,
            slot_id=booking.slot_id,
            resource_id=booking.resource_id,
            booked_by=guardian,
            municipality_code="905",
            starts_at=STARTS,
            late=False,
            by_staff=False,
        ),
    )
    await eventually(lambda: confirmed_letter(stack, headers), what="the confirmation")
    await handled(stack, "notify", "notify.cancellations", cancellation.id)

    await run_scheduler(stack, STARTS - LEAD)
    await run_scheduler(stack, STARTS - timedelta(minutes=5))

    assert await letters(stack, headers, "booking_reminder") == []


async def test_a_moved_bookings_reminder_comes_at_the_new_time(stack: Stack, clock: None) -> None:
    guardian = uuid4()
    headers = stack.auth("guardian", subject=guardian)
    booking = booked(guardian)
    later = STARTS + timedelta(days=3)
    await publish_as_owner(stack, booking)
    await publish_as_owner(
        stack,
        BookingRescheduled(
            booking_id=booking.booking_id,
            booked_by=guardian,
            from_slot_id=booking.slot_id,
            to_slot_id=uuid4(),
            resource_id=booking.resource_id,
            municipality_code="905",
            previous_starts_at=STARTS,
            starts_at=later,
            ends_at=later + timedelta(hours=1),
            booked_as="guardian",
        ),
    )
    await eventually(lambda: letters(stack, headers, "booking_rescheduled"), what="the move")

    await run_scheduler(stack, STARTS - LEAD)
    await run_scheduler(stack, later - LEAD - timedelta(minutes=1))
    assert await letters(stack, headers, "booking_reminder") == []

    await run_scheduler(stack, later - LEAD)
    await eventually(lambda: letters(stack, headers, "booking_reminder"), what="the reminder")
    await run_scheduler(stack, later - timedelta(minutes=1))
    assert len(await letters(stack, headers, "booking_reminder")) == 1
