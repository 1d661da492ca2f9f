"""Events the booking service produces: bookings, cancellations, moves, the waitlist
and attendance."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from fc_shared.events.base import DomainEvent, MunicipalityCode

BookedAs = Literal["guardian", "youth", "staff"]


class PublicPlace(BaseModel):
    """Where an activity is, as the family centre publishes it: a meeting point's or room's
    public name and street address, or a digital meeting's link. A place's, never a
    person's: no family's or professional's address is ever here."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: str | None = Field(default=None, examples=["Familjecentrets träffpunkt i Vasa"])
    street_address: str | None = Field(default=None, examples=["Storalånggatan 1"])
    postal_code: str | None = Field(default=None, examples=["65100"])
    locality: str | None = Field(default=None, examples=["Vasa"])
    meeting_link: str | None = Field(
        default=None, description="A digital meeting point's link, instead of an address."
    )


# What the four booking events say of whom a booking is for, and what, where and with whom it
# is in words people use: public facts only, never a person's name or a family's address.
BOOKED_AS = (
    "Who made the booking: a guardian (for their child or family), a youth (for themselves) "
    "or staff (on the family's behalf, e.g. a network meeting). None on bookings made "
    "before booking recorded it."
)
CHILD_IDS = (
    "Pseudonymous ids of the children the booking is for (a youth's own child record when a "
    "youth booked); empty when it is for the guardians or booking knows no id."
)
ACTIVITY_NAME = (
    "The activity's public name: the slot's title, or the kind of activity in words in the "
    "slot's language. Never a person's name."
)
ORGANIZER_NAME = (
    "The unit meeting the family (a meeting point's or the family centre's public name), "
    "never a person's name."
)
BOOKED_BY = "Pseudonymous subject id of whoever booked (`booked_as` says who they are)."
PLACE = "Where: a public place; None when booking knows none (e.g. a professional's calendar)."
CALENDAR_URL = (
    "An absolute link to the booking's .ics that works without logging in (signed by "
    "booking; the file holds no personal data), for letters to carry. None for a series "
    "booking, and on events from before booking sent it."
)
CALENDAR_EXAMPLE = (
    "https://booking.example.fi/v1/bookings/0b7e9b38-4b5e-4f6e-8c0a-55e1c6b0b7a1/calendar.ics"
    "?sig=Vn3kq0b6HkPqJ1x0w2Yc4mZlT8sRrA9uEoDfGhIjKlM"
)


class DescribedBooking(DomainEvent):
    """What the booking events that concern a family share: whom a booking is for, and what,
    where and with whom it is in words people use. Public facts only (see the texts above);
    not an event itself."""

    TOPIC = "booking.bookings.v1"
    SOURCE = "/booking"

    booking_id: UUID
    booked_as: BookedAs | None = Field(default=None, description=BOOKED_AS)
    child_ids: list[UUID] = Field(default_factory=list, description=CHILD_IDS)
    activity_name: str | None = Field(
        default=None, description=ACTIVITY_NAME, examples=["Familjeskola"]
    )
    place: PublicPlace | None = Field(default=None, description=PLACE)
    organizer_name: str | None = Field(
        default=None, description=ORGANIZER_NAME, examples=["Familjecentrets träffpunkt i Vasa"]
    )

    def key(self) -> str:
        return str(self.booking_id)


class AttendedBooking(DescribedBooking):
    """A booking the family will attend: also its calendar link."""

    calendar_url: str | None = Field(
        default=None, description=CALENDAR_URL, examples=[CALENDAR_EXAMPLE]
    )


class SlotBooked(AttendedBooking):
    """A place on a slot was booked: by a guardian, a youth for themselves, or staff for a
    family."""

    TYPE = "fi.familjecentret.booking.SlotBooked.v1"

    booking_id: UUID
    slot_id: UUID
    resource_id: UUID
    booked_by: UUID = Field(description=BOOKED_BY)
    municipality_code: MunicipalityCode | None = None
    starts_at: datetime
    ends_at: datetime
    language: str = Field(default="sv", examples=["sv", "fi", "en"])
    audience: str | None = Field(default=None, examples=["small_children", "youth", "family"])
    activity: str | None = Field(default=None, examples=["appointment", "peer_group"])
    series_id: UUID | None = Field(default=None, description="Set when a whole series was booked.")
    session_count: int = Field(default=1, description="Sessions covered by this one booking.")
    interpreter_language: str | None = Field(default=None, examples=["ar", "so"])


class BookingCancelled(DescribedBooking):
    """A booking (or a series booking, as one) was cancelled; late if past the deadline."""

    TYPE = "fi.familjecentret.booking.BookingCancelled.v1"

    booking_id: UUID
    slot_id: UUID
    resource_id: UUID
    booked_by: UUID = Field(description=BOOKED_BY)
    municipality_code: MunicipalityCode | None = None
    starts_at: datetime
    late: bool = Field(description="Cancelled after the slot's cancellation deadline.")
    by_staff: bool = Field(description="Cancelled by the resource's staff, not the family.")
    was_waitlisted: bool = False


class BookingRescheduled(AttendedBooking):
    """A booking moved to another slot in one step: never both places held, never neither."""

    TYPE = "fi.familjecentret.booking.BookingRescheduled.v1"

    booking_id: UUID
    booked_by: UUID
    from_slot_id: UUID
    to_slot_id: UUID
    resource_id: UUID
    municipality_code: MunicipalityCode | None = None
    previous_starts_at: datetime
    starts_at: datetime
    ends_at: datetime


class WaitlistPromoted(AttendedBooking):
    """A waitlisted booking got a place that freed up; promotion keeps waitlist order."""

    TYPE = "fi.familjecentret.booking.WaitlistPromoted.v1"

    booking_id: UUID
    slot_id: UUID
    resource_id: UUID
    booked_by: UUID
    municipality_code: MunicipalityCode | None = None
    starts_at: datetime
    ends_at: datetime
    waited_behind: int = Field(description="How many were ahead in the queue when it joined.")


class AttendanceRecorded(DomainEvent):
    """Staff recorded whether a booked participant came (attended) or not (no-show)."""

    TYPE = "fi.familjecentret.booking.AttendanceRecorded.v1"
    TOPIC = "booking.bookings.v1"
    SOURCE = "/booking"

    booking_id: UUID
    slot_id: UUID
    resource_id: UUID
    municipality_code: MunicipalityCode | None = None
    starts_at: datetime
    attended: bool
    audience: str | None = None
    activity: str | None = None

    def key(self) -> str:
        return str(self.booking_id)
