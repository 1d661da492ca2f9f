"""Booking rules, apart from any I/O: slots, audience bands, ages, deadlines, access."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from dateutil.relativedelta import relativedelta

from fc_booking.availability import HELSINKI, MAX_BACK, is_public_holiday
from fc_shared.auth import Principal, Role
from fc_shared.problems import Problem

_Record = TypeVar("_Record")

MAX_SLOT_LENGTH = timedelta(hours=12)
MAX_AHEAD = timedelta(days=2 * 366)  # calendars are published at most two years ahead


class Activity(StrEnum):
    APPOINTMENT = "appointment"
    PARENT_EVENING = "parent_evening"
    FAMILY_FAIR = "family_fair"
    PEER_GROUP = "peer_group"
    FAMILY_SCHOOL = "family_school"
    IMMIGRANT_FAMILY_GROUP = "immigrant_family_group"
    PROFESSIONAL_VISIT = "professional_visit"
    NETWORK_MEETING = "network_meeting"


class Audience(StrEnum):
    FAMILY = "family"  # the whole family, or the guardians themselves
    SMALL_CHILDREN = "small_children"
    SCHOOL_CHILDREN = "school_children"
    YOUTH = "youth"


class ResourceKind(StrEnum):
    ROOM = "room"
    DIGITAL_ROOM = "digital_room"
    PROFESSIONAL = "professional"
    INTERPRETER = "interpreter"


# A meeting point's rooms serve small children in the mornings, school children in the
# afternoons and youth in the evenings (DESIGN.md); local Helsinki wall-clock windows.
BAND_WINDOWS: dict[str, tuple[time, time]] = {
    Audience.SMALL_CHILDREN: (time(6), time(12)),
    Audience.SCHOOL_CHILDREN: (time(12), time(17)),
    Audience.YOUTH: (time(17), time(22)),
}

# Network meetings are offered inside ordinary office hours on working days.
WORKDAY = (time(8), time(16))


def slot_kind(capacity: int, activity: Activity) -> str:
    if activity == Activity.NETWORK_MEETING:
        return "network_meeting"
    return "appointment" if capacity == 1 and activity == Activity.APPOINTMENT else "group"


def check_slot(*, starts_at: datetime, ends_at: datetime, capacity: int, now: datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise Problem(422, "Time zone missing", "Give times with a UTC offset.")
    if ends_at <= starts_at:
        raise Problem(422, "End before start", "A slot must end after it starts.")
    if ends_at - starts_at > MAX_SLOT_LENGTH:
        raise Problem(422, "Slot too long", "A slot lasts at most twelve hours.")
    if starts_at <= now:
        raise Problem(422, "Slot in the past", "A slot must start in the future.")
    if starts_at - now > MAX_AHEAD:
        raise Problem(422, "Too far ahead", "Slots are published at most two years ahead.")
    if capacity < 1:
        raise Problem(422, "Capacity too small", "A slot has room for at least one.")


def check_ages(min_age: int | None, max_age: int | None) -> None:
    if min_age is not None and max_age is not None and min_age > max_age:
        raise Problem(422, "Age range reversed", "The lowest age is above the highest.")


def band_misfit(
    *, audience: str, starts_at: datetime, ends_at: datetime, room_bands: Sequence[str]
) -> str | None:
    """Why an activity does not fit a room's audience bands, or None when it fits.

    A family-wide activity fits any band the room keeps; one for an age group must be in
    that group's band, and the whole of it inside the band's hours.
    """
    local_start, local_end = starts_at.astimezone(HELSINKI), ends_at.astimezone(HELSINKI)
    if local_start.date() != local_end.date():
        return "it runs past midnight"
    bands = [audience] if audience in BAND_WINDOWS else list(room_bands)
    for band in bands:
        if band not in room_bands:
            continue
        opens, closes = BAND_WINDOWS[band]
        if opens <= local_start.time() and local_end.time() <= closes:
            return None
    if audience in BAND_WINDOWS and audience not in room_bands:
        return f"the room does not keep a {audience} band"
    return "it is outside the hours of the room's audience bands"


def check_band(
    *,
    audience: str,
    starts_at: datetime,
    ends_at: datetime,
    room_bands: Sequence[str],
    override_reason: str | None,
    principal: Principal,
) -> bool:
    """Whether the placement needs its override recorded; Problem when it may not stand."""
    misfit = band_misfit(
        audience=audience, starts_at=starts_at, ends_at=ends_at, room_bands=room_bands
    )
    if misfit is None:
        return False
    if not override_reason:
        raise Problem(
            422,
            "Outside the room's audience band",
            f"The activity does not fit the room: {misfit}. A coordinator may "
            "override with a reason (band_override_reason).",
        )
    if not principal.has_any(Role.COORDINATOR, Role.ADMIN):
        raise Problem(403, "Forbidden", "Only a coordinator may override a room's audience band.")
    return True


def age_on(birth_date: date, day: date) -> int:
    return int(relativedelta(day, birth_date).years)


# DESIGN.md: youths 13-17 take part in youth activities; the band's ages when a youth
# activity gives none of its own.
YOUTH_AGES = (13, 17)


def _ages(audience: str, min_age: int | None, max_age: int | None) -> tuple[int | None, int | None]:
    if audience == Audience.YOUTH and min_age is None and max_age is None:
        return YOUTH_AGES
    return min_age, max_age


def _check_age(
    *, min_age: int | None, max_age: int | None, starts_at: datetime, birth_date: date, today: date
) -> None:
    if birth_date > today:
        raise Problem(422, "Birth date in the future", "A child's birth date is in the past.")
    age = age_on(birth_date, starts_at.astimezone(HELSINKI).date())
    if age >= 18:
        raise Problem(422, "Not a child", "Bookings on behalf of a child are for under-18s.")
    if max_age is not None and age > max_age:
        raise Problem(
            422,
            "Child too old",
            f"The activity is for children up to {max_age} years; the child will be {age}.",
        )
    if min_age is not None and age < min_age:
        raise Problem(
            422,
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
            raise Problem(
                403,
                "Youth activity",
                "A youth activity is for youths: a guardian books it for their own "
                "child of the right age (child_id), not for themselves.",
            )
        if min_age is None and max_age is None:
            return
        raise Problem(
            422, "Child needed", "This activity has an age range: name the child (child_id)."
        )
    low, high = _ages(audience, min_age, max_age)
    _check_age(
        min_age=low, max_age=high, starts_at=starts_at, birth_date=child_birth_date, today=today
    )


def youths_own_record(records: Sequence[_Record]) -> _Record | None:
    """A youth's login is their child record only when exactly one record names it. Two
    (a subject in two families' snapshots, by a mistake upstream) would let whichever row
    the database gave first decide whose child the youth is, and with it which family's
    bookings they see: so the youth is then treated as unknown, as one with no record."""
    return records[0] if len(records) == 1 else None


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
        raise Problem(403, "Forbidden", "Youths book youth activities, for themselves.")
    if own_birth_date is not None:
        low, high = _ages(audience, min_age, max_age)
        _check_age(
            min_age=low, max_age=high, starts_at=starts_at, birth_date=own_birth_date, today=today
        )


def check_guardian_of(principal: Principal, guardians: Iterable[UUID]) -> None:
    """A guardian acts for the children of families they are a confirmed guardian of."""
    if principal.subject not in set(guardians):
        raise Problem(
            403, "Not your child", "You are not a confirmed guardian of this child's family."
        )


def check_closure(*, starts_on: date, ends_on: date, today: date) -> None:
    if ends_on < starts_on:
        raise Problem(422, "End before start", "A closure ends on or after its first day.")
    if starts_on < today - MAX_BACK:
        raise Problem(422, "Too far back", "A closure starts at most a year ago.")
    if ends_on > today + MAX_AHEAD:
        raise Problem(422, "Too far ahead", "Closures are set at most two years ahead.")


def may_plan_for_case(
    principal: Principal, *, responsible: UUID | None, members: Iterable[UUID]
) -> bool:
    """Deny by default: a family's network meeting is planned by its case's responsible
    person or a member the family has consented to, and nobody else (not even an admin:
    the free times show when the family is busy)."""
    if not principal.has_any(Role.PROFESSIONAL):
        return False
    return principal.subject == responsible or principal.subject in set(members)


def is_late_cancellation(*, starts_at: datetime, deadline_hours: int, now: datetime) -> bool:
    return now > starts_at - timedelta(hours=deadline_hours)


def check_capacity_change(*, capacity: int, taken: int) -> None:
    if capacity < taken:
        raise Problem(
            422,
            "Capacity below the bookings",
            f"{taken} places are already taken; the capacity cannot go below that.",
        )


def check_may_record_attendance(*, starts_at: datetime, now: datetime) -> None:
    if now < starts_at:
        raise Problem(409, "Not started", "Attendance is recorded once the activity has begun.")


def may_manage(principal: Principal, *, owner: UUID | None, managers: Iterable[UUID]) -> bool:
    """Deny by default: an admin, the professional whose calendar it is, or an assigned
    coordinator, professional or organiser manages a resource; nobody else."""
    if principal.has_any(Role.ADMIN):
        return True
    if not principal.has_any(Role.PROFESSIONAL, Role.COORDINATOR, Role.ORGANISER):
        return False
    return principal.subject == owner or principal.subject in set(managers)


@dataclass(frozen=True, slots=True)
class Interval:
    starts_at: datetime
    ends_at: datetime

    def overlaps(self, other: Interval) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


def common_free_times(
    *,
    window: Interval,
    duration: timedelta,
    step: timedelta,
    busy: Sequence[Sequence[Interval]],
    limit: int,
) -> list[Interval]:
    """Start times, on `step` in Helsinki working hours on working days, at which none of the
    participants (one list of busy intervals each) is busy for `duration`."""
    found: list[Interval] = []
    local = window.starts_at.astimezone(HELSINKI)
    day = local.date()
    while len(found) < limit:
        opens = datetime.combine(day, WORKDAY[0], HELSINKI)
        closes = datetime.combine(day, WORKDAY[1], HELSINKI)
        if opens >= window.ends_at:
            break
        if day.weekday() < 5 and not is_public_holiday(day):
            start = opens
            while start + duration <= closes and len(found) < limit:
                candidate = Interval(start, start + duration)
                if (
                    window.starts_at <= candidate.starts_at
                    and candidate.ends_at <= window.ends_at
                    and not any(candidate.overlaps(b) for person in busy for b in person)
                ):
                    found.append(candidate)
                start += step
        day += timedelta(days=1)
    return found
