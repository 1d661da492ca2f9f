"""When a queue is open, when it next opens, how long a visitor is told to wait, and who may
start a chat in it: office hours in Helsinki wall-clock time (across daylight saving, with
a window ending at midnight), closed on Finnish public holidays, full when as many wait as
those on duty can take."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import uuid4

import pytest

from fc_chat.domain.queues import (
    HELSINKI,
    Audience,
    Availability,
    HelpNumber,
    Load,
    Queue,
    Window,
    admission,
    check_may_start,
    check_queue,
    expected_wait,
    is_open,
    is_public_holiday,
    opens_at,
    state_of,
    turned_away,
)
from fc_shared.refusals import Kind, Refused

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WEEKDAYS_9_TO_15 = tuple(Window(day, time(9), time(15)) for day in (MON, TUE, WED, THU, FRI))


def queue(**changes: Any) -> Queue:
    """A weekday 09–15 queue, closed on public holidays, unless `changes` say otherwise."""
    base = Queue(
        id=uuid4(),
        code="family-counselling",
        names={"sv": "Familjerådgivningen", "fi": "Perheneuvola"},
        language="sv",
        municipality_code="091",
        audience=Audience.EVERYONE,
        allows_anonymous=True,
        topics=(),
        hours=WEEKDAYS_9_TO_15,
        closed_on_public_holidays=True,
        default_limit=3,
        max_wait_minutes=30,
        visitor_gone_seconds=120,
        away_messages={"sv": "Vi svarar igen på måndag.", "fi": "Vastaamme taas maanantaina."},
        help_numbers=(HelpNumber({"sv": "Kristelefonen", "fi": "Kriisipuhelin"}, "09 2525 0112"),),
        retention_days=365,
    )
    return replace(base, **changes)


def helsinki(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=HELSINKI)


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# Office hours


def test_a_window_ending_at_midnight_covers_the_evening_to_its_last_second() -> None:
    evening = queue(hours=(Window(FRI, time(20), time(0)),))
    friday = (2026, 6, 12)  # an ordinary Friday
    assert not is_open(evening, helsinki(*friday, 19, 59, 59))
    assert is_open(evening, helsinki(*friday, 20, 0))
    assert is_open(evening, helsinki(*friday, 23, 59, 59))
    assert not is_open(evening, helsinki(2026, 6, 13, 0, 0))  # Saturday has no window
    assert not is_open(evening, helsinki(2026, 6, 11, 22, 0))  # nor has Thursday


def test_a_window_from_midnight_to_midnight_is_the_whole_day() -> None:
    whole = queue(hours=(Window(WED, time(0), time(0)),))
    assert is_open(whole, helsinki(2026, 6, 10, 0, 0))
    assert is_open(whole, helsinki(2026, 6, 10, 12, 0))
    assert is_open(whole, helsinki(2026, 6, 10, 23, 59, 59))
    assert not is_open(whole, helsinki(2026, 6, 11, 0, 0))


def test_an_evening_window_and_the_next_mornings_join_across_midnight() -> None:
    night = queue(hours=(Window(FRI, time(22), time(0)), Window(SAT, time(0), time(2))))
    assert is_open(night, helsinki(2026, 6, 12, 23, 59, 59))
    assert is_open(night, helsinki(2026, 6, 13, 0, 0))
    assert is_open(night, helsinki(2026, 6, 13, 1, 59))
    assert not is_open(night, helsinki(2026, 6, 13, 2, 0))


def test_office_hours_stay_at_nine_helsinki_time_across_daylight_saving() -> None:
    nine_to_three = queue()
    # Winter time (UTC+2) the Monday before the clocks go forward on Sunday 29 March 2026.
    assert not is_open(nine_to_three, utc(2026, 3, 23, 6, 59))
    assert is_open(nine_to_three, utc(2026, 3, 23, 7, 0))
    # Summer time (UTC+3) the Monday after: nine o'clock is an hour earlier in UTC.
    assert not is_open(nine_to_three, utc(2026, 3, 30, 5, 59))
    assert is_open(nine_to_three, utc(2026, 3, 30, 6, 0))
    assert is_open(nine_to_three, utc(2026, 3, 30, 11, 59))
    assert not is_open(nine_to_three, utc(2026, 3, 30, 12, 0))
    # And back to winter time after Sunday 25 October 2026.
    assert is_open(nine_to_three, utc(2026, 10, 19, 6, 0))
    assert not is_open(nine_to_three, utc(2026, 10, 26, 6, 0))
    assert is_open(nine_to_three, utc(2026, 10, 26, 7, 0))


def test_the_next_opening_across_a_daylight_saving_weekend_is_nine_local_time() -> None:
    nine_to_three = queue()
    # From Saturday before the spring change: Monday 09:00 summer time, 06:00 UTC.
    spring = opens_at(nine_to_three, helsinki(2026, 3, 28, 12, 0))
    assert spring == utc(2026, 3, 30, 6, 0)
    assert spring is not None
    assert spring.astimezone(HELSINKI).hour == 9
    # From Friday afternoon before the autumn change: Monday 09:00 winter time, 07:00 UTC.
    autumn = opens_at(nine_to_three, helsinki(2026, 10, 23, 16, 0))
    assert autumn == utc(2026, 10, 26, 7, 0)


# Public holidays


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 6, 19),  # Midsummer Eve (juhannusaatto), a Friday
        date(2026, 6, 20),  # Midsummer Day
        date(2026, 12, 24),  # Christmas Eve
        date(2026, 12, 25),  # Christmas Day
        date(2026, 12, 26),  # Boxing Day
        date(2026, 1, 6),  # Epiphany
        date(2026, 12, 6),  # Independence Day
    ],
)
def test_finnish_public_holidays_are_known(day: date) -> None:
    assert is_public_holiday(day)


def test_ordinary_days_are_not_holidays() -> None:
    assert not is_public_holiday(date(2026, 6, 18))
    assert not is_public_holiday(date(2026, 12, 23))
    assert not is_public_holiday(date(2026, 6, 22))


def test_a_queue_is_closed_on_midsummer_eve_and_christmas_within_its_hours() -> None:
    weekdays = queue()
    assert is_open(weekdays, helsinki(2026, 6, 18, 12, 0))  # the Thursday before
    assert not is_open(weekdays, helsinki(2026, 6, 19, 12, 0))  # Midsummer Eve, a Friday
    assert not is_open(weekdays, helsinki(2026, 12, 24, 12, 0))  # Christmas Eve, a Thursday
    assert not is_open(weekdays, helsinki(2026, 12, 25, 12, 0))  # Christmas Day, a Friday
    assert is_open(weekdays, helsinki(2026, 12, 28, 12, 0))


def test_a_queue_that_stays_open_on_holidays_is_open_on_midsummer_eve() -> None:
    always = queue(closed_on_public_holidays=False)
    assert is_open(always, helsinki(2026, 6, 19, 12, 0))
    assert is_open(always, helsinki(2026, 12, 24, 12, 0))


def test_the_next_opening_skips_midsummer() -> None:
    weekdays = queue()
    # Thursday after closing: Friday is Midsummer Eve, Saturday Midsummer Day, then Sunday.
    assert opens_at(weekdays, helsinki(2026, 6, 18, 16, 0)) == helsinki(2026, 6, 22, 9, 0)
    # On Midsummer Eve morning itself.
    assert opens_at(weekdays, helsinki(2026, 6, 19, 8, 0)) == helsinki(2026, 6, 22, 9, 0)


def test_the_next_opening_skips_christmas() -> None:
    weekdays = queue()
    # Wednesday 23 December after closing: Thursday to Saturday are holidays.
    assert opens_at(weekdays, helsinki(2026, 12, 23, 16, 0)) == helsinki(2026, 12, 28, 9, 0)
    # A queue open on holidays opens on Christmas Eve.
    open_on_holidays = queue(closed_on_public_holidays=False)
    assert opens_at(open_on_holidays, helsinki(2026, 12, 23, 16, 0)) == helsinki(2026, 12, 24, 9, 0)


def test_the_next_opening_is_later_the_same_day_when_there_is_one() -> None:
    split = queue(hours=(Window(MON, time(9), time(11)), Window(MON, time(13), time(15))))
    monday = (2026, 6, 15)
    assert opens_at(split, helsinki(*monday, 8, 0)) == helsinki(*monday, 9, 0)
    assert opens_at(split, helsinki(*monday, 12, 0)) == helsinki(*monday, 13, 0)
    assert opens_at(split, helsinki(*monday, 15, 0)) == helsinki(2026, 6, 22, 9, 0)


def test_a_queue_without_hours_never_opens() -> None:
    assert opens_at(queue(hours=()), helsinki(2026, 6, 15, 8, 0)) is None
    assert not is_open(queue(hours=()), helsinki(2026, 6, 15, 10, 0))


def test_hours_that_end_before_they_start_are_refused_but_midnight_is_an_end() -> None:
    with pytest.raises(Refused) as refused:
        check_queue(queue(hours=(Window(MON, time(15), time(9)),)))
    assert refused.value.code == "hours_make_no_sense"
    check_queue(queue(hours=(Window(MON, time(20), time(0)),)))


# The expected wait


def test_nobody_on_duty_gives_no_estimate() -> None:
    assert expected_wait(queue(), Load(), 1) is None


def test_a_free_place_waits_a_few_minutes_and_each_chat_to_end_first_adds_its_share() -> None:
    two_on_duty = Load(duty_limits=(1, 1))  # two chats at a time, 15 minutes each by default
    assert expected_wait(queue(), two_on_duty, 1) == 5
    assert expected_wait(queue(), two_on_duty, 2) == 5
    assert expected_wait(queue(), two_on_duty, 3) == 13  # 5 + 1 chat to end x 15 / 2 places
    assert expected_wait(queue(), two_on_duty, 5) == 28  # 5 + 3 x 15 / 2


def test_the_recent_average_chat_replaces_the_queues_assumption() -> None:
    quick = Load(duty_limits=(2,), recent_average_minutes=4.0)
    assert expected_wait(queue(), quick, 1) == 4
    assert expected_wait(queue(), quick, 3) == 6  # 4 + 1 x 4 / 2
    assert expected_wait(queue(average_chat_minutes=30), Load(duty_limits=(1,)), 2) == 35


def test_chats_being_answered_take_places_first() -> None:
    # Two places, both busy: the next in line waits for one chat to end.
    busy = Load(duty_limits=(1, 1), active=2)
    assert expected_wait(queue(), busy, 1) == 13  # 5 + 1 x 15 / 2
    assert expected_wait(queue(), Load(duty_limits=(1, 1), active=1), 1) == 5


def test_the_estimate_is_never_under_a_minute() -> None:
    instant = Load(duty_limits=(3,), recent_average_minutes=0.2)
    assert expected_wait(queue(), instant, 1) == 1


# What a visitor is told


MONDAY_NOON = helsinki(2026, 6, 15, 12, 0)
MONDAY_EVENING = helsinki(2026, 6, 15, 18, 0)


def test_outside_office_hours_a_queue_is_closed_and_says_when_it_opens() -> None:
    state = state_of(queue(), Load(duty_limits=(3,)), MONDAY_EVENING)
    assert state.availability is Availability.CLOSED
    assert state.opens_at == helsinki(2026, 6, 16, 9, 0)


def test_closed_wins_over_full() -> None:
    state = state_of(queue(), Load(), MONDAY_EVENING)
    assert state.availability is Availability.CLOSED


def test_a_queue_nobody_is_on_duty_in_is_full() -> None:
    state = state_of(queue(), Load(), MONDAY_NOON)
    assert state.availability is Availability.FULL
    assert state.opens_at is None
    assert state.expected_wait_minutes is None


def test_a_queue_is_full_when_as_many_wait_as_those_on_duty_can_take() -> None:
    full = state_of(queue(), Load((2, 1), waiting=3), MONDAY_NOON)
    assert full.availability is Availability.FULL
    # What the next would wait, were there room: a round of chats after those in line.
    assert full.expected_wait_minutes == 10  # 5 + 1 x 15 / 3
    assert state_of(queue(), Load((2, 1), waiting=4), MONDAY_NOON).availability is (
        Availability.FULL
    )


def test_a_queue_with_room_is_open_and_estimates_the_next_visitors_wait() -> None:
    state = state_of(queue(), Load((2, 1), waiting=2), MONDAY_NOON)
    assert state.availability is Availability.OPEN
    assert state.opens_at is None
    assert (state.on_duty, state.capacity, state.waiting) == (2, 3, 2)
    assert state.expected_wait_minutes == expected_wait(queue(), Load((2, 1), waiting=2), 3)


def test_a_closed_queue_turns_the_visitor_away_with_its_message_help_and_opening() -> None:
    state = state_of(queue(), Load(duty_limits=(3,)), MONDAY_EVENING)
    away = admission(state)
    assert away is not None
    refusal = turned_away(away, "fi")
    assert (refusal.kind, refusal.code) == (Kind.CONFLICT, "queue_closed")
    assert refusal.extensions["away_message"] == "Vastaamme taas maanantaina."
    assert refusal.extensions["help_numbers"] == [
        {"name": "Kriisipuhelin", "number": "09 2525 0112"}
    ]
    assert refusal.extensions["opens_at"] == helsinki(2026, 6, 16, 9, 0).isoformat()


def test_a_full_queue_turns_the_visitor_away_in_swedish_when_it_has_no_english() -> None:
    state = state_of(queue(), Load(), MONDAY_NOON)
    away = admission(state)
    assert away is not None
    refusal = turned_away(away, "en")
    assert refusal.code == "queue_full"
    assert refusal.extensions["away_message"] == "Vi svarar igen på måndag."
    assert refusal.extensions["help_numbers"][0]["name"] == "Kristelefonen"
    assert refusal.extensions["opens_at"] is None


def test_an_open_queue_admits() -> None:
    assert admission(state_of(queue(), Load((1,)), MONDAY_NOON)) is None


# Who may start a chat


def refused_code(q: Queue, **who: bool) -> str | None:
    flags = {"anonymous": False, "guardian": False, "youth": False, "for_child": False, **who}
    try:
        check_may_start(q, **flags)
    except Refused as refusal:
        return f"{refusal.kind.value} {refusal.code}"
    return None


def test_an_anonymous_visitor_needs_a_queue_that_takes_anonymous_chats() -> None:
    assert refused_code(queue(allows_anonymous=False), anonymous=True) == "403 sign_in_required"
    assert refused_code(queue(allows_anonymous=True), anonymous=True) is None


def test_a_youth_queue_is_for_youths_and_a_family_queue_for_guardians() -> None:
    youth = queue(audience=Audience.YOUTH)
    family = queue(audience=Audience.FAMILY)
    assert refused_code(youth, guardian=True) == "403 youth_only"
    assert refused_code(youth, youth=True) is None
    assert refused_code(youth, anonymous=True) is None
    assert refused_code(family, youth=True) == "403 guardians_only"
    assert refused_code(family, guardian=True) is None
    assert refused_code(queue(audience=Audience.EVERYONE), youth=True) is None


def test_only_a_guardian_chats_on_behalf_of_a_child() -> None:
    family = queue(audience=Audience.FAMILY)
    assert refused_code(family, guardian=True, for_child=True) is None
    assert refused_code(queue(), youth=True, for_child=True) == "403 guardians_only"
    assert refused_code(queue(), anonymous=True, for_child=True) == "403 guardians_only"
