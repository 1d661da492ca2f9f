"""Queues: when each is open, how many it can take, and what a visitor is told.

Office hours are weekly wall-clock windows in Europe/Helsinki (a 09:00 opening stays 09:00
across daylight-saving changes), closed on Finnish public holidays unless the queue says
otherwise (the `holidays` package's calendar for Finland, so Midsummer Eve and Epiphany
need no list of ours). A queue's capacity is the professionals on duty in it times each
one's limit of simultaneous chats; a queue takes a new chat only while fewer chats wait
than that, so nobody is put in a line that will not be answered this round.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from uuid import UUID
from zoneinfo import ZoneInfo

import holidays

from fc_shared.refusals import Refused, conflict, invalid, not_allowed

HELSINKI = ZoneInfo("Europe/Helsinki")
LANGUAGES = ("sv", "fi", "en")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# How far ahead "opens at" looks: beyond a fortnight a queue is, for a visitor, closed.
_LOOKAHEAD_DAYS = 14


class Audience(StrEnum):
    """Who a queue is for: guardians (for themselves or a child), youths, or both."""

    FAMILY = "family"
    YOUTH = "youth"
    EVERYONE = "everyone"


@dataclass(frozen=True, slots=True)
class HelpNumber:
    """Other help shown when a queue cannot take a chat: a name per language, a number."""

    names: dict[str, str]
    number: str


@dataclass(frozen=True, slots=True)
class Window:
    """One opening on one weekday, Helsinki wall-clock time; `end` 00:00 means midnight."""

    weekday: int  # 0 = Monday
    start: time
    end: time

    def contains(self, moment: time) -> bool:
        return self.start <= moment and (moment < self.end or self.end == time(0))


@dataclass(frozen=True, slots=True)
class Queue:
    id: UUID
    code: str
    names: dict[str, str]
    language: str
    municipality_code: str | None
    audience: Audience
    allows_anonymous: bool
    topics: tuple[str, ...]
    hours: tuple[Window, ...]
    closed_on_public_holidays: bool
    default_limit: int  # a professional's simultaneous chats unless they set their own
    max_wait_minutes: int  # a chat waiting longer is closed with the away message
    visitor_gone_seconds: int  # a waiting visitor silent this long has left
    away_messages: dict[str, str]
    help_numbers: tuple[HelpNumber, ...]
    retention_days: int
    average_chat_minutes: int = 15  # the expected wait's unit until there is history

    def name_in(self, language: str) -> str:
        return _in_language(self.names, language, self.code)

    def away_message_in(self, language: str) -> str:
        return _in_language(self.away_messages, language, "")


class Availability(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # outside office hours, or a public holiday
    FULL = "full"  # open, but as many wait as those on duty can take


@dataclass(frozen=True, slots=True)
class QueueState:
    """A queue as a visitor sees it at one moment."""

    queue: Queue
    availability: Availability
    opens_at: datetime | None
    on_duty: int
    capacity: int
    waiting: int
    expected_wait_minutes: int | None


@dataclass(frozen=True, slots=True)
class Load:
    """How busy a queue is: the limits of those on duty, the chats waiting and those
    being answered."""

    duty_limits: tuple[int, ...] = ()
    waiting: int = 0
    recent_average_minutes: float | None = None
    active: int = 0  # chats of the queue professionals have now

    @property
    def capacity(self) -> int:
        return sum(self.duty_limits)


@lru_cache(maxsize=8)
def _finnish_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("FI", years=year)


def is_public_holiday(day: date) -> bool:
    return day in _finnish_holidays(day.year)


def is_open(queue: Queue, at: datetime) -> bool:
    """Whether the queue's office hours cover `at` (an aware datetime)."""
    local = at.astimezone(HELSINKI)
    if queue.closed_on_public_holidays and is_public_holiday(local.date()):
        return False
    moment = local.time().replace(tzinfo=None)
    return any(w.weekday == local.weekday() and w.contains(moment) for w in queue.hours)


def opens_at(queue: Queue, at: datetime) -> datetime | None:
    """The next opening after `at`, or None when none falls within two weeks."""
    local = at.astimezone(HELSINKI)
    for days in range(_LOOKAHEAD_DAYS + 1):
        day = local.date() + timedelta(days=days)
        if queue.closed_on_public_holidays and is_public_holiday(day):
            continue
        starts = sorted(w.start for w in queue.hours if w.weekday == day.weekday())
        for start in starts:
            opening = datetime.combine(day, start, HELSINKI)
            if opening > local:
                return opening
    return None


def state_of(queue: Queue, load: Load, at: datetime) -> QueueState:
    if not is_open(queue, at):
        availability = Availability.CLOSED
    elif load.capacity == 0 or load.waiting >= load.capacity:
        availability = Availability.FULL
    else:
        availability = Availability.OPEN
    return QueueState(
        queue=queue,
        availability=availability,
        opens_at=None if availability is not Availability.CLOSED else opens_at(queue, at),
        on_duty=len(load.duty_limits),
        capacity=load.capacity,
        waiting=load.waiting,
        expected_wait_minutes=expected_wait(queue, load, load.waiting + 1),
    )


def expected_wait(queue: Queue, load: Load, position: int) -> int | None:
    """Minutes until the chat at `position` (1 = next) is likely taken. While a place is
    free among those on duty (their limits less the chats they have), it is the moment a
    professional needs to notice: at most 5 minutes. Beyond that, each chat that must end
    first frees a place in about the recent average chat length divided by the places on
    duty. None when nobody is on duty: there is no honest estimate."""
    if load.capacity == 0:
        return None
    average = load.recent_average_minutes or queue.average_chat_minutes
    noticing = min(average, 5)
    must_end_first = load.active + position - load.capacity
    if must_end_first <= 0:
        return max(1, math.ceil(noticing))
    return max(1, math.ceil(noticing + must_end_first * average / load.capacity))


@dataclass(frozen=True, slots=True)
class TurnedAway:
    """Why a request got no place: the queue is closed or full."""

    availability: Availability
    state: QueueState = field(repr=False)


def admission(state: QueueState) -> TurnedAway | None:
    """None when the queue takes the chat now."""
    if state.availability is Availability.OPEN:
        return None
    return TurnedAway(state.availability, state)


def turned_away(away: TurnedAway, language: str) -> Refused:
    """The refusal a visitor gets: the away message, other help, and when it opens."""
    queue = away.state.queue
    extra = {
        "away_message": queue.away_message_in(language),
        "help_numbers": [
            {"name": _in_language(h.names, language, h.number), "number": h.number}
            for h in queue.help_numbers
        ],
        "opens_at": away.state.opens_at.isoformat() if away.state.opens_at else None,
    }
    if away.availability is Availability.CLOSED:
        return conflict(
            "queue_closed",
            "The chat is closed now",
            f"The chat '{queue.code}' is outside its office hours.",
            **extra,
        )
    return conflict(
        "queue_full",
        "The chat is full now",
        f"Everyone on duty in '{queue.code}' is busy and the queue is full; try again later.",
        **extra,
    )


def check_queue(queue: Queue) -> None:
    """A queue's settings that make sense together."""
    if queue.language not in LANGUAGES:
        raise invalid("unknown_language", "Unknown language", "Use sv, fi or en.")
    if not 1 <= queue.default_limit <= 10:
        raise invalid("limit_out_of_range", "Limit out of range", "Between 1 and 10 chats.")
    for window in queue.hours:
        if window.end != time(0) and window.end <= window.start:
            raise invalid(
                "hours_make_no_sense",
                "Office hours make no sense",
                f"An opening on {WEEKDAYS[window.weekday]} ends before it starts.",
            )
    if not any(queue.names.values()):
        raise invalid("name_required", "A name is required", "Give the queue a name.")


def _in_language(texts: dict[str, str], language: str, default: str) -> str:
    for candidate in (language, "sv", "fi", "en"):
        if texts.get(candidate):
            return texts[candidate]
    return default


def check_may_start(
    queue: Queue, *, anonymous: bool, guardian: bool, youth: bool, for_child: bool
) -> None:
    """Who may start a chat in this queue: anonymously only where it allows that; a youth
    queue is for youths, a family queue for guardians; on behalf of a child only a guardian."""
    if anonymous and not queue.allows_anonymous:
        raise not_allowed(
            "sign_in_required", "Sign in to use this chat; it does not take anonymous chats."
        )
    if queue.audience is Audience.YOUTH and guardian and not youth:
        raise not_allowed("youth_only", "This chat is for young people themselves.")
    if queue.audience is Audience.FAMILY and youth and not guardian:
        raise not_allowed("guardians_only", "This chat is for guardians; try a youth chat.")
    if for_child and not guardian:
        raise not_allowed("guardians_only", "Only a guardian chats on behalf of a child.")
