"""Bookings: their statuses, and when a booking may be cancelled, moved or marked attended.
Whom a family may book for (ages, youths for themselves) is in `participants`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from fc_booking.domain.slots import Activity, Audience, Slot
from fc_shared.events import BookedAs
from fc_shared.refusals import Refused, conflict, invalid, not_found

_Record = TypeVar("_Record")


class BookingStatus(StrEnum):
    HELD = "held"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    LAPSED = "lapsed"


LIVE = frozenset({BookingStatus.HELD, BookingStatus.CONFIRMED, BookingStatus.WAITLISTED})
# The statuses that take one of the slot's places (a waitlisted booking waits for one).
TAKING_A_PLACE = frozenset({BookingStatus.HELD, BookingStatus.CONFIRMED})


@dataclass(frozen=True, slots=True, kw_only=True)
class NewBooking:
    """A booking as first stored."""

    id: UUID
    slot_id: UUID
    booked_by: UUID
    booked_as: BookedAs | None
    status: BookingStatus
    child_id: UUID | None = None
    interpreter_language: str | None = None
    series_booking_id: UUID | None = None
    hold_expires_at: datetime | None = None
    waitlist_position: int | None = None
    waited_behind: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Booking:
    """A booking with what it shows of its slot."""

    id: UUID
    slot_id: UUID
    booked_by: UUID
    booked_as: BookedAs | None  # None: made before booking recorded who booked
    status: BookingStatus
    child_birth_date: date | None  # bookings made before children were named by id
    child_id: UUID | None
    interpreter_language: str | None
    waitlist_position: int | None  # orders the queue; its sequence serves every slot
    waited_behind: int | None
    hold_expires_at: datetime | None
    series_booking_id: UUID | None
    cancelled_at: datetime | None
    late_cancellation: bool | None
    cancelled_by_staff: bool | None
    attended: bool | None
    attendance_recorded_by: UUID | None
    rescheduled_from: UUID | None
    sequence: int
    created_at: datetime
    updated_at: datetime
    resource_id: UUID
    starts_at: datetime
    ends_at: datetime
    activity: Activity
    title: str | None
    audience: Audience
    language: str
    municipality_code: str | None
    cancel_deadline_hours: int
    series_id: UUID | None
    queue_place: int | None = None  # while waitlisted: the live place in this slot's queue

    @property
    def waitlist_place(self) -> int | None:
        """The family is shown its live place in this slot's queue (1 is next)."""
        return self.queue_place if self.status == BookingStatus.WAITLISTED else None

    @property
    def child_ids(self) -> list[UUID]:
        """The children it is for, as far as booking knows them by id."""
        return [self.child_id] if self.child_id is not None else []


@dataclass(frozen=True, slots=True, kw_only=True)
class Cancellation:
    cancelled_at: datetime
    late_cancellation: bool
    cancelled_by_staff: bool


def is_late_cancellation(*, starts_at: datetime, deadline_hours: int, now: datetime) -> bool:
    return now > starts_at - timedelta(hours=deadline_hours)


def check_live(booking: Booking) -> None:
    if booking.status not in LIVE:
        raise conflict("not_active", "Not active", f"The booking is already {booking.status}.")


def cancellation(booking: Booking, *, by_staff: bool, now: datetime) -> Cancellation:
    """How a live booking is cancelled: after the slot's deadline a family's cancellation of
    a confirmed place is late (staff cancelling is never the family's lateness)."""
    check_live(booking)
    late = (
        not by_staff
        and booking.status == BookingStatus.CONFIRMED
        and is_late_cancellation(
            starts_at=booking.starts_at, deadline_hours=booking.cancel_deadline_hours, now=now
        )
    )
    return Cancellation(cancelled_at=now, late_cancellation=late, cancelled_by_staff=by_staff)


def check_cancelled_alone(booking: Booking) -> None:
    if booking.series_booking_id is not None:
        raise conflict(
            "part_of_a_series",
            "Part of a series",
            "Cancel the series booking as a whole: "
            f"POST /v1/series-bookings/{booking.series_booking_id}/cancel.",
        )


def check_unmoved(booking: Booking, locked_slot_id: UUID) -> None:
    """The booking was read before its slot was locked: if a concurrent reschedule moved it
    meanwhile, the lock is on the wrong slot, and going on would miscount both."""
    if booking.slot_id != locked_slot_id:
        raise conflict(
            "changed_meanwhile", "Changed meanwhile", "The booking was moved meanwhile; try again."
        )


def check_may_record_attendance(*, starts_at: datetime, now: datetime) -> None:
    if now < starts_at:
        raise conflict(
            "not_started", "Not started", "Attendance is recorded once the activity has begun."
        )


def check_attendance(booking: Booking, now: datetime) -> None:
    if booking.status != BookingStatus.CONFIRMED:
        raise conflict("not_active", "Not active", "Attendance is recorded for confirmed bookings.")
    check_may_record_attendance(starts_at=booking.starts_at, now=now)


def no_such_booking() -> Refused:
    return not_found("no_such_booking", "No such booking.")


def no_such_slot() -> Refused:
    return not_found("no_such_slot", "No such slot.")


# Rescheduling: a confirmed booking moves to another slot, or nothing changes.


def check_reschedule(booking: Booking, to_slot_id: UUID) -> None:
    if booking.series_booking_id is not None:
        raise conflict(
            "part_of_a_series", "Part of a series", "A series is not moved session by session."
        )
    if to_slot_id == booking.slot_id:
        raise invalid("same_slot", "Same slot", "The booking is already on that slot.")


def check_movable(booking: Booking) -> None:
    if booking.status != BookingStatus.CONFIRMED:
        raise conflict("not_active", "Not active", "Only a confirmed booking is moved.")


def check_room_to_move_to(slot: Slot) -> None:
    if not slot.has_room:
        raise conflict(
            "slot_full", "Slot full", "The new slot is full; the booking stays as it was."
        )
