"""When a letter is worth sending, in which language, and when the sender gives up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from fc_notify.domain.deliveries import MAX_ATTEMPTS, DeliveryStatus, status_after_failure
from fc_notify.domain.notifications import (
    ContactPoint,
    email_address,
    family_told_of_cancellation,
    language_for,
    worth_telling,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_a_change_to_a_time_still_ahead_is_worth_a_letter() -> None:
    assert worth_telling(NOW + timedelta(minutes=1), now=NOW)


@pytest.mark.parametrize("ago", [timedelta(0), timedelta(days=90)])
def test_a_change_to_a_time_already_past_is_not(ago: timedelta) -> None:
    assert not worth_telling(NOW - ago, now=NOW)


def test_only_a_cancellation_by_staff_brings_a_letter() -> None:
    assert family_told_of_cancellation(by_staff=True)
    assert not family_told_of_cancellation(by_staff=False)


def test_the_recipients_language_wins_over_the_events() -> None:
    contact = ContactPoint(subject=uuid4(), email=None, language="fi")

    assert language_for(contact, "en") == "fi"
    assert language_for(None, "en") == "en"
    assert language_for(None) == "sv"


def test_an_email_goes_only_to_someone_who_gave_an_address() -> None:
    subject = uuid4()

    assert email_address(ContactPoint(subject, "a@example.fi", "sv")) == "a@example.fi"
    assert email_address(ContactPoint(subject, None, "sv")) is None
    assert email_address(ContactPoint(subject, "", "sv")) is None
    assert email_address(None) is None


def test_a_failed_email_is_tried_again_until_the_last_attempt() -> None:
    assert status_after_failure(0) is DeliveryStatus.PENDING
    assert status_after_failure(MAX_ATTEMPTS - 2) is DeliveryStatus.PENDING
    assert status_after_failure(MAX_ATTEMPTS - 1) is DeliveryStatus.FAILED
