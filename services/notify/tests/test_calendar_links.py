"""A booking letter's "add to calendar" link is the one booking signed for it (it opens
without logging in, as a link in an e-mail must), and the old token-bound link only for
events from before booking sent one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from fc_notify.domain.booking_letters import BookingFacts, letter_values
from fc_notify.domain.messages import render
from fc_notify.domain.notifications import NotificationKind as Kind
from fc_notify.use_cases.bookings import facts_of
from fc_shared.events import BookingRescheduled, SlotBooked, WaitlistPromoted

STARTS = datetime(2026, 12, 15, 7, 0, tzinfo=UTC)
BOOKING = uuid4()
SIGNED = f"https://booking.example.fi/v1/bookings/{BOOKING}/calendar.ics?sig=" + "s" * 43
COMMON = {
    "booking_id": BOOKING,
    "resource_id": uuid4(),
    "booked_by": uuid4(),
    "starts_at": STARTS,
    "ends_at": STARTS + timedelta(hours=1),
    "activity_name": "Babyrytmik",
}
EVENTS: dict[Kind, SlotBooked | WaitlistPromoted | BookingRescheduled] = {
    Kind.BOOKING_CONFIRMED: SlotBooked(slot_id=uuid4(), calendar_url=SIGNED, **COMMON),
    Kind.WAITLIST_PROMOTED: WaitlistPromoted(
        slot_id=uuid4(), waited_behind=2, calendar_url=SIGNED, **COMMON
    ),
    Kind.BOOKING_RESCHEDULED: BookingRescheduled(
        from_slot_id=uuid4(),
        to_slot_id=uuid4(),
        previous_starts_at=STARTS - timedelta(days=7),
        calendar_url=SIGNED,
        **COMMON,
    ),
}


@pytest.mark.parametrize("kind", list(EVENTS))
def test_the_letters_calendar_link_is_the_events_signed_link(kind: Kind) -> None:
    facts = facts_of(EVENTS[kind])

    assert facts.calendar_url == SIGNED
    values = letter_values(facts, ics_url=facts.calendar_url, inbox_url="https://x.fi")
    assert SIGNED in render(kind, "sv", values).email.text


def test_the_reminder_keeps_the_signed_link() -> None:
    """Reminders are written from the facts stored when the booking was confirmed."""
    stored = facts_of(EVENTS[Kind.BOOKING_CONFIRMED]).model_dump(mode="json")

    assert BookingFacts.model_validate(stored).calendar_url == SIGNED


def test_an_event_without_a_signed_link_links_no_calendar() -> None:
    older = EVENTS[Kind.BOOKING_CONFIRMED].model_copy(update={"calendar_url": None})
    facts = facts_of(older)
    values = letter_values(facts, ics_url=facts.calendar_url, inbox_url="https://x.fi")

    assert ".ics" not in render(Kind.BOOKING_CONFIRMED, "sv", values).email.text
