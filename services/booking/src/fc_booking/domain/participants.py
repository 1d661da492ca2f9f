"""Whom a booking may be for: the child's age on the day of the activity ("Child too old",
"Child too young"), a guardian's own child only, youths for themselves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TypeVar
from uuid import UUID

from dateutil.relativedelta import relativedelta

from fc_booking.domain.helsinki import HELSINKI
from fc_booking.domain.slots import Audience, Slot
from fc_shared.events import BookedAs
from fc_shared.principals import Principal, Role
from fc_shared.refusals import Refused, invalid, not_allowed

_Record = TypeVar("_Record")

# DESIGN.md: youths 13-17 take part in youth activities; the band's ages when a youth
# activity gives none of its own.
YOUTH_AGES = (13, 17)


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


def booked_as(principal: Principal) -> BookedAs:
    """Who a family member books as: a guardian (for their child or the family), else a
    youth (for themselves), told apart as `use_cases.participants.participant` does."""
    return "guardian" if principal.has_any(Role.GUARDIAN) else "youth"


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
