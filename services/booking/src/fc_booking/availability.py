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
from collections import defaultdict
from collections.abc import Mapping, Sequence
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
MAX_BACK = timedelta(days=366)  # a rule (or closure) reaches at most a year into the past
# The problem type of a rule refused by `check_bounds`, before any expansion.
OUT_OF_BOUNDS = "https://familjecentret.fi/problems/recurrence-rule-out-of-bounds"

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
# A sign needs its number (RFC 5545 weekdaynum): a bare "+SA" once reached int("+").
_BYDAY_ITEM = re.compile(rf"(?:([+-]?)(\d{{1,2}}))?{_WEEKDAY}")
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
    parts = parse_rule(rrule)
    check_bounds(parts, first_start=first_start, exdates=exdates, now=now)
    local_starts = _local_starts(_rule_text(parts), first_start)
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


def _local_starts(value: str, first_start: datetime) -> list[datetime]:
    """Naive local starts of the rule, at most MAX_OCCURRENCES + 1 of them."""
    try:
        rule = rrulestr(value, dtstart=first_start)
        # One more than allowed is enough to tell that a rule produces too many.
        starts: list[datetime] = list(islice(rule, MAX_OCCURRENCES + 1))
    except (ValueError, TypeError, KeyError, OverflowError) as error:
        raise _invalid_rule(f"The rule cannot be read: {error}.") from error
    return starts


def _rule_text(parts: Mapping[str, str]) -> str:
    return ";".join(f"{name}={item}" for name, item in parts.items())


def parse_rule(rrule: str) -> dict[str, str]:
    """Validate an RRULE value into its parts, UNTIL rewritten for a naive local DTSTART."""
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
    return parts


# Bounded work: dateutil searches period after period until a rule gives what was asked
# (COUNT occurrences, or one past UNTIL), to the year 9999 if it never does: a rule such as
# 30 February held a worker for seconds. So the rule's occurrences inside the window that
# may hold slots are counted first, day by day over at most a few years, from its parts
# alone; a rule that does not give them there is refused without being expanded.


def check_bounds(
    parts: Mapping[str, str], *, first_start: datetime, exdates: Sequence[date] = (), now: datetime
) -> None:
    """Refuse (422, type OUT_OF_BOUNDS) a rule whose expansion is not bounded by the window
    from a year back to MAX_HORIZON ahead: a first start or except date outside it, COUNT
    above MAX_OCCURRENCES, UNTIL beyond it, COUNT sessions that do not all fall inside it,
    or an UNTIL rule with no session at all (one that can never happen, as 31 February),
    and BYDAY ordinals beyond the period they count in."""
    _check_ordinals(parts)
    local_now = now.astimezone(HELSINKI).replace(tzinfo=None)
    earliest, latest = local_now - MAX_BACK, local_now + MAX_HORIZON
    if not earliest <= first_start <= latest:
        raise _out_of_bounds(
            f"The first start must be within a year back and {MAX_HORIZON.days} days ahead."
        )
    if any(not earliest.date() <= day <= latest.date() for day in exdates):
        raise _out_of_bounds(
            f"Except dates must be within a year back and {MAX_HORIZON.days} days ahead."
        )
    count = int(parts.get("COUNT", "0"))
    if count > MAX_OCCURRENCES:
        raise _out_of_bounds(
            f"COUNT may be at most {MAX_OCCURRENCES}; split the rule into several."
        )
    until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%S") if "UNTIL" in parts else None
    if until is not None and until > latest:
        raise _out_of_bounds(f"UNTIL must be within {MAX_HORIZON.days} days from now.")
    found = occurrences_within(parts, first_start=first_start, last=until or latest)
    if count and found < count:
        raise _out_of_bounds(
            f"Only {found} of the {count} sessions fall within {MAX_HORIZON.days} days from "
            "now: the rule reaches too far, or asks for days that never come (such as 31 "
            "February)."
        )
    if until is not None and found == 0:
        raise _out_of_bounds(
            "The rule gives no session before UNTIL: it asks for days that "
            "never come (such as 31 February)."
        )
    if until is not None and found > MAX_OCCURRENCES:
        raise _out_of_bounds(
            f"A rule may produce at most {MAX_OCCURRENCES} occurrences; "
            "use an earlier UNTIL, or split it into several rules."
        )


def _check_ordinals(parts: Mapping[str, str]) -> None:
    """A BYDAY ordinal counts within the month for MONTHLY rules and YEARLY ones with
    BYMONTH (at most a 5th or -5th weekday), within the year for other YEARLY rules (53rd).
    dateutil takes any up to 53 and, for one past the month, indexes beyond its own month
    table (IndexError: a 500, not a refusal). Weekly and daily rules ignore ordinals."""
    frequency = parts["FREQ"]
    if frequency == "MONTHLY" or (frequency == "YEARLY" and "BYMONTH" in parts):
        limit, period = 5, "a month"
    elif frequency == "YEARLY":
        limit, period = 53, "a year"
    else:
        return
    for item in parts.get("BYDAY", "").split(","):
        ordinal = item[:-2].lstrip("+-")
        if ordinal and int(ordinal) > limit:
            raise _out_of_bounds(
                f"BYDAY {item} asks for more of that weekday than {period} "
                f"has: use ordinals from -{limit} to {limit}."
            )


def occurrences_within(parts: Mapping[str, str], *, first_start: datetime, last: datetime) -> int:
    """How many starts the rule gives from `first_start` to `last` (naive local), as dateutil
    would give them (its defaults, INTERVAL, BY* filters and BYSETPOS included), worked out
    over the whole years around them: bounded work, whatever the rule."""
    rule = _Rule(parts, first_start)
    periods: dict[int, list[date]] = defaultdict(list)
    # dateutil's first week starts on the first start's day, its months and years whole.
    day = first_start.date() if rule.frequency == "WEEKLY" else date(first_start.year, 1, 1)
    while day.year <= last.year:
        period = rule.period(day)
        if period % rule.interval == 0 and rule.matches(day):
            periods[period].append(day)
        day += timedelta(days=1)
    found = 0
    for days in periods.values():
        for chosen in rule.by_position(days):
            if first_start <= datetime.combine(chosen, first_start.time()) <= last:
                found += 1
    return found


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _numbers(parts: Mapping[str, str], name: str) -> set[int]:
    return {int(number) for number in parts[name].split(",")} if name in parts else set()


class _Rule:
    """An RRULE's day filters, as dateutil applies them (plain and ordinal weekdays must
    both hold when both are given, ordinals count within the month for MONTHLY and for
    YEARLY with BYMONTH, and a rule without BY* days repeats the first start's day)."""

    def __init__(self, parts: Mapping[str, str], first_start: datetime) -> None:
        self.frequency = parts["FREQ"]
        self.interval = int(parts.get("INTERVAL", "1"))
        self.week_start = _WEEKDAYS.index(parts.get("WKST", "MO"))
        self.months = _numbers(parts, "BYMONTH")
        self.month_days = _numbers(parts, "BYMONTHDAY")
        self.year_days = _numbers(parts, "BYYEARDAY")
        self.week_numbers = _numbers(parts, "BYWEEKNO")
        self.positions = _numbers(parts, "BYSETPOS")
        self.weekdays: set[int] = set()
        self.nth_weekdays: set[tuple[int, int]] = set()
        for item in parts["BYDAY"].split(",") if "BYDAY" in parts else []:
            weekday, ordinal = _WEEKDAYS.index(item[-2:]), item[:-2]
            if ordinal and self.frequency in ("MONTHLY", "YEARLY"):
                self.nth_weekdays.add((int(ordinal), weekday))
            else:  # dateutil ignores an ordinal in a weekly or daily rule
                self.weekdays.add(weekday)
        start = first_start.date()
        if not (
            self.week_numbers
            or self.year_days
            or self.month_days
            or self.weekdays
            or self.nth_weekdays
        ):
            if self.frequency == "YEARLY":
                self.months = self.months or {start.month}
                self.month_days = {start.day}
            elif self.frequency == "MONTHLY":
                self.month_days = {start.day}
            elif self.frequency == "WEEKLY":
                self.weekdays = {start.weekday()}
        self.start = start
        self.first_week = start - timedelta(days=(start.weekday() - self.week_start) % 7)

    def period(self, day: date) -> int:
        """The period's index counted from the first start's (INTERVAL picks every n-th)."""
        if self.frequency == "YEARLY":
            return day.year - self.start.year
        if self.frequency == "MONTHLY":
            return (day.year - self.start.year) * 12 + day.month - self.start.month
        if self.frequency == "WEEKLY":
            return (day - self.first_week).days // 7
        return (day - self.start).days

    def matches(self, day: date) -> bool:
        month_length = _month_end(day).day
        year_length = 366 if _is_leap(day.year) else 365
        year_day = day.timetuple().tm_yday
        return not (
            (self.months and day.month not in self.months)
            or (self.week_numbers and not self._in_week(day))
            or (self.weekdays and day.weekday() not in self.weekdays)
            or (self.nth_weekdays and not self._nth_weekday(day))
            or (
                self.month_days
                and day.day not in self.month_days
                and day.day - month_length - 1 not in self.month_days
            )
            or (
                self.year_days
                and year_day not in self.year_days
                and year_day - year_length - 1 not in self.year_days
            )
        )

    def by_position(self, days: list[date]) -> list[date]:
        if not self.positions:
            return days
        return sorted(
            {days[p - 1 if p > 0 else p] for p in self.positions if -len(days) <= p <= len(days)}
        )

    def _nth_weekday(self, day: date) -> bool:
        if self.frequency == "MONTHLY" or self.months:
            first, last = day.replace(day=1), _month_end(day)
        else:
            first, last = date(day.year, 1, 1), date(day.year, 12, 31)
        from_start = (day - first).days // 7 + 1
        from_end = -((last - day).days // 7 + 1)
        return any(
            weekday == day.weekday() and ordinal in (from_start, from_end)
            for ordinal, weekday in self.nth_weekdays
        )

    def _in_week(self, day: date) -> bool:
        # RFC 5545: week 1 is the first week (starting on WKST) with four days of the year.
        year = day.year
        if day < self._week_one(year):
            year -= 1
        elif day >= self._week_one(year + 1):
            year += 1
        week = (day - self._week_one(year)).days // 7 + 1
        weeks = (self._week_one(year + 1) - self._week_one(year)).days // 7
        return week in self.week_numbers or week - weeks - 1 in self.week_numbers

    def _week_one(self, year: int) -> date:
        january = date(year, 1, 1)
        offset = (january.weekday() - self.week_start) % 7
        week = january - timedelta(days=offset)
        return week if 7 - offset >= 4 else week + timedelta(days=7)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _out_of_bounds(detail: str) -> Problem:
    return Problem(422, "Recurrence rule out of bounds", detail, type_=OUT_OF_BOUNDS)


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
