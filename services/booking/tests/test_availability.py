"""Expanding a recurring rule: local wall-clock times, DST, holidays, closures and limits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fc_booking.domain import availability
from fc_booking.domain.availability import (
    HELSINKI,
    MAX_HORIZON,
    MAX_OCCURRENCES,
    OUT_OF_BOUNDS,
    Closure,
    Occurrence,
    check_bounds,
    expand,
    is_public_holiday,
    local_time,
    occurrences_within,
    parse_rule,
)
from fc_shared.refusals import Refused

HOUR = timedelta(hours=1)
AUTUMN_NOW = datetime(2026, 10, 1, tzinfo=UTC)
SPRING_NOW = datetime(2026, 3, 1, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def starts(occurrences: Sequence[Occurrence]) -> list[datetime]:
    return [occurrence.starts_at for occurrence in occurrences]


def local_days(occurrences: Sequence[Occurrence]) -> list[date]:
    return [occurrence.starts_at.astimezone(HELSINKI).date() for occurrence in occurrences]


def rejection(**changes: Any) -> str:
    """The title of the 422 problem expand answers with, for a valid call changed so."""
    arguments: dict[str, Any] = {
        "rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=10",
        "first_start": datetime(2026, 10, 20, 17, 0),
        "duration": 90 * timedelta(minutes=1),
        "now": AUTUMN_NOW,
    }
    with pytest.raises(Refused) as caught:
        expand(**(arguments | changes))
    assert caught.value.kind == 422
    assert caught.value.detail
    return caught.value.title


def test_a_weekly_group_stays_at_17_local_across_the_end_of_summer_time() -> None:
    occurrences = expand(
        rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=3",
        first_start=datetime(2026, 10, 20, 17, 0),
        duration=2 * HOUR,
        now=AUTUMN_NOW,
    )

    # Summer time ends on Sunday 25 October 2026: 17:00 is 14:00 UTC before, 15:00 after.
    assert starts(occurrences) == [
        utc(2026, 10, 20, 14),
        utc(2026, 10, 27, 15),
        utc(2026, 11, 3, 15),
    ]
    assert all(local_time(occurrence.starts_at) == time(17, 0) for occurrence in occurrences)
    assert all(occurrence.starts_at.tzinfo is UTC for occurrence in occurrences)
    assert [occurrence.ends_at for occurrence in occurrences] == [
        start + 2 * HOUR for start in starts(occurrences)
    ]


def test_a_weekly_group_stays_at_18_local_across_the_start_of_summer_time() -> None:
    occurrences = expand(
        rrule="FREQ=WEEKLY;BYDAY=TH;COUNT=3",
        first_start=datetime(2026, 3, 19, 18, 0),
        duration=HOUR,
        now=SPRING_NOW,
    )

    # Summer time starts on Sunday 29 March 2026: 18:00 is 16:00 UTC before, 15:00 after.
    assert starts(occurrences) == [utc(2026, 3, 19, 16), utc(2026, 3, 26, 16), utc(2026, 4, 2, 15)]
    assert all(local_time(occurrence.starts_at) == time(18, 0) for occurrence in occurrences)


def test_a_start_in_the_spring_forward_gap_moves_forward_by_the_gap() -> None:
    occurrences = expand(
        rrule="FREQ=DAILY;COUNT=3",
        first_start=datetime(2026, 3, 28, 3, 30),
        duration=HOUR,
        now=SPRING_NOW,
    )

    # 03:30 does not exist on 29 March 2026 (03:00 jumps to 04:00): it becomes 04:30.
    assert starts(occurrences) == [
        utc(2026, 3, 28, 1, 30),
        utc(2026, 3, 29, 1, 30),
        utc(2026, 3, 30, 0, 30),
    ]
    assert [local_time(start) for start in starts(occurrences)] == [
        time(3, 30),
        time(4, 30),
        time(3, 30),
    ]
    assert occurrences[1].ends_at - occurrences[1].starts_at == HOUR


def test_an_ambiguous_start_in_the_fall_back_hour_is_the_earlier_summer_time_one() -> None:
    occurrences = expand(
        rrule="FREQ=DAILY;COUNT=3",
        first_start=datetime(2026, 10, 24, 3, 30),
        duration=HOUR,
        now=AUTUMN_NOW,
    )

    # 03:30 happens twice on 25 October 2026: first at 00:30 UTC (+03), then 01:30 UTC (+02).
    assert starts(occurrences) == [
        utc(2026, 10, 24, 0, 30),
        utc(2026, 10, 25, 0, 30),
        utc(2026, 10, 26, 1, 30),
    ]
    assert all(local_time(start) == time(3, 30) for start in starts(occurrences))


def test_an_occurrence_spanning_the_change_lasts_its_duration_in_elapsed_time() -> None:
    [occurrence] = expand(
        rrule="FREQ=DAILY;COUNT=1",
        first_start=datetime(2026, 10, 25, 2, 0),
        duration=2 * HOUR,
        now=AUTUMN_NOW,
    )

    assert occurrence.ends_at - occurrence.starts_at == 2 * HOUR
    assert local_time(occurrence.ends_at) == time(3, 0)  # 03:00 winter time, two hours later


def test_finnish_public_holidays_are_known() -> None:
    assert is_public_holiday(date(2026, 12, 6))  # Independence Day
    assert is_public_holiday(date(2026, 12, 24))  # Christmas Eve, a Thursday
    assert is_public_holiday(date(2026, 12, 25))  # Christmas Day, a Friday
    assert is_public_holiday(date(2027, 1, 6))  # Epiphany, a Wednesday
    assert not is_public_holiday(date(2026, 12, 7))
    assert not is_public_holiday(date(2027, 1, 7))


def test_occurrences_on_public_holidays_are_skipped_unless_asked_not_to() -> None:
    rule: dict[str, Any] = {
        "rrule": "FREQ=WEEKLY;BYDAY=TH;COUNT=4",
        "first_start": datetime(2026, 12, 10, 10, 0),
        "duration": HOUR,
        "now": AUTUMN_NOW,
    }

    assert local_days(expand(**rule)) == [
        date(2026, 12, 10),
        date(2026, 12, 17),
        date(2026, 12, 31),
    ]
    assert date(2026, 12, 24) in local_days(expand(**rule, skip_public_holidays=False))

    epiphany = expand(
        rrule="FREQ=WEEKLY;BYDAY=WE;COUNT=3",
        first_start=datetime(2026, 12, 30, 9, 0),
        duration=HOUR,
        now=AUTUMN_NOW,
    )
    assert local_days(epiphany) == [date(2026, 12, 30), date(2027, 1, 13)]


def test_closures_and_exdates_are_skipped_by_local_date() -> None:
    occurrences = expand(
        rrule="FREQ=DAILY;COUNT=7",
        first_start=datetime(2026, 11, 2, 9, 0),
        duration=HOUR,
        closures=[
            Closure(starts_on=date(2026, 11, 4), ends_on=date(2026, 11, 5)),
            Closure(starts_on=date(2026, 11, 8), ends_on=date(2026, 11, 8)),
        ],
        exdates=[date(2026, 11, 2), date(2026, 12, 24)],
        now=AUTUMN_NOW,
    )

    assert local_days(occurrences) == [date(2026, 11, 3), date(2026, 11, 6), date(2026, 11, 7)]


def test_a_late_evening_start_is_skipped_by_its_local_date_not_its_utc_date() -> None:
    # 00:30 on 6 January is still 5 January in UTC; the holiday is the Helsinki date.
    occurrences = expand(
        rrule="FREQ=DAILY;COUNT=2",
        first_start=datetime(2027, 1, 5, 0, 30),
        duration=HOUR,
        now=AUTUMN_NOW,
    )

    assert starts(occurrences) == [utc(2027, 1, 4, 22, 30)]


def test_only_occurrences_starting_after_now_are_returned() -> None:
    rule: dict[str, Any] = {
        "rrule": "FREQ=WEEKLY;COUNT=4",
        "first_start": datetime(2026, 11, 3, 17, 0),
        "duration": HOUR,
    }

    occurrences = expand(**rule, now=utc(2026, 11, 12))
    assert starts(occurrences) == [utc(2026, 11, 17, 15), utc(2026, 11, 24, 15)]

    starting_now = expand(**rule, now=utc(2026, 11, 17, 15))
    assert starts(starting_now) == [utc(2026, 11, 24, 15)]

    assert expand(**rule, now=utc(2027, 1, 1)) == []


def test_the_rule_may_carry_an_rrule_prefix_and_any_letter_case() -> None:
    occurrences = expand(
        rrule=" rrule:freq=weekly;byday=tu;count=2; ",
        first_start=datetime(2026, 10, 20, 17, 0),
        duration=HOUR,
        now=AUTUMN_NOW,
    )

    assert starts(occurrences) == [utc(2026, 10, 20, 14), utc(2026, 10, 27, 15)]


@pytest.mark.parametrize(
    ("until", "last_day"),
    [
        ("20261103", date(2026, 11, 3)),  # a bare date includes that whole local day
        ("20261103T170000", date(2026, 11, 3)),  # local wall-clock time
        ("20261103T165959", date(2026, 10, 27)),
        ("20261103T150000Z", date(2026, 11, 3)),  # UTC: 17:00 in Helsinki in winter
        ("20261103T145959Z", date(2026, 10, 27)),
    ],
)
def test_until_is_inclusive_and_read_in_helsinki_time(until: str, last_day: date) -> None:
    occurrences = expand(
        rrule=f"FREQ=WEEKLY;BYDAY=TU;UNTIL={until}",
        first_start=datetime(2026, 10, 20, 17, 0),
        duration=HOUR,
        now=AUTUMN_NOW,
    )

    assert local_days(occurrences)[-1] == last_day


def test_a_rule_may_produce_exactly_the_maximum_number_of_occurrences() -> None:
    occurrences = expand(
        rrule=f"FREQ=DAILY;COUNT={MAX_OCCURRENCES}",
        first_start=datetime(2026, 10, 2, 9, 0),
        duration=HOUR,
        skip_public_holidays=False,
        now=AUTUMN_NOW,
    )

    assert len(occurrences) == MAX_OCCURRENCES


@pytest.mark.parametrize(
    "rrule",
    [
        "",
        "RRULE:",
        "not a rule",
        "FREQ=SOMETIMES;COUNT=2",
        "BYDAY=TU;COUNT=2",
        "FREQ=WEEKLY;BYDAY=XX;COUNT=2",
        "FREQ=WEEKLY;BYDAY=9TU,0MO;COUNT=2",
        "FREQ=WEEKLY;COUNT=2;COUNT=3",
        "FREQ=WEEKLY;COUNT=0",
        "FREQ=WEEKLY;COUNT=-1",
        "FREQ=WEEKLY;INTERVAL=0;COUNT=2",
        "FREQ=MONTHLY;BYMONTHDAY=40;COUNT=2",
        "FREQ=YEARLY;BYMONTH=13;COUNT=2",
        "FREQ=YEARLY;BYMONTH=-1;COUNT=2",
        "FREQ=YEARLY;BYYEARDAY=400;COUNT=2",
        "FREQ=MONTHLY;BYSETPOS=0;COUNT=2",
        "FREQ=WEEKLY;WKST=XX;COUNT=2",
        "FREQ=WEEKLY;BYEASTER=0;COUNT=2",
        "FREQ=WEEKLY;COUNT=2;UNTIL=20261231",
        "FREQ=WEEKLY;UNTIL=2026",
        "FREQ=WEEKLY;UNTIL=20260231",
        "FREQ=WEEKLY;COUNT=2\nEXDATE:20261027T170000",
    ],
)
def test_an_unreadable_rule_is_rejected(rrule: str) -> None:
    assert rejection(rrule=rrule) == "Invalid recurrence rule"


@pytest.mark.parametrize("rrule", ["FREQ=WEEKLY;BYDAY=TU", "RRULE:FREQ=DAILY;INTERVAL=2"])
def test_a_rule_without_count_or_until_is_rejected(rrule: str) -> None:
    assert rejection(rrule=rrule) == "Endless recurrence rule"


@pytest.mark.parametrize(
    "rrule",
    [
        "FREQ=WEEKLY;COUNT=2;DTSTART=20261020T170000",
        "DTSTART:20261020T170000\nRRULE:FREQ=WEEKLY;COUNT=2",
        "DTSTART;TZID=Europe/Helsinki:20261020T170000\nRRULE:FREQ=WEEKLY;COUNT=2",
    ],
)
def test_a_rule_with_its_own_start_is_rejected(rrule: str) -> None:
    assert rejection(rrule=rrule) == "Start given in the rule"


@pytest.mark.parametrize(
    "rrule", ["FREQ=HOURLY;COUNT=2", "FREQ=MINUTELY;COUNT=2", "FREQ=DAILY;BYHOUR=9,13;COUNT=4"]
)
def test_a_rule_that_sets_the_time_of_day_is_rejected(rrule: str) -> None:
    assert rejection(rrule=rrule) == "Unsupported recurrence rule"


def test_a_first_start_with_a_time_zone_is_rejected() -> None:
    assert rejection(first_start=datetime(2026, 10, 20, 17, 0, tzinfo=HELSINKI)) == (
        "First start has a time zone"
    )
    assert rejection(first_start=utc(2026, 10, 20, 14)) == "First start has a time zone"


@pytest.mark.parametrize("duration", [timedelta(0), -HOUR, 12 * HOUR + timedelta(minutes=1)])
def test_a_duration_outside_zero_to_twelve_hours_is_rejected(duration: timedelta) -> None:
    assert rejection(duration=duration) == "Invalid duration"


def test_a_twelve_hour_duration_is_the_longest() -> None:
    occurrences = expand(
        rrule="FREQ=WEEKLY;COUNT=1",
        first_start=datetime(2026, 10, 20, 8, 0),
        duration=12 * HOUR,
        now=AUTUMN_NOW,
    )

    assert occurrences[0].ends_at - occurrences[0].starts_at == 12 * HOUR


@pytest.mark.parametrize(
    "rrule", [f"FREQ=DAILY;COUNT={MAX_OCCURRENCES + 1}", "FREQ=DAILY;UNTIL=99991231"]
)
def test_a_rule_with_too_many_occurrences_is_rejected(rrule: str) -> None:
    assert rejection(rrule=rrule) == "Recurrence rule out of bounds"


def test_a_rule_reaching_beyond_the_horizon_is_rejected() -> None:
    assert rejection(rrule="FREQ=MONTHLY;COUNT=24") == "Recurrence rule out of bounds"

    # The horizon counts from now: the same rule is fine once its end is near enough.
    last_start = datetime(2026, 10, 20, 17, 0, tzinfo=HELSINKI) + timedelta(weeks=9)
    assert expand(
        rrule="FREQ=WEEKLY;COUNT=10",
        first_start=datetime(2026, 10, 20, 17, 0),
        duration=HOUR,
        now=last_start - MAX_HORIZON,
    )
    assert rejection(now=last_start - MAX_HORIZON - timedelta(seconds=1)) == (
        "Recurrence rule out of bounds"
    )


def test_a_closure_ending_before_it_starts_is_rejected() -> None:
    backwards = Closure(starts_on=date(2026, 11, 5), ends_on=date(2026, 11, 4))

    assert rejection(closures=[backwards]) == "Invalid closure"


def test_a_naive_now_or_moment_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="now"):
        expand(
            rrule="FREQ=WEEKLY;COUNT=1",
            first_start=datetime(2026, 10, 20, 17, 0),
            duration=HOUR,
            now=datetime(2026, 10, 1),
        )
    with pytest.raises(ValueError, match="moment"):
        local_time(datetime(2026, 10, 1, 12, 0))


# Frequencies with intervals small enough that twelve occurrences stay inside the horizon.
rules = st.one_of(
    st.tuples(st.just("DAILY"), st.integers(1, 7)),
    st.tuples(st.just("WEEKLY"), st.integers(1, 4)),
    st.tuples(st.just("MONTHLY"), st.just(1)),
)
# Every wall time outside 03:00-04:00, the only hour a Helsinki clock change can skip.
wall_times = (
    st.times()
    .map(lambda moment: moment.replace(microsecond=0))
    .filter(lambda moment: moment.hour != 3)
)


@given(
    rule=rules,
    count=st.integers(1, 12),
    # Up to the 28th: a monthly rule on the 31st skips short months and may reach too far.
    day=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)).filter(
        lambda d: d.day <= 28
    ),
    wall_time=wall_times,
    minutes=st.integers(1, 12 * 60),
    skip_public_holidays=st.booleans(),
)
def test_every_occurrence_keeps_the_local_wall_time_and_the_duration(
    rule: tuple[str, int],
    count: int,
    day: date,
    wall_time: time,
    minutes: int,
    skip_public_holidays: bool,
) -> None:
    frequency, interval = rule
    duration = timedelta(minutes=minutes)
    now = datetime.combine(day - timedelta(days=1), time(), UTC)

    occurrences = expand(
        rrule=f"FREQ={frequency};INTERVAL={interval};COUNT={count}",
        first_start=datetime.combine(day, wall_time),
        duration=duration,
        skip_public_holidays=skip_public_holidays,
        now=now,
    )

    assert len(occurrences) <= count
    assert starts(occurrences) == sorted(set(starts(occurrences)))
    for occurrence in occurrences:
        assert occurrence.starts_at.tzinfo is UTC
        assert occurrence.starts_at > now
        assert local_time(occurrence.starts_at) == wall_time
        assert occurrence.ends_at - occurrence.starts_at == duration
        if skip_public_holidays:
            assert not is_public_holiday(occurrence.starts_at.astimezone(HELSINKI).date())


# Bounded work: a rule is refused from its parts before dateutil is ever asked to expand it.


@pytest.fixture
def no_expansion(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any expansion now fails the test: a refusal must come from the bound check."""

    def expanded(*_: Any, **__: Any) -> None:
        raise AssertionError("the rule was expanded")

    monkeypatch.setattr(availability, "rrulestr", expanded)


@pytest.mark.parametrize(
    ("rrule", "first_start"),
    [
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=1", datetime(2026, 10, 20, 9)),  # never
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31;COUNT=1", datetime(2026, 10, 20, 9)),
        ("FREQ=MONTHLY;BYDAY=5MO;BYMONTH=2;BYMONTHDAY=1,2,3;COUNT=1", datetime(2026, 10, 20, 9)),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;UNTIL=20270601", datetime(2026, 10, 20, 9)),
        ("FREQ=MONTHLY;INTERVAL=12;BYMONTH=3;COUNT=1", datetime(2026, 10, 20, 9)),
        (f"FREQ=WEEKLY;COUNT={MAX_OCCURRENCES + 1}", datetime(2026, 10, 20, 9)),
        ("FREQ=WEEKLY;UNTIL=99991231", datetime(2026, 10, 20, 9)),
        ("FREQ=WEEKLY;COUNT=60", datetime(2026, 10, 20, 9)),  # the 60th is too far ahead
        ("FREQ=WEEKLY;COUNT=2", datetime(2000, 1, 4, 9)),  # a first start no one means
        ("FREQ=WEEKLY;COUNT=2", datetime(2099, 1, 6, 9)),
        # A 53rd Saturday of a month: dateutil indexed past its month table (IndexError).
        ("FREQ=MONTHLY;BYDAY=53SA,1SU;COUNT=5", datetime(2026, 10, 20, 9)),
        ("FREQ=MONTHLY;BYDAY=-6FR;COUNT=1", datetime(2026, 10, 20, 9)),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=+6SA;COUNT=1", datetime(2026, 10, 20, 9)),
    ],
)
def test_an_unbounded_rule_is_refused_by_the_bound_check_before_any_expansion(
    no_expansion: None, rrule: str, first_start: datetime
) -> None:
    with pytest.raises(Refused) as caught:
        expand(rrule=rrule, first_start=first_start, duration=HOUR, now=AUTUMN_NOW)

    assert caught.value.extensions["type_"] == OUT_OF_BOUNDS
    assert (caught.value.kind, caught.value.title) == (422, "Recurrence rule out of bounds")


def test_the_bound_check_alone_refuses_a_rule_that_never_happens() -> None:
    never = parse_rule("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=1")

    assert (
        occurrences_within(
            never, first_start=datetime(2026, 10, 20, 9), last=datetime(2027, 11, 24)
        )
        == 0
    )
    with pytest.raises(Refused) as caught:
        check_bounds(never, first_start=datetime(2026, 10, 20, 9), now=AUTUMN_NOW)
    assert caught.value.extensions["type_"] == OUT_OF_BOUNDS
    assert "31 February" in str(caught.value.detail)
    check_bounds(
        parse_rule("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=-1;COUNT=1"),
        first_start=datetime(2026, 10, 20, 9),
        now=AUTUMN_NOW,
    )  # 28 February 2027


def test_except_dates_no_one_means_are_out_of_bounds() -> None:
    assert rejection(exdates=[date(1, 1, 1)]) == "Recurrence rule out of bounds"


@pytest.mark.parametrize(
    "rrule",
    [
        "FREQ=MONTHLY;BYDAY=-1FR;COUNT=6",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=6",
        "FREQ=YEARLY;BYWEEKNO=1,20;BYDAY=MO;COUNT=2",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270301",
        "FREQ=DAILY;BYMONTHDAY=13;BYDAY=FR;UNTIL=20271101",
    ],
)
def test_the_bound_check_counts_as_the_expansion_does(rrule: str) -> None:
    first_start = datetime(2026, 10, 20, 9)
    occurrences = expand(
        rrule=rrule,
        first_start=first_start,
        duration=HOUR,
        skip_public_holidays=False,
        now=AUTUMN_NOW,
    )

    assert (
        occurrences_within(
            parse_rule(rrule),
            first_start=first_start,
            last=AUTUMN_NOW.replace(tzinfo=None) + MAX_HORIZON,
        )
        >= len(occurrences)
        > 0
    )


def test_a_yearly_rule_without_bymonth_counts_its_ordinals_in_the_year() -> None:
    # The 53rd Thursday of 2026 is 31 December; only there is 53 a real ordinal.
    occurrences = expand(
        rrule="FREQ=YEARLY;BYDAY=53TH;COUNT=1",
        first_start=datetime(2026, 10, 20, 9),
        duration=HOUR,
        skip_public_holidays=False,
        now=AUTUMN_NOW,
    )

    assert local_days(occurrences) == [date(2026, 12, 31)]


# Any BYDAY ordinal dateutil would read is either expanded or refused with a 422; none may
# escape as another exception (a 500).
ordinal_rules = st.builds(
    lambda frequency, by_month, days, count: ";".join(
        [
            f"FREQ={frequency}",
            *([f"BYMONTH={by_month}"] if by_month else []),
            "BYDAY=" + ",".join(days),
            f"COUNT={count}",
        ]
    ),
    frequency=st.sampled_from(["MONTHLY", "YEARLY", "WEEKLY"]),
    by_month=st.none() | st.integers(1, 12),
    days=st.lists(
        st.builds(
            lambda sign, number, weekday: f"{sign}{number or ''}{weekday}",
            st.sampled_from(["", "+", "-"]),
            st.integers(0, 53),
            st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]),
        ),
        min_size=1,
        max_size=3,
    ),
    count=st.integers(1, 6),
)


@given(rrule=ordinal_rules)
@example(rrule="FREQ=MONTHLY;BYDAY=53SA,1SU;COUNT=5")
@example(rrule="FREQ=MONTHLY;BYDAY=+SA;COUNT=1")  # a sign with no number (int("+"))
def test_a_byday_ordinal_is_expanded_or_refused_never_a_crash(rrule: str) -> None:
    refused: Refused | None = None
    try:
        expand(rrule=rrule, first_start=datetime(2026, 10, 20, 9), duration=HOUR, now=AUTUMN_NOW)
    except Refused as problem:
        refused = problem
    assert refused is None or refused.kind == 422
