"""Request and response bodies of bookings, holds, series, the access log and network
meetings (resources and slots: api/calendar_schemas.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from uuid import UUID

from pydantic import AwareDatetime, Field

from fc_booking.domain import network_meetings, series
from fc_booking.domain.bookings import Booking as BookingRecord
from fc_shared.access_log import LoggedAccess
from fc_shared.models import RequestModel, ResponseModel

CHILD_ID = (
    "When booking for one's child: the child's id (as the network service gives it); their "
    "age on the day is checked against the activity's."
)
CHILD_BIRTH_DATE = "Deprecated, refused from guardians (422): name the child by `child_id`."


class ForWhom(RequestModel):
    """Whom a family books for, and in which language they need an interpreter."""

    child_id: UUID | None = Field(default=None, description=CHILD_ID)
    child_birth_date: date | None = Field(default=None, description=CHILD_BIRTH_DATE)
    interpreter_language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")


class BookingIn(ForWhom):
    slot_id: UUID
    join_waitlist: bool = Field(default=True, description="Queue when full, else 409.")


class HoldIn(RequestModel):
    slot_id: UUID


class ConfirmIn(ForWhom):
    pass


class SeriesBookingIn(ForWhom):
    pass


class RescheduleIn(RequestModel):
    slot_id: UUID


class AttendanceIn(RequestModel):
    attended: bool


class Booking(ResponseModel):
    id: UUID
    slot_id: UUID
    status: str
    starts_at: datetime
    ends_at: datetime
    activity: str | None = None
    child_id: UUID | None = None
    child_birth_date: date | None = Field(
        default=None, description="Only on bookings made before children were named by id."
    )
    interpreter_language: str | None = None
    waitlist_position: int | None = Field(
        default=None,
        description="While waitlisted, the family's place in this slot's queue: 1 is next.",
    )
    hold_expires_at: datetime | None = None
    series_booking_id: UUID | None = None
    late_cancellation: bool | None = None
    attended: bool | None = None

    @classmethod
    def of(cls, booking: BookingRecord) -> Booking:
        return cls(
            id=booking.id,
            slot_id=booking.slot_id,
            status=booking.status,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
            activity=booking.activity,
            child_id=booking.child_id,
            child_birth_date=booking.child_birth_date,
            interpreter_language=booking.interpreter_language,
            waitlist_position=booking.waitlist_place,
            hold_expires_at=booking.hold_expires_at,
            series_booking_id=booking.series_booking_id,
            late_cancellation=booking.late_cancellation,
            attended=booking.attended,
        )


class SeriesBooking(ResponseModel):
    id: UUID
    series_id: UUID
    status: str
    bookings: list[Booking]

    @classmethod
    def of(cls, series_booking_id: UUID, found: Sequence[BookingRecord]) -> SeriesBooking:
        return cls(
            id=series_booking_id,
            series_id=found[0].series_id,
            status=series.status(found),
            bookings=[Booking.of(booking) for booking in found],
        )


class AccessLogEntry(ResponseModel):
    actor: UUID = Field(description="The staff member's subject id.")
    booking_id: UUID | None = Field(
        description="None for a read about the family as a whole, "
        "such as a network meeting's free times."
    )
    action: str
    purpose: str
    at: datetime

    @classmethod
    def of(cls, entry: LoggedAccess) -> AccessLogEntry:
        return cls(
            actor=entry.actor,
            booking_id=entry.subject_id if entry.subject_kind == "booking" else None,
            action=entry.action,
            purpose=entry.purpose,
            at=entry.at,
        )


class NetworkMeetingIn(RequestModel):
    case_id: UUID = Field(
        description="The family's case; its responsible person or a consented member books."
    )
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    room_id: UUID = Field(description="A room or digital room.")
    professional_resource_ids: set[UUID] = Field(
        min_length=1, max_length=12, description="The professionals' calendars."
    )
    guardians: set[UUID] | None = Field(
        default=None,
        min_length=1,
        max_length=4,
        description="Some of the case's guardians (subject ids); all of them when left out.",
    )
    interpreter_language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")


class FreeTime(ResponseModel):
    starts_at: datetime
    ends_at: datetime
    room_id: UUID
    interpreter_id: UUID | None = None

    @classmethod
    def of(cls, free: network_meetings.FreeTime) -> FreeTime:
        return cls.model_validate(free, from_attributes=True)


class NetworkMeeting(ResponseModel):
    id: UUID
    starts_at: datetime
    ends_at: datetime
    room_id: UUID
    interpreter_id: UUID | None
    slot_ids: list[UUID]
    booking_ids: list[UUID]

    @classmethod
    def of(cls, meeting: network_meetings.NetworkMeeting) -> NetworkMeeting:
        return cls.model_validate(meeting, from_attributes=True)
