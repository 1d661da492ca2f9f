""" "Let's Talk about Children" network meetings: the times at which the family, its
responsible person, the other professionals, a room and (if needed) an interpreter are all
free, and who may plan one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID, uuid4

from fc_booking.domain.helsinki import HELSINKI, is_public_holiday
from fc_booking.domain.resources import MAX_AHEAD, Resource, ResourceKind
from fc_booking.domain.slots import Activity, Audience, Slot, SlotKind
from fc_shared.principals import Principal
from fc_shared.refusals import Refused, conflict, invalid, not_allowed, not_found

MAX_SEARCH = timedelta(days=31)
STEP = timedelta(minutes=30)
# How many candidate times a search looks through before giving up on finding `limit`.
CANDIDATES = 2000
# Network meetings are offered inside ordinary office hours on working days.
WORKDAY = (time(8), time(16))


@dataclass(frozen=True, slots=True)
class Interval:
    starts_at: datetime
    ends_at: datetime

    def overlaps(self, other: Interval) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


@dataclass(frozen=True, slots=True, kw_only=True)
class FreeTime:
    starts_at: datetime
    ends_at: datetime
    room_id: UUID
    interpreter_id: UUID | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkMeeting:
    id: UUID
    starts_at: datetime
    ends_at: datetime
    room_id: UUID
    interpreter_id: UUID | None
    slot_ids: tuple[UUID, ...]
    booking_ids: tuple[UUID, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class FreeTimeSearch:
    """Whose free times a planner looks for, in which days, for how long."""

    case_id: UUID
    professional_resource_ids: tuple[UUID, ...]
    room_ids: tuple[UUID, ...]
    from_date: date
    to_date: date
    duration: timedelta
    interpreter_language: str | None
    limit: int
    guardians: tuple[UUID, ...] | None


Busy = Mapping[UUID, Sequence[Interval]]


def purpose(case_id: UUID) -> str:
    return f"planning a network meeting for case {case_id}"


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
    day = window.starts_at.astimezone(HELSINKI).date()
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


def search_window(from_date: date, to_date: date, now: datetime) -> Interval:
    window = Interval(
        max(now, datetime.combine(from_date, time(), HELSINKI)),
        datetime.combine(to_date + timedelta(days=1), time(), HELSINKI),
    )
    if window.ends_at <= window.starts_at:
        raise invalid(
            "end_before_start", "End before start", "`to` is before `from`, or in the past."
        )
    if window.ends_at - window.starts_at > MAX_SEARCH:
        raise invalid("range_too_long", "Range too long", "Search at most 31 days at a time.")
    if window.starts_at - now > MAX_AHEAD:
        raise invalid(
            "too_far_ahead", "Too far ahead", "Calendars are published at most two years ahead."
        )
    return window


def busy_by(entries: Iterable[tuple[UUID, Interval]]) -> dict[UUID, list[Interval]]:
    found: dict[UUID, list[Interval]] = defaultdict(list)
    for key, interval in entries:
        found[key].append(interval)
    return found


def first_free(candidate: Interval, ids: Sequence[UUID], busy: Busy) -> UUID | None:
    return next((i for i in ids if not any(candidate.overlaps(b) for b in busy.get(i, ()))), None)


def free_times(
    window: Interval,
    *,
    duration: timedelta,
    people: Sequence[Sequence[Interval]],
    rooms: Sequence[UUID],
    interpreters: Sequence[UUID],
    taken: Busy,
    limit: int,
) -> list[FreeTime]:
    """The first `limit` times everyone is free with a room, and an interpreter if asked."""
    found: list[FreeTime] = []
    for candidate in common_free_times(
        window=window, duration=duration, step=STEP, busy=people, limit=CANDIDATES
    ):
        room = first_free(candidate, rooms, taken)
        interpreter = first_free(candidate, interpreters, taken) if interpreters else None
        if room is None or (interpreters and interpreter is None):
            continue
        found.append(
            FreeTime(
                starts_at=candidate.starts_at.astimezone(UTC),
                ends_at=candidate.ends_at.astimezone(UTC),
                room_id=room,
                interpreter_id=interpreter,
            )
        )
        if len(found) == limit:
            break
    return found


def unknown_case() -> Refused:
    return not_found("unknown_case", "Booking does not know this case.", title="Unknown case")


def not_on_the_case() -> Refused:
    return not_allowed(
        "not_on_the_case",
        "A network meeting is planned by the case's responsible person or a member the "
        "family has consented to.",
        title="Not on the case",
    )


def choose_guardians(guardians: Sequence[UUID], requested: Iterable[UUID] | None) -> list[UUID]:
    """The guardians the meeting is for: all the case's, or some of them."""
    if not guardians:
        raise conflict(
            "no_guardian_known", "No guardian known", "The case's family has no confirmed guardian."
        )
    if requested is None:
        return list(guardians)
    chosen = sorted(set(requested))
    if not set(chosen) <= set(guardians):
        raise invalid(
            "not_the_cases_guardians",
            "Not the case's guardians",
            "Every guardian named must be a confirmed guardian of the case's family.",
        )
    return chosen


def check_resources(
    found: Sequence[Resource], ids: Sequence[UUID], kinds: Iterable[ResourceKind], what: str
) -> None:
    wanted = set(kinds)
    if len(found) != len(set(ids)) or any(r.kind not in wanted for r in found):
        raise invalid("unknown_resource", "Unknown resource", f"Every id must be a known {what}.")


def check_interpreters(found: Sequence[Resource], language: str) -> None:
    if not found:
        raise invalid("no_interpreter", "No interpreter", f"No interpreter speaks '{language}'.")


def no_interpreter_free() -> Refused:
    return conflict(
        "no_interpreter_free",
        "No interpreter free",
        "No interpreter of that language is free then.",
    )


def family_busy() -> Refused:
    return conflict("family_busy", "Family busy", "The family has another booking then.")


def check_organiser(
    principal: Principal, calendars: Sequence[Resource], room: Resource, *, manages_room: bool
) -> None:
    if not any(c.owner_subject == principal.subject for c in calendars):
        raise not_allowed(
            "organisers_own_calendar",
            "The organiser's own calendar must be one of the professionals'.",
        )
    # Digital rooms are shared; a meeting point's room is its coordinator's to give.
    if room.kind == ResourceKind.ROOM and not manages_room:
        raise not_allowed("room_not_yours", "Ask the room's coordinator, or use a digital room.")


def meeting_slots(
    *,
    meeting_id: UUID,
    organiser: UUID,
    room: Resource,
    resource_ids: Sequence[UUID],
    interval: Interval,
    language: str | None,
    guardians: int,
) -> list[Slot]:
    """One slot per resource, the room's first: the room's holds the family's bookings."""
    return [
        Slot(
            id=uuid4(),
            resource_id=resource_id,
            starts_at=interval.starts_at,
            ends_at=interval.ends_at,
            capacity=guardians if resource_id == room.id else 1,
            booked_count=guardians if resource_id == room.id else 0,
            language=language or "sv",
            created_by=organiser,
            kind=SlotKind.NETWORK_MEETING,
            activity=Activity.NETWORK_MEETING,
            title=None,
            service_id=None,
            audience=Audience.FAMILY,
            min_age_years=None,
            max_age_years=None,
            municipality_code=room.municipality_code,
            rule_id=None,
            series_id=None,
            cancel_deadline_hours=24,
            band_override_by=None,
            band_override_reason=None,
            network_meeting_id=meeting_id,
        )
        for resource_id in [room.id, *resource_ids]
    ]


def booked_meeting(
    placed: Sequence[Slot], booking_ids: Sequence[UUID], *, interpreter: UUID | None
) -> NetworkMeeting:
    """The meeting as booked: `placed` are its slots, the room's first."""
    room_slot = placed[0]
    assert room_slot.network_meeting_id is not None
    return NetworkMeeting(
        id=room_slot.network_meeting_id,
        starts_at=room_slot.starts_at,
        ends_at=room_slot.ends_at,
        room_id=room_slot.resource_id,
        interpreter_id=interpreter,
        slot_ids=tuple(slot.id for slot in placed),
        booking_ids=tuple(booking_ids),
    )
