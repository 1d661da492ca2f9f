"""Reading an RFC 5545 RRULE value and bounding the work its expansion may take, before any
expansion: a rule a client could have got wrong is refused (422) with what to change."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from fc_booking.domain.helsinki import HELSINKI
from fc_booking.domain.rule_days import RuleDays
from fc_shared.refusals import Kind, Refused

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


def rule_text(parts: Mapping[str, str]) -> str:
    return ";".join(f"{name}={item}" for name, item in parts.items())


def parse_rule(rrule: str) -> dict[str, str]:
    """Validate an RRULE value into its parts, UNTIL rewritten for a naive local DTSTART."""
    parts = _split_parts(rrule)
    _check_frequency_and_end(parts)
    for name in ("COUNT", "INTERVAL"):
        if name in parts and not (parts[name].isdigit() and int(parts[name]) >= 1):
            raise invalid_rule(f"{name} must be a whole number of at least 1.")
    for name, (low, high, signed) in _NUMBER_LISTS.items():
        if name in parts:
            for number in parts[name].split(","):
                _check_number(name, number, low, high, signed)
    if "BYDAY" in parts:
        for weekday in parts["BYDAY"].split(","):
            _check_weekday(weekday)
    if "WKST" in parts and not re.fullmatch(_WEEKDAY, parts["WKST"]):
        raise invalid_rule("WKST must be one of MO, TU, WE, TH, FR, SA, SU.")
    if "UNTIL" in parts:
        parts["UNTIL"] = _local_until(parts["UNTIL"])
    return parts


def _split_parts(rrule: str) -> dict[str, str]:
    """The NAME=VALUE parts of one RRULE value, names known and given once."""
    text = rrule.strip()
    if "DTSTART" in text.upper():
        raise Refused(
            Kind.INVALID,
            "start_given_in_the_rule",
            "Start given in the rule",
            "Leave DTSTART out of the rule; the first start is given separately as local "
            "Helsinki time.",
        )
    if text[:6].upper() == "RRULE:":
        text = text[6:]
    if not text or any(character in text for character in ":\r\n"):
        raise invalid_rule("Give one RRULE value, such as FREQ=WEEKLY;BYDAY=TU;COUNT=10.")
    parts: dict[str, str] = {}
    for part in text.split(";"):
        if not part.strip():
            continue  # a trailing or doubled semicolon is harmless
        name, equals, item = part.partition("=")
        name, item = name.strip().upper(), item.strip().upper()
        if not equals or not name or not item:
            raise invalid_rule(f"'{part.strip()}' is not of the form NAME=VALUE.")
        if name in parts:
            raise invalid_rule(f"{name} appears more than once.")
        if name not in _KNOWN_PARTS:
            raise invalid_rule(f"{name} is not a recurrence rule part.")
        parts[name] = item
    return parts


def _check_frequency_and_end(parts: Mapping[str, str]) -> None:
    frequency = parts.get("FREQ")
    if frequency in _SUB_DAILY or _TIME_OF_DAY_PARTS & parts.keys():
        raise Refused(
            Kind.INVALID,
            "unsupported_recurrence_rule",
            "Unsupported recurrence rule",
            "A rule repeats daily, weekly, monthly or yearly; the time of day comes from the "
            "first start, so hourly rules and BYHOUR, BYMINUTE and BYSECOND are not accepted.",
        )
    if frequency not in _FREQUENCIES:
        raise invalid_rule("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY.")
    if "COUNT" in parts and "UNTIL" in parts:
        raise invalid_rule("A rule ends by COUNT or by UNTIL, not both.")
    if "COUNT" not in parts and "UNTIL" not in parts:
        raise Refused(
            Kind.INVALID,
            "endless_recurrence_rule",
            "Endless recurrence rule",
            "A rule must end: give COUNT (how many times) or UNTIL (the last date).",
        )


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
    # Naive local wall-clock time, as the starts it is compared with.
    until = (
        datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%S")  # noqa: DTZ007
        if "UNTIL" in parts
        else None
    )
    if until is not None and until > latest:
        raise _out_of_bounds(f"UNTIL must be within {MAX_HORIZON.days} days from now.")
    found = occurrences_within(parts, first_start=first_start, last=until or latest)
    _check_sessions_found(found, count=count, until=until)


def _check_sessions_found(found: int, *, count: int, until: datetime | None) -> None:
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
    rule = RuleDays(parts, first_start)
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


def _out_of_bounds(detail: str) -> Refused:
    # `type_` becomes the problem's type at the HTTP edge (fc_shared.problems.Problem.of).
    return Refused(
        Kind.INVALID,
        "recurrence_rule_out_of_bounds",
        "Recurrence rule out of bounds",
        detail,
        type_=OUT_OF_BOUNDS,
    )


def _check_number(name: str, number: str, low: int, high: int, signed: bool) -> None:
    match = _SIGNED_NUMBER.fullmatch(number)
    if (
        match is None
        or (match.group(1) == "-" and not signed)
        or not low <= int(match.group(2)) <= high
    ):
        sign = "±" if signed else ""
        raise invalid_rule(f"Each {name} value must be {sign}{low} to {sign}{high}.")


def _check_weekday(weekday: str) -> None:
    match = _BYDAY_ITEM.fullmatch(weekday)
    if match is None or (match.group(2) is not None and not 1 <= int(match.group(2)) <= 53):
        raise invalid_rule("Each BYDAY value is a weekday such as TU, optionally as 2TU or -1FR.")


def _local_until(until: str) -> str:
    """UNTIL as naive Helsinki wall-clock time, to compare with the naive local starts."""
    try:
        if _UNTIL_UTC.fullmatch(until):
            # RFC 5545 asks for UTC when DTSTART has a time zone, as ours does in effect.
            moment = datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            return moment.astimezone(HELSINKI).strftime("%Y%m%dT%H%M%S")
        if _UNTIL_LOCAL.fullmatch(until):
            datetime.strptime(until, "%Y%m%dT%H%M%S")  # noqa: DTZ007 - only to refuse impossible dates
            return until
        if _UNTIL_DATE.fullmatch(until):
            # A bare date means the whole of that local day: "until 3 November" includes it.
            datetime.strptime(until, "%Y%m%d")  # noqa: DTZ007 - only to refuse impossible dates
            return f"{until}T235959"
    except (ValueError, OverflowError) as error:
        raise invalid_rule(f"UNTIL {until} is not a real date.") from error
    raise invalid_rule("UNTIL must be a date (20261231) or a date-time (20261231T170000[Z]).")


def invalid_rule(detail: str) -> Refused:
    return Refused(Kind.INVALID, "invalid_recurrence_rule", "Invalid recurrence rule", detail)
