"""What makes a slot bookable: a real, future time span of at most twelve hours, with room."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fc_booking.domain.slots import MAX_SLOT_LENGTH, check_slot
from fc_shared.refusals import Refused

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
TOMORROW = NOW + timedelta(days=1)
HELSINKI_WINTER = timezone(timedelta(hours=2))
HELSINKI_SUMMER = timezone(timedelta(hours=3))

offsets: st.SearchStrategy[tzinfo] = st.sampled_from([UTC, HELSINKI_WINTER, HELSINKI_SUMMER])
moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=offsets
)


def rejection(
    *,
    starts_at: datetime = TOMORROW,
    ends_at: datetime = TOMORROW + timedelta(hours=1),
    capacity: int = 1,
) -> str:
    """The title of the 422 problem check_slot answers with."""
    with pytest.raises(Refused) as caught:
        check_slot(starts_at=starts_at, ends_at=ends_at, capacity=capacity, now=NOW)
    assert caught.value.kind == 422
    return caught.value.title


def test_an_hour_tomorrow_for_one_family_is_a_slot() -> None:
    check_slot(starts_at=TOMORROW, ends_at=TOMORROW + timedelta(hours=1), capacity=1, now=NOW)


def test_a_group_activity_of_twelve_hours_is_the_longest_slot() -> None:
    check_slot(starts_at=TOMORROW, ends_at=TOMORROW + MAX_SLOT_LENGTH, capacity=30, now=NOW)

    too_long = TOMORROW + MAX_SLOT_LENGTH + timedelta(minutes=1)
    assert rejection(ends_at=too_long) == "Slot too long"


def test_a_slot_that_ends_when_it_starts_is_rejected() -> None:
    assert rejection(ends_at=TOMORROW) == "End before start"


def test_a_slot_starting_now_or_earlier_is_rejected() -> None:
    assert rejection(starts_at=NOW, ends_at=NOW + timedelta(hours=1)) == "Slot in the past"


def test_a_slot_with_no_room_is_rejected() -> None:
    assert rejection(capacity=0) == "Capacity too small"


def test_a_time_without_a_utc_offset_is_rejected() -> None:
    naive = TOMORROW.replace(tzinfo=None)

    assert rejection(starts_at=naive) == "Time zone missing"
    assert rejection(ends_at=naive + timedelta(hours=1)) == "Time zone missing"


def test_times_in_different_offsets_are_compared_as_instants() -> None:
    # 14:00+02:00 is 12:00Z: an hour-long slot, not a negative one.
    starts_at = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)
    ends_at = datetime(2026, 12, 2, 14, 0, tzinfo=HELSINKI_WINTER)

    check_slot(starts_at=starts_at, ends_at=ends_at, capacity=1, now=NOW)


@given(
    starts_at=moments,
    length=st.timedeltas(timedelta(days=-400), timedelta(0)),
    capacity=st.integers(1, 100),
)
def test_a_slot_never_ends_at_or_before_its_start(
    starts_at: datetime, length: timedelta, capacity: int
) -> None:
    with pytest.raises(Refused, match="after it starts"):
        check_slot(
            starts_at=starts_at,
            ends_at=starts_at + length,
            capacity=capacity,
            now=datetime(2025, 1, 1, tzinfo=UTC),
        )


@given(
    starts_at=moments,
    length=st.timedeltas(min_value=timedelta(seconds=-1), max_value=timedelta(hours=13)),
    capacity=st.integers(-2, 50),
    now=moments,
)
def test_a_slot_is_accepted_exactly_when_every_rule_holds(
    starts_at: datetime, length: timedelta, capacity: int, now: datetime
) -> None:
    bookable = timedelta(0) < length <= MAX_SLOT_LENGTH and starts_at > now and capacity >= 1
    if bookable:
        check_slot(starts_at=starts_at, ends_at=starts_at + length, capacity=capacity, now=now)
    else:
        with pytest.raises(Refused) as caught:
            check_slot(starts_at=starts_at, ends_at=starts_at + length, capacity=capacity, now=now)
        assert caught.value.kind == 422
