"""Booking rules apart from I/O: audience bands, children's ages, deadlines, who manages a
resource, and common free times for a network meeting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fc_booking.domain import access, bookings, network_meetings, participants, resources, slots
from fc_booking.domain.network_meetings import Interval
from fc_shared.auth import Principal, Role
from fc_shared.refusals import Refused

HELSINKI = ZoneInfo("Europe/Helsinki")
ALL_BANDS = ["small_children", "school_children", "youth"]


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HELSINKI)


def principal(*roles: Role) -> Principal:
    return Principal(subject=uuid4(), roles=frozenset(roles))


DAY = date(2027, 3, 3)


@pytest.mark.parametrize(
    ("audience", "hours", "bands", "fits"),
    [
        ("small_children", (9, 11), ALL_BANDS, True),
        ("small_children", (11, 13), ALL_BANDS, False),  # runs into the school-child afternoon
        ("school_children", (13, 16), ALL_BANDS, True),
        ("youth", (18, 21), ALL_BANDS, True),
        ("youth", (18, 21), ["small_children"], False),  # the room keeps no youth band
        ("family", (9, 10), ["small_children"], True),
        ("family", (18, 20), ["small_children"], False),
    ],
)
def test_an_activity_fits_the_rooms_audience_band(
    audience: str, hours: tuple[int, int], bands: list[str], fits: bool
) -> None:
    misfit = slots.band_misfit(
        audience=audience,
        starts_at=local(DAY, hours[0]),
        ends_at=local(DAY, hours[1]),
        room_bands=bands,
    )
    assert (misfit is None) == fits


def test_only_a_coordinator_overrides_a_band_and_must_give_a_reason() -> None:
    def evening(override_reason: str | None, who: Principal) -> bool:
        return slots.check_band(
            audience="family",
            starts_at=local(DAY, 18),
            ends_at=local(DAY, 20),
            room_bands=["small_children"],
            override_reason=override_reason,
            principal=who,
        )

    with pytest.raises(Refused) as no_reason:
        evening(None, principal(Role.COORDINATOR))
    with pytest.raises(Refused) as organiser:
        evening("Once a term", principal(Role.ORGANISER))

    assert no_reason.value.kind == 422
    assert organiser.value.kind == 403
    assert evening("Once a term", principal(Role.COORDINATOR)) is True
    assert (
        slots.check_band(
            audience="family",
            starts_at=local(DAY, 9),
            ends_at=local(DAY, 10),
            room_bands=["small_children"],
            override_reason=None,
            principal=principal(Role.ORGANISER),
        )
        is False
    )


def check_child(
    birth: date | None,
    *,
    low: int | None = 0,
    high: int | None = 3,
    audience: str = "small_children",
) -> str | None:
    try:
        participants.check_participant(
            audience=audience,
            min_age=low,
            max_age=high,
            starts_at=local(DAY, 10),
            child_birth_date=birth,
            today=date(2027, 1, 1),
        )
    except Refused as problem:
        return problem.title
    return None


def test_a_childs_age_on_the_day_of_the_activity_is_checked() -> None:
    assert check_child(date(2024, 3, 3)) is None  # turns 3 that very day
    assert check_child(date(2023, 3, 3)) == "Child too old"  # turns 4 that day
    assert check_child(date(2023, 3, 4)) is None  # still 3 on the day
    assert check_child(date(2027, 2, 1), low=1) == "Birth date in the future"
    assert check_child(date(2026, 6, 1), low=1) == "Child too young"
    assert check_child(date(2015, 1, 1), low=None, high=None) is None  # no age range
    assert check_child(date(2008, 1, 1), low=None, high=None) == "Not a child"  # 19 then
    assert check_child(date(2008, 1, 1), low=10, high=None) == "Not a child"
    assert check_child(None) == "Child needed"
    assert check_child(None, low=None, high=None) is None  # a guardian for themselves


def test_a_youth_activity_is_for_youths_whatever_its_age_range_says() -> None:
    assert check_child(None, low=None, high=None, audience="youth") == "Youth activity"
    assert check_child(None, low=0, high=17, audience="youth") == "Youth activity"
    # Their own child of the right age: 13-17 when the activity gives no range.
    assert check_child(date(2012, 1, 1), low=None, high=None, audience="youth") is None
    assert check_child(date(2018, 1, 1), low=None, high=None, audience="youth") == (
        "Child too young"
    )
    with pytest.raises(Refused) as guardian:
        participants.check_participant(
            audience="youth",
            min_age=None,
            max_age=None,
            starts_at=local(DAY, 18),
            child_birth_date=None,
            today=date(2027, 1, 1),
        )
    assert guardian.value.kind == 403


def test_closures_are_within_a_few_years_of_today() -> None:
    today = date(2027, 1, 1)

    def closure(starts_on: date, ends_on: date) -> str | None:
        try:
            resources.check_closure(starts_on=starts_on, ends_on=ends_on, today=today)
        except Refused as problem:
            return problem.title
        return None

    assert closure(date(2027, 2, 1), date(2027, 2, 3)) is None
    assert closure(date(1, 1, 1), date(9999, 12, 31)) == "Too far back"
    assert closure(date(2027, 2, 1), date(9999, 12, 31)) == "Too far ahead"
    assert closure(date(2027, 2, 3), date(2027, 2, 1)) == "End before start"


def test_only_the_cases_responsible_person_or_a_consented_member_plans_its_meeting() -> None:
    responsible, member = principal(Role.PROFESSIONAL), principal(Role.PROFESSIONAL)

    def may_plan(who: Principal) -> bool:
        return access.may_plan_for_case(
            who, responsible=responsible.subject, members=[member.subject]
        )

    assert may_plan(responsible)
    assert may_plan(member)
    assert not may_plan(principal(Role.PROFESSIONAL))
    assert not may_plan(principal(Role.ADMIN))


@given(st.dates(min_value=date(2009, 1, 1), max_value=date(2026, 12, 31)))
def test_age_is_whole_years_on_the_day(birth: date) -> None:
    birthday_still_ahead = (DAY.month, DAY.day) < (birth.month, birth.day)
    assert participants.age_on(birth, DAY) == DAY.year - birth.year - birthday_still_ahead


def test_a_cancellation_after_the_deadline_is_late() -> None:
    starts = datetime(2027, 3, 3, 10, tzinfo=UTC)

    assert bookings.is_late_cancellation(
        starts_at=starts, deadline_hours=24, now=starts - timedelta(hours=23)
    )
    assert not bookings.is_late_cancellation(
        starts_at=starts, deadline_hours=24, now=starts - timedelta(hours=25)
    )


def test_capacity_cannot_go_below_the_places_taken() -> None:
    slots.check_capacity_change(capacity=5, taken=5)
    with pytest.raises(Refused) as caught:
        slots.check_capacity_change(capacity=4, taken=5)
    assert caught.value.kind == 422


def test_only_owner_assigned_staff_or_admin_manage_a_resource() -> None:
    owner, manager = principal(Role.PROFESSIONAL), principal(Role.COORDINATOR)

    assert access.may_manage(owner, owner=owner.subject, managers=[])
    assert access.may_manage(manager, owner=None, managers=[manager.subject])
    assert access.may_manage(principal(Role.ADMIN), owner=None, managers=[])
    assert not access.may_manage(
        principal(Role.COORDINATOR), owner=None, managers=[manager.subject]
    )
    guardian = Principal(subject=manager.subject, roles=frozenset({Role.GUARDIAN}))
    assert not access.may_manage(guardian, owner=None, managers=[manager.subject])


def test_common_free_times_avoid_everyones_busy_hours_weekends_and_holidays() -> None:
    friday = date(2026, 12, 4)  # Sunday 6 December is Independence Day; Monday the 7th works
    window = Interval(local(friday, 0), local(date(2026, 12, 8), 0))
    social_worker = [Interval(local(friday, 8), local(friday, 12))]
    family = [Interval(local(friday, 13), local(friday, 14))]

    found = network_meetings.common_free_times(
        window=window,
        duration=timedelta(hours=1),
        step=timedelta(minutes=30),
        busy=[social_worker, family],
        limit=100,
    )

    starts = [f.starts_at for f in found]
    assert starts[0] == local(friday, 12)
    assert local(friday, 12, 30) not in starts  # would run into the family's hour
    assert local(friday, 14) in starts
    assert {s.date() for s in starts} == {friday, date(2026, 12, 7)}
    assert all(
        local(s.date(), 8) <= s and s + timedelta(hours=1) <= local(s.date(), 16) for s in starts
    )
