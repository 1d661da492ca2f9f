"""Notifications speak the family's language (sv/fi/en) and show times as clocks in Finland."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import UndefinedError

from fc_notify.domain.messages import LANGUAGES, TEMPLATES, render
from fc_notify.domain.notifications import NotificationKind

BOOKING_ID = uuid4()
DECEMBER_MORNING = {
    "booking_id": BOOKING_ID,
    "starts_at": datetime(2026, 12, 15, 7, 0, tzinfo=UTC),
    "ends_at": datetime(2026, 12, 15, 8, 30, tzinfo=UTC),
}
VALUES: dict[str, dict[str, Any]] = {
    "booking_confirmed": {**DECEMBER_MORNING, "session_count": 6},
    "waitlist_promoted": DECEMBER_MORNING,
    "booking_rescheduled": {
        **DECEMBER_MORNING,
        "previous_starts_at": datetime(2026, 12, 8, 7, 0, tzinfo=UTC),
    },
    "booking_cancelled_by_staff": {
        "booking_id": BOOKING_ID,
        "starts_at": datetime(2026, 12, 15, 7, 0, tzinfo=UTC),
    },
    # An event from before receipt numbers: the letter names the submission's id instead.
    "form_receipt": {
        "form_type": "contact-request",
        "submission_id": uuid4(),
        "receipt_number": None,
    },
    "referral_received": {
        "reason_category": "peer_support",
        "urgency": "soon",
        "referral_id": uuid4(),
    },
}


@pytest.mark.parametrize("language", ["sv", "fi", "en"])
def test_a_form_receipt_gives_the_receipt_number_the_family_was_given(language: str) -> None:
    values = {"form_type": "contact-request", "submission_id": uuid4()}
    message = render("form_receipt", language, {**values, "receipt_number": "FC-2026-000123"})

    assert "FC-2026-000123" in message.body
    assert str(values["submission_id"]) not in message.body


def test_every_kind_of_notification_exists_in_swedish_finnish_and_english() -> None:
    assert {kind: set(texts) for kind, texts in TEMPLATES.items()} == {
        kind: set(LANGUAGES) for kind in TEMPLATES
    }


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("sv", "Din bokning är bekräftad"),
        ("fi", "Varauksesi on vahvistettu"),
        ("en", "Your booking is confirmed"),
    ],
)
def test_a_booking_confirmation_is_in_the_recipients_language(language: str, subject: str) -> None:
    message = render("booking_confirmed", language, DECEMBER_MORNING)

    assert message.subject == subject
    assert str(BOOKING_ID) in message.body


@given(language=st.text(max_size=8).filter(lambda text: text not in LANGUAGES))
def test_an_unknown_language_falls_back_to_swedish(language: str) -> None:
    assert render("booking_confirmed", language, DECEMBER_MORNING) == render(
        "booking_confirmed", "sv", DECEMBER_MORNING
    )


def test_times_are_shown_in_helsinki_winter_time() -> None:
    body = render("booking_confirmed", "en", DECEMBER_MORNING).body

    assert "15.12.2026 09:00–15.12.2026 10:30" in body  # 07:00Z is 09:00 EET


def test_times_are_shown_in_helsinki_summer_time() -> None:
    summer = {
        **DECEMBER_MORNING,
        "starts_at": datetime(2026, 7, 1, 7, 0, tzinfo=UTC),
        "ends_at": datetime(2026, 7, 1, 8, 0, tzinfo=UTC),
    }

    assert "01.07.2026 10:00–01.07.2026 11:00" in render("booking_confirmed", "fi", summer).body


def test_a_time_just_before_midnight_utc_is_the_next_day_in_finland() -> None:
    late = {
        **DECEMBER_MORNING,
        "starts_at": datetime(2026, 12, 31, 22, 30, tzinfo=UTC),
        "ends_at": datetime(2026, 12, 31, 23, 0, tzinfo=UTC),
    }

    assert "01.01.2027 00:30–01.01.2027 01:00" in render("booking_confirmed", "sv", late).body


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_every_notification_renders_with_the_events_values(kind: str, language: str) -> None:
    message = render(kind, language, VALUES[kind])

    assert message.subject
    assert "{{" not in message.body
    assert all(
        str(value) in message.body
        for value in VALUES[kind].values()
        if not isinstance(value, datetime) and value is not None  # None: a field not given
    )


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_a_notification_missing_a_value_is_never_sent_with_a_blank(kind: str) -> None:
    with pytest.raises(UndefinedError):
        render(kind, "sv", {})


def test_a_series_confirmation_says_how_many_sessions_it_covers() -> None:
    single = render("booking_confirmed", "en", DECEMBER_MORNING)
    series = render("booking_confirmed", "en", {**DECEMBER_MORNING, "session_count": 6})

    assert "sessions" not in single.body
    assert "all 6 sessions of the series" in series.body


def test_an_unknown_kind_of_notification_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        render("birthday_greeting", "sv", {})


def test_every_kind_of_notification_has_its_texts() -> None:
    assert set(TEMPLATES) == set(NotificationKind)
