"""A booking as its letters need it: the public facts the booking events carry (what,
when, where, for whom), kept whole for the reminder that is written days later."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from fc_notify.domain.letters import LetterValues, short_reference


class BookingFacts(BaseModel):
    """Ids, times and public names and places only; never a person's name or contact."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    booking_id: UUID
    booked_by: UUID
    booked_as: str | None = None
    child_ids: list[UUID] = []
    starts_at: datetime
    ends_at: datetime | None = None
    previous_starts_at: datetime | None = None
    activity: str | None = None
    activity_name: str | None = None
    place_name: str | None = None
    street_address: str | None = None
    postal_code: str | None = None
    locality: str | None = None
    meeting_link: str | None = None
    organizer_name: str | None = None
    language: str | None = None
    session_count: int = 1
    # Booking's signed link to the .ics (opens without logging in); None on older events.
    calendar_url: str | None = None


def letter_values(facts: BookingFacts, *, ics_url: str | None, inbox_url: str) -> LetterValues:
    return LetterValues(
        starts_at=facts.starts_at,
        ends_at=facts.ends_at,
        previous_starts_at=facts.previous_starts_at,
        activity=facts.activity,
        activity_name=facts.activity_name,
        session_count=facts.session_count,
        place_name=facts.place_name,
        street_address=facts.street_address,
        postal_code=facts.postal_code,
        locality=facts.locality,
        meeting_link=facts.meeting_link,
        organizer_name=facts.organizer_name,
        reference=short_reference(facts.booking_id),
        ics_url=ics_url,
        inbox_url=inbox_url,
    )
