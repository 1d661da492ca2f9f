"""Notify's rules without I/O: quiet hours, preferences, order, retries, codes, who is told,
when a reminder falls due."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from uuid import uuid4

import pytest

from fc_notify.domain import contact_points, recipients, reminders
from fc_notify.domain.deliveries import (
    MAX_ATTEMPTS,
    Channel,
    DeliveryStatus,
    order_key,
    retry_delay,
    status_after_failure,
)
from fc_notify.domain.notifications import NotificationKind, worth_telling
from fc_notify.domain.preferences import (
    HELSINKI,
    Preferences,
    QuietHours,
    channels_for,
    checked,
    held_until,
)
from fc_shared.refusals import Refused

NIGHT = QuietHours(time(21, 0), time(7, 0))


def helsinki(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=HELSINKI)


def test_quiet_hours_wrap_midnight_in_helsinki_time() -> None:
    assert NIGHT.contains(helsinki(2026, 12, 1, 23, 0))
    assert NIGHT.contains(helsinki(2026, 12, 2, 6, 59))
    assert not NIGHT.contains(helsinki(2026, 12, 2, 7, 0))
    assert not NIGHT.contains(helsinki(2026, 12, 1, 20, 59))
    # 21:30 UTC is 23:30 in Helsinki in winter.
    assert NIGHT.contains(datetime(2026, 12, 1, 21, 30, tzinfo=UTC))


def test_an_sms_due_at_23_waits_for_seven_next_morning() -> None:
    chosen = Preferences(uuid4(), quiet_hours=NIGHT)

    until = held_until(chosen, Channel.SMS, critical=False, now=helsinki(2026, 12, 1, 23, 0))

    assert until == helsinki(2026, 12, 2, 7, 0)


def test_the_end_of_quiet_hours_keeps_to_the_wall_clock_over_a_dst_change() -> None:
    # Finland moves to summer time on 2027-03-28 at 03:00.
    chosen = Preferences(uuid4(), quiet_hours=NIGHT)

    until = held_until(chosen, Channel.SMS, critical=False, now=helsinki(2027, 3, 27, 23, 0))

    assert until is not None
    assert until.astimezone(HELSINKI).time() == time(7, 0)
    assert until.utcoffset() == timedelta(hours=3)


def test_critical_letters_email_and_daytime_sms_are_not_held() -> None:
    chosen = Preferences(uuid4(), quiet_hours=NIGHT)
    night = helsinki(2026, 12, 1, 23, 0)

    assert held_until(chosen, Channel.SMS, critical=True, now=night) is None
    assert held_until(chosen, Channel.EMAIL, critical=False, now=night) is None
    assert held_until(chosen, Channel.SMS, critical=False, now=helsinki(2026, 12, 1, 12)) is None
    assert held_until(None, Channel.SMS, critical=False, now=night) is None


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (time(22, 0), time(22, 0), "quiet_hours_senseless"),
        (time(22, 0), time(22, 10), "quiet_hours_senseless"),
        (time(22, 0), None, "quiet_hours_incomplete"),
    ],
)
def test_quiet_hours_that_make_no_sense_are_refused(
    start: time, end: time | None, code: str
) -> None:
    with pytest.raises(Refused) as refused:
        checked(uuid4(), language="sv", quiet_start=start, quiet_end=end, channels={})

    assert refused.value.code == code


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(Refused) as refused:
        checked(uuid4(), language="de", quiet_start=None, quiet_end=None, channels={})

    assert refused.value.code == "unsupported_language"


def test_critical_kinds_ignore_the_channels_chosen() -> None:
    chosen = Preferences(
        uuid4(),
        channels={
            NotificationKind.BOOKING_REMINDER: frozenset({Channel.SMS}),
            NotificationKind.BOOKING_CANCELLED_BY_STAFF: frozenset(),
        },
    )

    assert channels_for(chosen, NotificationKind.BOOKING_REMINDER) == {Channel.SMS}
    assert channels_for(chosen, NotificationKind.BOOKING_CANCELLED_BY_STAFF) == {
        Channel.EMAIL,
        Channel.SMS,
    }
    assert channels_for(chosen, NotificationKind.FORM_RECEIPT) == {Channel.EMAIL, Channel.SMS}


def test_letters_about_one_booking_share_an_order_per_person_and_channel() -> None:
    booking, person = uuid4(), uuid4()

    assert order_key(Channel.EMAIL, person, booking) == order_key(Channel.EMAIL, person, booking)
    assert order_key(Channel.EMAIL, person, booking) != order_key(Channel.SMS, person, booking)
    assert order_key(Channel.EMAIL, person, None) is None


def test_a_failed_letter_is_tried_again_later_until_the_last_attempt() -> None:
    assert status_after_failure(0) is DeliveryStatus.FAILED_TEMPORARILY
    assert status_after_failure(MAX_ATTEMPTS - 2) is DeliveryStatus.FAILED_TEMPORARILY
    assert status_after_failure(MAX_ATTEMPTS - 1) is DeliveryStatus.FAILED_PERMANENTLY
    assert retry_delay(1) < retry_delay(3) <= timedelta(hours=6)


def test_a_youths_own_booking_reaches_only_the_youth() -> None:
    youth, guardian = uuid4(), uuid4()

    told = recipients.for_booking(booked_by=youth, booked_as="youth", child_guardians={guardian})

    assert told == {youth}


def test_a_childs_booking_reaches_both_guardians() -> None:
    booker, other = uuid4(), uuid4()

    told = recipients.for_booking(
        booked_by=booker, booked_as="guardian", child_guardians={booker, other}
    )

    assert told == {booker, other}


def test_a_reminder_falls_due_at_the_lead_time_for_its_activity() -> None:
    starts = datetime(2026, 12, 10, 10, tzinfo=UTC)
    leads = {"peer_group": 48.0}

    assert reminders.due_at(starts, reminders.lead_for("peer_group", leads, 24)) == starts - (
        timedelta(hours=48)
    )
    assert reminders.due_at(starts, reminders.lead_for("appointment", leads, 24)) == starts - (
        timedelta(hours=24)
    )
    assert not reminders.worth_scheduling(starts - timedelta(hours=24), starts, now=starts)


def test_a_code_is_checked_against_its_hash_only() -> None:
    point_id = uuid4()
    code = contact_points.new_code()
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    point = contact_points.ContactPoint(
        id=point_id,
        subject=uuid4(),
        channel=Channel.EMAIL,
        address=None,
        confirmed_at=None,
        pending_address="a@example.fi",
        code_hash=contact_points.code_hash(point_id, code),
        code_expires_at=now + contact_points.CODE_LIFETIME,
        code_attempts=0,
    )

    assert contact_points.check_code(point, code, now=now) == "a@example.fi"
    with pytest.raises(Refused, match="does not match"):
        contact_points.check_code(point, "000000" if code != "000000" else "111111", now=now)
    with pytest.raises(Refused) as expired:
        contact_points.check_code(point, code, now=now + timedelta(minutes=16))
    assert expired.value.code == "confirmation_code_expired"
    assert contact_points.letter_address(point) is None


@pytest.mark.parametrize("text", ["not an address", "a@", "@example.fi"])
def test_a_malformed_email_address_is_refused(text: str) -> None:
    with pytest.raises(Refused) as refused:
        contact_points.normalised_address(Channel.EMAIL, text)

    assert refused.value.code == "invalid_email_address"


def test_a_change_to_a_time_already_past_is_not_worth_a_letter() -> None:
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)

    assert worth_telling(now + timedelta(minutes=1), now=now)
    assert not worth_telling(now - timedelta(days=90), now=now)
