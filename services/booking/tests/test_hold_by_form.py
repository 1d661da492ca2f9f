"""A group activity's registration form confirms the booking hold it carries: the forms
service's FormSubmitted, published here as forms would, confirms the hold when its owner
submitted it before it expired, however late the event arrives; otherwise the hold lapses
as it would anyway."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import (
    Stack,
    eventually,
    future_slot,
    manager_of,
    meeting_point_room,
    publish_as_owner,
)
from familjecentret.testing.probes import handled as wait_handled
from familjecentret.testing.probes import service_db
from fc_booking.domain.bookings import Booking, BookingStatus
from fc_booking.domain.holds import ByForm, by_form
from fc_booking.domain.slots import Activity, Audience
from fc_shared.events import FormSubmitted

CONSUMER = "booking.form-holds"


async def group_slot(stack: Stack, *, capacity: int = 1) -> dict[str, Any]:
    room = await meeting_point_room(stack)
    return await future_slot(
        stack,
        room["id"],
        capacity=capacity,
        headers=await manager_of(stack, room["id"]),
        activity="peer_group",
    )


async def hold_on(stack: Stack, slot: dict[str, Any], owner: UUID) -> dict[str, Any]:
    response = await stack.client.post(
        stack.url("booking", "/v1/holds"),
        json={"slot_id": slot["id"]},
        headers=stack.auth("guardian", subject=owner),
    )
    assert response.status_code == 201, response.text
    hold: dict[str, Any] = response.json()
    return hold


def registration(hold: dict[str, Any], submitted_by: UUID) -> FormSubmitted:
    return FormSubmitted(
        submission_id=uuid4(),
        form_type="group-registration",
        municipality_code="905",
        submitted_by=submitted_by,
        form_version=1,
        hold_id=UUID(hold["id"]),
    )


async def booking_db(stack: Stack, sql: str, **params: Any) -> Any:
    return await service_db(stack, "booking", sql, **params)


async def handled(stack: Stack, event_id: UUID) -> None:
    await wait_handled(stack, "booking", CONSUMER, event_id)


async def status_of(stack: Stack, hold: dict[str, Any]) -> str:
    status: str = await booking_db(
        stack, "SELECT status FROM bookings WHERE id = :id", id=UUID(hold["id"])
    )
    return status


async def taken(stack: Stack, slot: dict[str, Any]) -> int:
    count: int = await booking_db(
        stack, "SELECT booked_count FROM slots WHERE id = :id", id=UUID(slot["id"])
    )
    return count


async def slot_booked_staged(stack: Stack, hold: dict[str, Any]) -> int:
    """How many SlotBooked booking has staged for the booking (its outbox, sent or not)."""
    count: int = await booking_db(
        stack,
        "SELECT count(*) FROM outbox WHERE type = :type AND key = :booking",
        type="fi.familjecentret.booking.SlotBooked.v1",
        booking=hold["id"],
    )
    return count


async def lapsed(stack: Stack, hold: dict[str, Any]) -> None:
    async def swept() -> bool:
        return await status_of(stack, hold) == "lapsed"

    await eventually(swept, timeout=30, what="the sweeper to lapse the hold")


async def test_the_owners_submission_confirms_the_hold_and_announces_the_booking(
    stack: Stack,
) -> None:
    slot, owner = await group_slot(stack), uuid4()
    hold = await hold_on(stack, slot, owner)

    sent = await publish_as_owner(stack, registration(hold, owner))

    await handled(stack, sent.id)
    assert await status_of(stack, hold) == "confirmed"
    assert await taken(stack, slot) == 1
    assert await slot_booked_staged(stack, hold) == 1


async def test_someone_elses_submission_confirms_nothing(stack: Stack) -> None:
    slot, owner = await group_slot(stack), uuid4()
    hold = await hold_on(stack, slot, owner)

    sent = await publish_as_owner(stack, registration(hold, uuid4()))

    await handled(stack, sent.id)
    assert await status_of(stack, hold) in {"held", "lapsed"}
    assert await slot_booked_staged(stack, hold) == 0
    await lapsed(stack, hold)  # and it lapses as it would have
    assert await taken(stack, slot) == 0


async def test_a_submission_made_after_the_hold_expired_confirms_nothing(stack: Stack) -> None:
    slot, owner = await group_slot(stack), uuid4()
    hold = await hold_on(stack, slot, owner)
    expired = datetime.fromisoformat(hold["hold_expires_at"])

    sent = await publish_as_owner(
        stack, registration(hold, owner), at=expired + timedelta(seconds=1)
    )

    await handled(stack, sent.id)
    assert await status_of(stack, hold) in {"held", "lapsed"}
    assert await slot_booked_staged(stack, hold) == 0


async def test_a_submission_in_time_arriving_after_the_sweep_takes_the_free_place_again(
    stack: Stack,
) -> None:
    slot, owner = await group_slot(stack), uuid4()
    hold = await hold_on(stack, slot, owner)
    submitted_at = datetime.now(UTC)  # before the hold expired
    await lapsed(stack, hold)
    assert await taken(stack, slot) == 0

    sent = await publish_as_owner(stack, registration(hold, owner), at=submitted_at)

    await handled(stack, sent.id)
    assert await status_of(stack, hold) == "confirmed"
    assert await taken(stack, slot) == 1
    assert await slot_booked_staged(stack, hold) == 1


async def test_a_late_submission_does_not_take_a_place_that_went_to_the_queue(
    stack: Stack,
) -> None:
    slot, owner = await group_slot(stack), uuid4()
    hold = await hold_on(stack, slot, owner)
    submitted_at = datetime.now(UTC)
    queued = await stack.client.post(
        stack.url("booking", "/v1/bookings"),
        json={"slot_id": slot["id"]},
        headers=stack.auth("guardian"),
    )
    assert queued.status_code == 202, queued.text
    await lapsed(stack, hold)  # its place goes to the queue

    sent = await publish_as_owner(stack, registration(hold, owner), at=submitted_at)

    await handled(stack, sent.id)
    assert await status_of(stack, hold) == "lapsed"
    assert await taken(stack, slot) == 1


async def test_a_redelivered_or_second_submission_changes_nothing_more(stack: Stack) -> None:
    slot, owner = await group_slot(stack, capacity=3), uuid4()
    hold = await hold_on(stack, slot, owner)
    submitted = registration(hold, owner)
    first = await publish_as_owner(stack, submitted)
    await handled(stack, first.id)

    await publish_as_owner(stack, submitted, at=first.time, event_id=first.id)
    # The same submission again under a new id: the same key, so the same partition, handled
    # after the redelivery; then another submission for the same hold.
    replayed = await publish_as_owner(stack, submitted, at=first.time)
    other = await publish_as_owner(stack, registration(hold, owner))

    await handled(stack, replayed.id)
    await handled(stack, other.id)
    assert await status_of(stack, hold) == "confirmed"
    assert await taken(stack, slot) == 1
    assert await slot_booked_staged(stack, hold) == 1


# The rule alone.

T0 = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
OWNER = uuid4()


def a_hold(**changes: Any) -> Booking:
    hold = Booking(
        id=uuid4(),
        slot_id=uuid4(),
        booked_by=OWNER,
        booked_as="guardian",
        status=BookingStatus.HELD,
        child_birth_date=None,
        child_id=None,
        interpreter_language=None,
        waitlist_position=None,
        waited_behind=None,
        hold_expires_at=T0 + timedelta(minutes=10),
        series_booking_id=None,
        cancelled_at=None,
        late_cancellation=None,
        cancelled_by_staff=None,
        attended=None,
        attendance_recorded_by=None,
        rescheduled_from=None,
        sequence=0,
        created_at=T0,
        updated_at=T0,
        resource_id=uuid4(),
        starts_at=T0 + timedelta(days=7),
        ends_at=T0 + timedelta(days=7, hours=1),
        activity=Activity.PEER_GROUP,
        title=None,
        audience=Audience.FAMILY,
        language="sv",
        municipality_code="905",
        cancel_deadline_hours=24,
        series_id=None,
    )
    return replace(hold, **changes)


def test_what_a_submission_does_to_the_hold_it_carries() -> None:
    in_time = T0 + timedelta(minutes=5)
    swept = T0 + timedelta(minutes=11)
    cases = [
        (None, OWNER, in_time, ByForm.NO_SUCH_HOLD),
        (a_hold(), OWNER, in_time, ByForm.CONFIRM),
        (a_hold(), uuid4(), in_time, ByForm.NOT_THE_OWNER),
        (a_hold(), OWNER, T0 + timedelta(minutes=10), ByForm.SUBMITTED_AFTER_EXPIRY),
        (a_hold(status=BookingStatus.CONFIRMED), OWNER, in_time, ByForm.NOT_HELD),
        (a_hold(status=BookingStatus.LAPSED, updated_at=swept), OWNER, in_time, ByForm.RETAKE),
        (
            a_hold(status=BookingStatus.LAPSED, updated_at=T0 + timedelta(minutes=2)),
            OWNER,
            in_time,
            ByForm.RELEASED_BY_OWNER,
        ),
        (
            a_hold(status=BookingStatus.LAPSED, updated_at=T0 + timedelta(minutes=7)),
            OWNER,
            in_time,
            ByForm.RELEASED_BY_OWNER,
        ),
    ]
    for hold, submitted_by, submitted_at, expected in cases:
        assert by_form(hold, submitted_by=submitted_by, submitted_at=submitted_at) == expected
