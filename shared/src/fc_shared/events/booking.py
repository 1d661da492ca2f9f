"""Events the booking service produces: bookings, cancellations, moves, the waitlist
and attendance."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from fc_shared.events.base import DomainEvent, MunicipalityCode


class SlotBooked(DomainEvent):
    """A guardian booked a place on a slot."""

    TYPE = "fi.familjecentret.booking.SlotBooked.v1"
    TOPIC = "booking.bookings.v1"
    SOURCE = "/booking"

    booking_id: UUID
    slot_id: UUID
    resource_id: UUID
    booked_by: UUID = Field(description="Pseudonymous subject id of the guardian who booked.")
    municipality_code: MunicipalityCode | None = None
    starts_at: datetime
    ends_at: datetime
    language: str = Field(default="sv", examples=["sv", "fi", "en"])
    audience: str | None = Field(default=None, examples=["small_children", "youth", "family"])
    activity: str | None = Field(default=None, examples=["appointment", "peer_group"])
    series_id: UUID | None = Field(default=None, description="Set when a whole series was booked.")
    session_count: int = Field(default=1, description="Sessions covered by this one booking.")
    interpreter_language: str | None = Field(default=None, examples=["ar", "so"])

    def key(self) -> str:
        return str(self.booking_id)


class BookingCancelled(DomainEvent):
    """A booking (or a series booking, as one) was cancelled; late if past the deadline."""

    TYPE = "fi.familjecentret.booking.BookingCancelled.v1"
    TOPIC = "booking.bookings.v1"
    SOURCE = "/booking"

    booking_id: UUID
    slot_id: UUID
    resource_id: UUID
    booked_by: UUID = Field(description="Pseudonymous subject id of the guardian who booked.")
    municipality_code: MunicipalityCode | None = None
    starts_at: datetime
    late: bool = Field(description="Cancelled after the slot's cancellation deadline.")
    by_staff: bool = Field(description="Cancelled by the resource's staff, not the family.")
    was_waitlisted: bool = False

    def key(self) -> str:
        return str(self.booking_id)


class BookingRescheduled(DomainEvent):
    """A booking moved to another slot in one step: never both places held, never neither."""

    TYPE = "fi.familjecentret.booking.BookingRescheduled.v1"
    TOPIC = "booking.bookings.v1"
    SOURCE = "/booking"

    booking_id: UUID
    booked_by: UUID
    from_slot_id: UUID
    to_slot_id: UUID
    resource_id: UUID
    municipality_code: MunicipalityCode | None = None
    previous_starts_at: datetime
    starts_at: datetime
    ends_at: datetime

    def key(self) -> str:
        return str(self.booking_id)


class WaitlistPromoted(DomainEvent):
    """A waitlisted booking got a place that freed up; promotion keeps waitlist order."""

    TYPE = "fi.familjecentret.booking.WaitlistPromoted.v1"
    TOPIC = "booking.bookings.v1"
    SOURCE = "/booking"

    booking_id: UUID
    slot_id: UUID
    resource_id: UUID
    booked_by: UUID
    municipality_code: MunicipalityCode | None = None
    starts_at: datetime
    ends_at: datetime
    waited_behind: int = Field(description="How many were ahead in the queue when it joined.")

    def key(self) -> str:
        return str(self.booking_id)


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
