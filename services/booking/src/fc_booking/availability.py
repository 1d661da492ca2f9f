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

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice
from zoneinfo import ZoneInfo

import holidays
from dateutil.rrule import rrulestr  # type: ignore[import-untyped, unused-ignore]

from fc_shared.problems import Problem

HELSINKI = ZoneInfo("Europe/Helsinki")
MAX_OCCURRENCES = 366  # one rule never expands to more than this
MAX_HORIZON = timedelta(days=400)
MAX_DURATION = timedelta(hours=12)  # the same ceiling as a single slot

_FREQUENCIES = frozenset({"YEARLY", "MONTHLY", "WEEKLY", "DAILY"})
# Sub-daily rules would set the time of day themselves, which belongs to `first_start`.
_SUB_DAILY = frozenset({"HOURLY", "MINUTELY", "SECONDLY"})
_TIME_OF_DAY_PARTS = frozenset({"BYHOUR", "BYMINUTE", "BYSECOND"})
# (smallest magnitude, largest magnitude, negatives allowed), as RFC 5545 section 3.3.10.
# Out-of-range values are refused here because dateutil accepts them and then searches,
# to the year 9999, for a date that never comes.
_NUMBER_LISTS: dict[str, tuple[int, int, bool]] = {
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYSETPOS": (1, 366, True),
}
_WEEKDAY = "(?:MO|TU|WE|TH|FR|SA|SU)"
_BYDAY_ITEM = re.compile(rf"([+-]?)(\d{{1,2}})?{_WEEKDAY}")
_SIGNED_NUMBER = re.compile(r"([+-]?)(\d{1,3})")
_UNTIL_UTC = re.compile(r"\d{8}T\d{6}Z")
_UNTIL_LOCAL = re.compile(r"\d{8}T\d{6}")
_UNTIL_DATE = re.compile(r"\d{8}")
_KNOWN_PARTS = frozenset(
    {"FREQ", "UNTIL", "COUNT", "INTERVAL", "BYDAY", "WKST", *_NUMBER_LISTS, *_TIME_OF_DAY_PARTS}
)


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

    Raises Problem(422) for a rule or argument a client could have got wrong; the limits
    (MAX_OCCURRENCES, MAX_HORIZON) apply to the whole rule, before anything is skipped.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")  # a caller's bug, not a client's
    if first_start.tzinfo is not None:
        raise Problem(
            422,
            "First start has a time zone",
            "Give the first start as local Helsinki wall-clock time, without a UTC offset.",
        )
    if not timedelta(0) < duration <= MAX_DURATION:
        raise Problem(
            422, "Invalid duration", "An occurrence lasts more than zero and at most 12 hours."
        )
    for closure in closures:
        if closure.ends_on < closure.starts_on:
            raise Problem(
                422,
                "Invalid closure",
                f"A closure cannot end ({closure.ends_on.isoformat()}) "
                f"before it starts ({closure.starts_on.isoformat()}).",
            )

    # RFC 5545 has no sub-second precision and dateutil would drop it silently anyway.
    first_start = first_start.replace(microsecond=0)
    local_starts = _local_starts(rrule, first_start)
    if len(local_starts) > MAX_OCCURRENCES:
        raise Problem(
            422,
            "Too many occurrences",
            f"A rule may produce at most {MAX_OCCURRENCES} occurrences; use COUNT or an "
            "earlier UNTIL, or split it into several rules.",
        )
    if local_starts and _to_utc(local_starts[-1]) > now + MAX_HORIZON:
        raise Problem(
            422,
            "Rule reaches too far",
            f"The last occurrence must start within {MAX_HORIZON.days} days from now.",
        )

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


def is_public_holiday(day: date) -> bool:
    """Whether `day` is a Finnish public holiday, as the `holidays` package lists them."""
    return day in _finnish_holidays(day.year)


def local_time(moment: datetime) -> time:
    """The wall-clock time in Helsinki of an aware moment."""
    if moment.utcoffset() is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(HELSINKI).time()


@lru_cache(maxsize=64)
def _finnish_holidays(year: int) -> frozenset[date]:
    # One immutable set per year: the package's own object fills itself in lazily on lookup.
    return frozenset(holidays.country_holidays("FI", years=year).keys())


def _to_utc(wall: datetime) -> datetime:
    # fold=0 is the documented choice: the earlier instant of an ambiguous time, and a
    # nonexistent time read with the pre-gap offset, i.e. shifted forward by the gap.
    return wall.replace(tzinfo=HELSINKI, fold=0).astimezone(UTC)


def _local_starts(rrule: str, first_start: datetime) -> list[datetime]:
    """Naive local starts of the rule, at most MAX_OCCURRENCES + 1 of them."""
    value = _normalised_rule(rrule)
    try:
        rule = rrulestr(value, dtstart=first_start)
        # One more than allowed is enough to tell that a rule produces too many.
        starts: list[datetime] = list(islice(rule, MAX_OCCURRENCES + 1))
    except (ValueError, TypeError, KeyError, OverflowError) as error:
        raise _invalid_rule(f"The rule cannot be read: {error}.") from error
    return starts


def _normalised_rule(rrule: str) -> str:
    """Validate an RRULE value and rewrite it for a naive local DTSTART."""
    text = rrule.strip()
    if "DTSTART" in text.upper():
        raise Problem(
            422,
            "Start given in the rule",
            "Leave DTSTART out of the rule; the first start is given separately as local "
            "Helsinki time.",
        )
    if text[:6].upper() == "RRULE:":
        text = text[6:]
    if not text or any(character in text for character in ":\r\n"):
        raise _invalid_rule("Give one RRULE value, such as FREQ=WEEKLY;BYDAY=TU;COUNT=10.")

    parts: dict[str, str] = {}
    for part in text.split(";"):
        if not part.strip():
            continue  # a trailing or doubled semicolon is harmless
        name, equals, item = part.partition("=")
        name, item = name.strip().upper(), item.strip().upper()
        if not equals or not name or not item:
            raise _invalid_rule(f"'{part.strip()}' is not of the form NAME=VALUE.")
        if name in parts:
            raise _invalid_rule(f"{name} appears more than once.")
        if name not in _KNOWN_PARTS:
            raise _invalid_rule(f"{name} is not a recurrence rule part.")
        parts[name] = item

    frequency = parts.get("FREQ")
    if frequency in _SUB_DAILY or _TIME_OF_DAY_PARTS & parts.keys():
        raise Problem(
            422,
            "Unsupported recurrence rule",
            "A rule repeats daily, weekly, monthly or yearly; the time of day comes from the "
            "first start, so hourly rules and BYHOUR, BYMINUTE and BYSECOND are not accepted.",
        )
    if frequency not in _FREQUENCIES:
        raise _invalid_rule("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY.")
    if "COUNT" in parts and "UNTIL" in parts:
        raise _invalid_rule("A rule ends by COUNT or by UNTIL, not both.")
    if "COUNT" not in parts and "UNTIL" not in parts:
        raise Problem(
            422,
            "Endless recurrence rule",
            "A rule must end: give COUNT (how many times) or UNTIL (the last date).",
        )
    for name in ("COUNT", "INTERVAL"):
        if name in parts and not (parts[name].isdigit() and int(parts[name]) >= 1):
            raise _invalid_rule(f"{name} must be a whole number of at least 1.")
    for name, (low, high, signed) in _NUMBER_LISTS.items():
        if name in parts:
            for number in parts[name].split(","):
                _check_number(name, number, low, high, signed)
    if "BYDAY" in parts:
        for weekday in parts["BYDAY"].split(","):
            _check_weekday(weekday)
    if "WKST" in parts and not re.fullmatch(_WEEKDAY, parts["WKST"]):
        raise _invalid_rule("WKST must be one of MO, TU, WE, TH, FR, SA, SU.")
    if "UNTIL" in parts:
        parts["UNTIL"] = _local_until(parts["UNTIL"])
    return ";".join(f"{name}={item}" for name, item in parts.items())


def _check_number(name: str, number: str, low: int, high: int, signed: bool) -> None:
    match = _SIGNED_NUMBER.fullmatch(number)
    if (
        match is None
        or (match.group(1) == "-" and not signed)
        or not low <= int(match.group(2)) <= high
    ):
        sign = "±" if signed else ""
        raise _invalid_rule(f"Each {name} value must be {sign}{low} to {sign}{high}.")


def _check_weekday(weekday: str) -> None:
    match = _BYDAY_ITEM.fullmatch(weekday)
    if match is None or (match.group(2) is not None and not 1 <= int(match.group(2)) <= 53):
        raise _invalid_rule("Each BYDAY value is a weekday such as TU, optionally as 2TU or -1FR.")


def _local_until(until: str) -> str:
    """UNTIL as naive Helsinki wall-clock time, to compare with the naive local starts."""
    try:
        if _UNTIL_UTC.fullmatch(until):
            # RFC 5545 asks for UTC when DTSTART has a time zone, as ours does in effect.
            moment = datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            return moment.astimezone(HELSINKI).strftime("%Y%m%dT%H%M%S")
        if _UNTIL_LOCAL.fullmatch(until):
            datetime.strptime(until, "%Y%m%dT%H%M%S")  # only to refuse impossible dates
            return until
        if _UNTIL_DATE.fullmatch(until):
            # A bare date means the whole of that local day: "until 3 November" includes it.
            datetime.strptime(until, "%Y%m%d")
            return f"{until}T235959"
    except (ValueError, OverflowError) as error:
        raise _invalid_rule(f"UNTIL {until} is not a real date.") from error
    raise _invalid_rule("UNTIL must be a date (20261231) or a date-time (20261231T170000[Z]).")


def _invalid_rule(detail: str) -> Problem:
    return Problem(422, "Invalid recurrence rule", detail)
