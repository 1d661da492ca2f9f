"""Over the broker, the SMS sink and HTTP, with the scheduler at times the test chooses: an
SMS falling due at 23:00 goes at the end of the recipient's quiet hours, a critical one at
once; the gateway's delivery report marks it delivered."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from familjecentret.testing import (
    Stack,
    choose,
    confirm_phone,
    eventually,
    new_mobile_number,
    publish_as_owner,
    run_scheduler,
)
from familjecentret.testing.booking import slot_booked
from fc_shared.events import BookingCancelled

HELSINKI = ZoneInfo("Europe/Helsinki")
NIGHT = datetime(2027, 2, 10, 23, 0, tzinfo=HELSINKI)
MORNING = datetime(2027, 2, 11, 7, 0, tzinfo=HELSINKI)
STARTS = datetime(2027, 2, 15, 10, 0, tzinfo=HELSINKI)


async def letter_of(stack: Stack, person: UUID, kind: str) -> dict[str, Any] | None:
    response = await stack.client.get(
        stack.url("notify", "/v1/notifications"), headers=stack.auth("guardian", subject=person)
    )
    found = [letter for letter in response.json() if letter["kind"] == kind]
    return found[0] if found else None


async def sms_status(stack: Stack, person: UUID, letter: dict[str, Any]) -> dict[str, Any]:
    response = await stack.client.get(
        stack.url("notify", f"/v1/notifications/{letter['id']}/deliveries"),
        headers=stack.auth("guardian", subject=person),
    )
    [sms] = [d for d in response.json() if d["channel"] == "sms"]
    status: dict[str, Any] = sms
    return status


async def test_an_sms_due_at_23_waits_for_the_morning_and_a_critical_one_goes_at_once(
    stack: Stack, clock: None
) -> None:
    guardian = uuid4()
    headers = stack.auth("guardian", subject=guardian)
    number = new_mobile_number()
    await choose(stack, headers, language="fi", quiet_start="21:00", quiet_end="07:00")
    await confirm_phone(stack, headers, number)
    codes = len(stack.sms_to(number))
    await run_scheduler(stack, NIGHT)
    booking = slot_booked(guardian, STARTS, activity_name="Perhekahvila")
    await publish_as_owner(stack, booking)
    confirmation = await eventually(
        lambda: letter_of(stack, guardian, "booking_confirmed"), what="the confirmation"
    )

    await run_scheduler(stack, NIGHT + timedelta(minutes=1))
    held = await sms_status(stack, guardian, confirmation)

    assert len(stack.sms_to(number)) == codes
    assert held["status"] == "queued"
    assert held["attempts"] == 0
    assert datetime.fromisoformat(held["due_at"]) == MORNING

    await run_scheduler(stack, MORNING - timedelta(minutes=1))
    assert len(stack.sms_to(number)) == codes
    # From here on the background dispatcher of the service may send it as well as this
    # run: whichever does, it is sent once.
    await run_scheduler(stack, MORNING)

    async def sent() -> bool:
        return len(stack.sms_to(number)) > codes

    await eventually(sent, what="the SMS at 07:00")
    assert len(stack.sms_to(number)) == codes + 1
    assert "15.2. klo 10.00" in stack.sms_to(number)[-1].text  # the time, in Helsinki

    async def delivered() -> bool:
        return bool((await sms_status(stack, guardian, confirmation))["status"] == "delivered")

    await eventually(delivered, what="the gateway's delivery report")

    # The next night, staff cancel: critical, so the SMS goes at 23:30 all the same.
    await run_scheduler(stack, NIGHT + timedelta(days=1, minutes=30))
    await publish_as_owner(
        stack,
        BookingCancelled(
            booking_id=booking.booking_id,
            slot_id=booking.slot_id,
            resource_id=booking.resource_id,
            booked_by=guardian,
            starts_at=STARTS,
            late=False,
            by_staff=True,
            booked_as="guardian",
        ),
    )
    await eventually(
        lambda: letter_of(stack, guardian, "booking_cancelled_by_staff"), what="the cancellation"
    )
    await run_scheduler(stack, NIGHT + timedelta(days=1, minutes=31))

    async def cancellation_sent() -> bool:
        return len(stack.sms_to(number)) == codes + 2

    await eventually(cancellation_sent, what="the critical SMS in quiet hours")
