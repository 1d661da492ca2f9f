"""Bookings: their statuses, whom a family may book for (ages, youths for themselves), and
when a booking may be cancelled, moved or marked attended."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from dateutil.relativedelta import relativedelta

from fc_booking.domain.helsinki import HELSINKI
from fc_booking.domain.slots import Activity, Audience, Slot
from fc_shared.refusals import Refused, conflict, invalid, not_allowed, not_found

_Record = TypeVar("_Record")

# DESIGN.md: youths 13-17 take part in youth activities; the band's ages when a youth
# activity gives none of its own.
YOUTH_AGES = (13, 17)


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
    def summary(self) -> str:
        return self.title or self.activity.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True, kw_only=True)
class Cancellation:
    cancelled_at: datetime
    late_cancellation: bool
    cancelled_by_staff: bool


def age_on(birth_date: date, day: date) -> int:
    return int(relativedelta(day, birth_date).years)


def _ages(audience: str, min_age: int | None, max_age: int | None) -> tuple[int | None, int | None]:
    if audience == Audience.YOUTH and min_age is None and max_age is None:
        return YOUTH_AGES
    return min_age, max_age


def _check_age(
    *, min_age: int | None, max_age: int | None, starts_at: datetime, birth_date: date, today: date
) -> None:
    if birth_date > today:
        raise invalid(
            "birth_date_in_the_future",
            "Birth date in the future",
            "A child's birth date is in the past.",
        )
    age = age_on(birth_date, starts_at.astimezone(HELSINKI).date())
    if age >= 18:
        raise invalid(
            "not_a_child", "Not a child", "Bookings on behalf of a child are for under-18s."
        )
    if max_age is not None and age > max_age:
        raise invalid(
            "child_too_old",
            "Child too old",
            f"The activity is for children up to {max_age} years; the child will be {age}.",
        )
    if min_age is not None and age < min_age:
        raise invalid(
            "child_too_young",
            "Child too young",
            f"The activity is for children from {min_age} years; the child will be {age}.",
        )


def check_participant(
    *,
    audience: str,
    min_age: int | None,
    max_age: int | None,
    starts_at: datetime,
    child_birth_date: date | None,
    today: date,
) -> None:
    """Whom a guardian books for: themselves (`child_birth_date` None) or their child,
    whose age on the day of the activity must be inside the activity's range.

    A youth activity is for youths whatever its age range says: a guardian books it only
    for their own child of the right age (13-17 unless the activity says otherwise).
    """
    if child_birth_date is None:
        if audience == Audience.YOUTH:
            raise not_allowed(
                "youth_activity",
                "A youth activity is for youths: a guardian books it for their own "
                "child of the right age (child_id), not for themselves.",
                title="Youth activity",
            )
        if min_age is None and max_age is None:
            return
        raise invalid(
            "child_needed",
            "Child needed",
            "This activity has an age range: name the child (child_id).",
        )
    low, high = _ages(audience, min_age, max_age)
    _check_age(
        min_age=low, max_age=high, starts_at=starts_at, birth_date=child_birth_date, today=today
    )


def check_participant_for_slot(slot: Slot, child_birth_date: date | None, today: date) -> None:
    check_participant(
        audience=slot.audience,
        min_age=slot.min_age_years,
        max_age=slot.max_age_years,
        starts_at=slot.starts_at,
        child_birth_date=child_birth_date,
        today=today,
    )


def check_names_child_by_id(child_id: UUID | None, child_birth_date: date | None) -> None:
    """A guardian names their child by id: a birth date says nothing about whose child it
    is, so it is no longer taken."""
    if child_id is None and child_birth_date is not None:
        raise invalid(
            "name_the_child_by_child_id",
            "Name the child by child_id",
            "child_birth_date is no longer accepted: send child_id, the "
            "child's id in your family's record, instead.",
        )


def youths_own_record(records: Sequence[_Record]) -> _Record | None:
    """A youth's login is their child record only when exactly one record names it. Two
    (a subject in two families' snapshots, by a mistake upstream) would let whichever row
    the database gave first decide whose child the youth is, and with it which family's
    bookings they see: so the youth is then treated as unknown, as one with no record."""
    return records[0] if len(records) == 1 else None


YOUTHS_BOOK_FOR_THEMSELVES = "Youths book youth activities, for themselves."


def youth_books_for_self() -> Refused:
    return not_allowed("youths_book_for_themselves", YOUTHS_BOOK_FOR_THEMSELVES)


def check_youth_participant(
    *,
    audience: str,
    min_age: int | None,
    max_age: int | None,
    starts_at: datetime,
    own_birth_date: date | None,
    today: date,
) -> None:
    """A youth books youth activities, for themselves; their age is checked when booking
    knows their child record."""
    if audience != Audience.YOUTH:
        raise youth_books_for_self()
    if own_birth_date is not None:
        low, high = _ages(audience, min_age, max_age)
        _check_age(
            min_age=low, max_age=high, starts_at=starts_at, birth_date=own_birth_date, today=today
        )


def check_guardian_of(subject: UUID, guardians: Iterable[UUID]) -> None:
    """A guardian acts for the children of families they are a confirmed guardian of."""
    if subject not in set(guardians):
        raise not_allowed(
            "not_your_child",
            "You are not a confirmed guardian of this child's family.",
            title="Not your child",
        )


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
