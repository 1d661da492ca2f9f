"""The booking API's request and response bodies."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field

from fc_booking.domain import Activity, Audience, ResourceKind

Language = Field(default="sv", pattern=r"^[a-z]{2,3}$", examples=["sv", "fi", "ar"])


class Resource(BaseModel):
    id: UUID
    kind: str
    name: str | None = None
    meeting_point_id: UUID | None
    municipality_code: str | None
    audience_bands: list[str]
    languages: list[str] = []
    owner_subject: UUID | None = None


class ResourceIn(BaseModel):
    kind: ResourceKind = Field(
        description="A professional creates their own calendar; an "
        "admin creates digital rooms, rooms and interpreters."
    )
    name: str = Field(min_length=1, max_length=200)
    municipality_code: str | None = Field(default=None, pattern=r"^\d{3}$")
    languages: list[str] = Field(
        default=[], max_length=20, description="An interpreter's languages (ISO 639 codes)."
    )


class ManagerIn(BaseModel):
    subject: UUID = Field(description="The coordinator, professional or organiser's subject id.")


class ClosureIn(BaseModel):
    starts_on: date
    ends_on: date
    reason: str = Field(min_length=1, max_length=500)


class Closure(ClosureIn):
    id: UUID
    resource_id: UUID


class Offering(BaseModel):
    """What a slot offers; shared by single slots and recurring availability."""

    capacity: int = Field(default=1, ge=1, le=1000)
    language: str = Language
    activity: Activity = Activity.APPOINTMENT
    title: str | None = Field(default=None, max_length=200)
    service_id: UUID | None = Field(default=None, description="The service in the directory.")
    audience: Audience = Audience.FAMILY
    min_age_years: int | None = Field(default=None, ge=0, le=17)
    max_age_years: int | None = Field(default=None, ge=0, le=17)
    cancel_deadline_hours: int = Field(default=24, ge=0, le=24 * 14)
    band_override_reason: str | None = Field(
        default=None,
        max_length=500,
        description="A coordinator's reason for placing it outside the room's audience band.",
    )


class SlotIn(Offering):
    resource_id: UUID
    starts_at: AwareDatetime = Field(examples=["2026-12-01T09:00:00+02:00"])
    ends_at: AwareDatetime = Field(examples=["2026-12-01T10:00:00+02:00"])


class Slot(BaseModel):
    id: UUID
    resource_id: UUID
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booked_count: int
    language: str
    kind: str
    activity: str
    title: str | None
    service_id: UUID | None
    audience: str
    min_age_years: int | None
    max_age_years: int | None
    municipality_code: str | None
    series_id: UUID | None
    cancel_deadline_hours: int
    band_override_reason: str | None = None


class SlotPage(BaseModel):
    items: list[Slot]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class CapacityIn(BaseModel):
    capacity: int = Field(ge=1, le=1000)


class AvailabilityIn(Offering):
    rrule: str = Field(
        max_length=500,
        examples=["FREQ=WEEKLY;BYDAY=TU;COUNT=10"],
        description="An RFC 5545 RRULE with COUNT or UNTIL.",
    )
    first_start: datetime = Field(
        examples=["2026-10-06T17:00:00"],
        ge=datetime(2000, 1, 1),
        le=datetime(2100, 1, 1),
        description="Local Europe/Helsinki wall-clock time of the first session, no offset.",
    )
    duration_minutes: int = Field(ge=5, le=720)
    as_series: bool = Field(default=False, description="Booked and cancelled as one.")
    skip_public_holidays: bool = True
    except_dates: list[date] = Field(default=[], max_length=366)


class Availability(BaseModel):
    rule_id: UUID
    series_id: UUID | None
    slots: list[Slot]


class BookingIn(BaseModel):
    slot_id: UUID
    child_id: UUID | None = Field(
        default=None,
        description="When booking for one's child: the child's id (as the "
        "network service gives it); their age on the day is checked against the activity's.",
    )
    child_birth_date: date | None = Field(
        default=None,
        description="Deprecated, refused from guardians (422): name the child by `child_id`.",
    )
    interpreter_language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    join_waitlist: bool = Field(default=True, description="Queue when full, else 409.")


class HoldIn(BaseModel):
    slot_id: UUID


class ConfirmIn(BaseModel):
    child_id: UUID | None = Field(
        default=None,
        description="When booking for one's child: the child's id (as the "
        "network service gives it); their age on the day is checked against the activity's.",
    )
    child_birth_date: date | None = Field(
        default=None,
        description="Deprecated, refused from guardians (422): name the child by `child_id`.",
    )
    interpreter_language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")


class SeriesBookingIn(BaseModel):
    child_id: UUID | None = Field(
        default=None,
        description="When booking for one's child: the child's id (as the "
        "network service gives it); their age on the day is checked against the activity's.",
    )
    child_birth_date: date | None = Field(
        default=None,
        description="Deprecated, refused from guardians (422): name the child by `child_id`.",
    )
    interpreter_language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")


class RescheduleIn(BaseModel):
    slot_id: UUID


class AttendanceIn(BaseModel):
    attended: bool


class Booking(BaseModel):
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


class SeriesBooking(BaseModel):
    id: UUID
    series_id: UUID
    status: str
    bookings: list[Booking]


class AccessLogEntry(BaseModel):
    actor: UUID = Field(description="The staff member's subject id.")
    booking_id: UUID | None = Field(
        description="None for a read about the family as a whole, "
        "such as a network meeting's free times."
    )
    action: str
    purpose: str
    at: datetime


class FeedLink(BaseModel):
    url: str
    note: str = "Anyone with this link can read the calendar; revoke it to stop that."


class NetworkMeetingIn(BaseModel):
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


class FreeTime(BaseModel):
    starts_at: datetime
    ends_at: datetime
    room_id: UUID
    interpreter_id: UUID | None = None


class NetworkMeeting(BaseModel):
    id: UUID
    starts_at: datetime
    ends_at: datetime
    room_id: UUID
    interpreter_id: UUID | None
    slot_ids: list[UUID]
    booking_ids: list[UUID]
