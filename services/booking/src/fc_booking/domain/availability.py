"""Recurring availability: expand an RFC 5545 rule in Helsinki wall-clock time into UTC slots.

A rule picks the days; `first_start` picks the local time of day. The expansion happens in
naive local time so that a weekly 17:00 group stays at 17:00 across daylight-saving changes,
and only then is each start placed in Europe/Helsinki and converted to UTC.

Daylight-saving edge cases follow PEP 495 with fold=0:
- a local time that does not exist (the spring-forward hour, 03:00-04:00 on the last Sunday
  of March) is shifted forward by the gap, so 03:30 becomes 04:30 summer time;
- a local time that happens twice (the fall-back hour, 03:00-04:00 on the last Sunday of
  October) means the first of the two instants, still in summer time.
`duration` is elapsed time, so an occurrence spanning a change lasts exactly `duration`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import islice

from dateutil.rrule import rrulestr  # type: ignore[import-untyped, unused-ignore]

from fc_booking.domain.helsinki import HELSINKI, is_public_holiday, local_time
from fc_booking.domain.recurrence import (
    MAX_BACK,
    MAX_DURATION,
    MAX_HORIZON,
    MAX_OCCURRENCES,
    OUT_OF_BOUNDS,
    check_bounds,
    invalid_rule,
    occurrences_within,
    parse_rule,
    rule_text,
)
from fc_shared.refusals import Kind, Refused

# The rule's reading and bounds live in `recurrence`; they are named here too, as this is
# where a reader of availability looks for them.
__all__ = [
    "HELSINKI",
    "MAX_BACK",
    "MAX_DURATION",
    "MAX_HORIZON",
    "MAX_OCCURRENCES",
    "OUT_OF_BOUNDS",
    "Closure",
    "Occurrence",
    "RecurringRule",
    "check_bounds",
    "expand",
    "is_public_holiday",
    "local_time",
    "occurrences_within",
    "parse_rule",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class RecurringRule:
    """A resource's recurring availability as asked: an RRULE from a local first start."""

    rrule: str
    first_start: datetime  # naive Helsinki wall-clock time
    duration_minutes: int
    as_series: bool
    skip_public_holidays: bool
    except_dates: tuple[date, ...]


@dataclass(frozen=True, slots=True)
class Closure:
    """Days the resource is closed; local Helsinki dates, both ends inclusive."""

    starts_on: date
    ends_on: date


@dataclass(frozen=True, slots=True)
class Occurrence:
    starts_at: datetime  # aware, UTC
    ends_at: datetime  # aware, UTC


def expand(
    *,
    rrule: str,
    first_start: datetime,
    duration: timedelta,
    skip_public_holidays: bool = True,
    closures: Sequence[Closure] = (),
    exdates: Sequence[date] = (),
    now: datetime,
) -> list[Occurrence]:
    """The future occurrences of a rule, in order, minus holidays, closures and exdates.

    Raises Refused (422) for a rule or argument a client could have got wrong; the limits
    (MAX_OCCURRENCES, MAX_HORIZON) apply to the whole rule, before anything is skipped.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")  # a caller's bug, not a client's
    _check_arguments(first_start, duration, closures)
    # RFC 5545 has no sub-second precision and dateutil would drop it silently anyway.
    first_start = first_start.replace(microsecond=0)
    parts = parse_rule(rrule)
    check_bounds(parts, first_start=first_start, exdates=exdates, now=now)
    local_starts = _local_starts(rule_text(parts), first_start)
    _check_expansion(local_starts, now)
    skipped_days = set(exdates)
    occurrences: list[Occurrence] = []
    for local_start in local_starts:
        # The local date of the wall-clock start: Helsinki changes its clocks at 03:00 and
        # 04:00, so shifting a nonexistent time never moves it onto another day.
        day = local_start.date()
        if (
            day in skipped_days
            or any(closure.starts_on <= day <= closure.ends_on for closure in closures)
            or (skip_public_holidays and is_public_holiday(day))
        ):
            continue
        starts_at = _to_utc(local_start)
        if starts_at > now:
            occurrences.append(Occurrence(starts_at=starts_at, ends_at=starts_at + duration))
    return occurrences


def _check_arguments(
    first_start: datetime, duration: timedelta, closures: Sequence[Closure]
) -> None:
    if first_start.tzinfo is not None:
        raise Refused(
            Kind.INVALID,
            "first_start_has_a_time_zone",
            "First start has a time zone",
            "Give the first start as local Helsinki wall-clock time, without a UTC offset.",
        )
    if not timedelta(0) < duration <= MAX_DURATION:
        raise Refused(
            Kind.INVALID,
            "invalid_duration",
            "Invalid duration",
            "An occurrence lasts more than zero and at most 12 hours.",
        )
    for closure in closures:
        if closure.ends_on < closure.starts_on:
            raise Refused(
                Kind.INVALID,
                "invalid_closure",
                "Invalid closure",
                f"A closure cannot end ({closure.ends_on.isoformat()}) "
                f"before it starts ({closure.starts_on.isoformat()}).",
            )


def _check_expansion(local_starts: Sequence[datetime], now: datetime) -> None:
    if len(local_starts) > MAX_OCCURRENCES:
        raise Refused(
            Kind.INVALID,
            "too_many_occurrences",
            "Too many occurrences",
            f"A rule may produce at most {MAX_OCCURRENCES} occurrences; use COUNT or an "
            "earlier UNTIL, or split it into several rules.",
        )
    if local_starts and _to_utc(local_starts[-1]) > now + MAX_HORIZON:
        raise Refused(
            Kind.INVALID,
            "rule_reaches_too_far",
            "Rule reaches too far",
            f"The last occurrence must start within {MAX_HORIZON.days} days from now.",
        )


def _to_utc(wall: datetime) -> datetime:
    # fold=0 is the documented choice: the earlier instant of an ambiguous time, and a
    # nonexistent time read with the pre-gap offset, i.e. shifted forward by the gap.
    return wall.replace(tzinfo=HELSINKI, fold=0).astimezone(UTC)


def _local_starts(value: str, first_start: datetime) -> list[datetime]:
    """Naive local starts of the rule, at most MAX_OCCURRENCES + 1 of them."""
    try:
        rule = rrulestr(value, dtstart=first_start)
        # One more than allowed is enough to tell that a rule produces too many.
        starts: list[datetime] = list(islice(rule, MAX_OCCURRENCES + 1))
    except (ValueError, TypeError, KeyError, OverflowError) as error:
        raise invalid_rule(f"The rule cannot be read: {error}.") from error
    return starts


def check_sessions(occurrences: Sequence[Occurrence]) -> None:
    if not occurrences:
        raise Refused(
            Kind.INVALID, "no_sessions", "No sessions", "The rule gives no future sessions."
        )
