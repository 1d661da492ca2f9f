"""Request and response bodies of resources, slots, closures, availability and feeds."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import AwareDatetime, Field

from fc_booking.domain import resources, slots
from fc_booking.domain.availability import RecurringRule
from fc_booking.domain.resources import ResourceKind
from fc_booking.domain.slots import Activity, Audience
from fc_shared.models import RequestModel, ResponseModel

Language = Field(default="sv", pattern=r"^[a-z]{2,3}$", examples=["sv", "fi", "ar"])


class Resource(ResponseModel):
    id: UUID
    kind: str
    name: str | None = None
    meeting_point_id: UUID | None
    municipality_code: str | None
    audience_bands: list[str]
    languages: list[str] = Field(default=[])
    owner_subject: UUID | None = None
    street_address: str | None = Field(
        default=None, description="A meeting point's room: its public address, from network."
    )
    postal_code: str | None = None
    locality: str | None = None
    meeting_link: str | None = Field(
        default=None, description="A digital meeting point's room: its meeting link."
    )

    @classmethod
    def of(cls, resource: resources.Resource) -> Resource:
        return cls(
            id=resource.id,
            kind=resource.kind,
            name=resource.name,
            meeting_point_id=resource.meeting_point_id,
            municipality_code=resource.municipality_code,
            audience_bands=list(resource.audience_bands),
            languages=list(resource.languages),
            owner_subject=resource.owner_subject,
            street_address=resource.street_address,
            postal_code=resource.postal_code,
            locality=resource.locality,
            meeting_link=resource.meeting_link,
        )


class ResourceIn(RequestModel):
    kind: ResourceKind = Field(
        description="A professional creates their own calendar; an "
        "admin creates digital rooms, rooms and interpreters."
    )
    name: str = Field(min_length=1, max_length=200)
    municipality_code: str | None = Field(default=None, pattern=r"^\d{3}$")
    languages: list[str] = Field(
        default=[], max_length=20, description="An interpreter's languages (ISO 639 codes)."
    )


class ManagerIn(RequestModel):
    subject: UUID = Field(description="The coordinator, professional or organiser's subject id.")


class ClosureIn(RequestModel):
    starts_on: date
    ends_on: date
    reason: str = Field(min_length=1, max_length=500)


class Closure(ResponseModel):
    id: UUID
    resource_id: UUID
    starts_on: date
    ends_on: date
    reason: str

    @classmethod
    def of(cls, closure: resources.Closure) -> Closure:
        return cls(
            id=closure.id,
            resource_id=closure.resource_id,
            starts_on=closure.starts_on,
            ends_on=closure.ends_on,
            reason=closure.reason,
        )


class Offering(RequestModel):
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

    def offering(self) -> slots.Offering:
        return slots.Offering(
            capacity=self.capacity,
            language=self.language,
            activity=self.activity,
            title=self.title,
            service_id=self.service_id,
            audience=self.audience,
            min_age_years=self.min_age_years,
            max_age_years=self.max_age_years,
            cancel_deadline_hours=self.cancel_deadline_hours,
            band_override_reason=self.band_override_reason,
        )


class SlotIn(Offering):
    resource_id: UUID
    starts_at: AwareDatetime = Field(examples=["2026-12-01T09:00:00+02:00"])
    ends_at: AwareDatetime = Field(examples=["2026-12-01T10:00:00+02:00"])


class Slot(ResponseModel):
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

    @classmethod
    def of(cls, slot: slots.Slot) -> Slot:
        return cls.model_validate(slot, from_attributes=True)


class SlotPage(ResponseModel):
    items: list[Slot]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class CapacityIn(RequestModel):
    capacity: int = Field(ge=1, le=1000)


class AvailabilityIn(Offering):
    rrule: str = Field(
        max_length=500,
        examples=["FREQ=WEEKLY;BYDAY=TU;COUNT=10"],
        description="An RFC 5545 RRULE with COUNT or UNTIL.",
    )
    first_start: datetime = Field(
        examples=["2026-10-06T17:00:00"],
        ge=datetime(2000, 1, 1),  # noqa: DTZ001 - local wall-clock time, no zone by design
        le=datetime(2100, 1, 1),  # noqa: DTZ001
        description="Local Europe/Helsinki wall-clock time of the first session, no offset.",
    )
    duration_minutes: int = Field(ge=5, le=720)
    as_series: bool = Field(default=False, description="Booked and cancelled as one.")
    skip_public_holidays: bool = True
    except_dates: list[date] = Field(default=[], max_length=366)

    def rule(self) -> RecurringRule:
        return RecurringRule(
            rrule=self.rrule,
            first_start=self.first_start,
            duration_minutes=self.duration_minutes,
            as_series=self.as_series,
            skip_public_holidays=self.skip_public_holidays,
            except_dates=tuple(self.except_dates),
        )


class Availability(ResponseModel):
    rule_id: UUID
    series_id: UUID | None
    slots: list[Slot]


class FeedLink(ResponseModel):
    url: str
    note: str = "Anyone with this link can read the calendar; revoke it to stop that."
