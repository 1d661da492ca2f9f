"""Request and response bodies of municipalities, meeting points and referrals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from fc_network.domain.meeting_points import DEFAULT_AUDIENCE_BANDS
from fc_shared.events.base import AudienceBand
from fc_shared.models import RequestModel, ResponseModel


class Municipality(ResponseModel):
    code: str = Field(examples=["905"])
    name_sv: str = Field(examples=["Vasa"])
    name_fi: str = Field(examples=["Vaasa"])
    region: str


class RoomAgreement(RequestModel):
    """The agreement on the use of rooms between the municipality and the wellbeing county."""

    parties: list[str] = Field(
        min_length=2, max_length=10, examples=[["Vasa stad", "Österbottens välfärdsområde"]]
    )
    valid_from: date
    valid_until: date | None = None
    rooms: list[str] = Field(min_length=1, max_length=50, examples=[["Samlingssalen"]])


class MeetingPointIn(RequestModel):
    municipality_code: str = Field(pattern=r"^\d{3}$", examples=["905"])
    name: str = Field(min_length=1, max_length=200, examples=["Träffpunkten i Vasa"])
    digital: bool = False
    address: str | None = Field(
        default=None,
        max_length=300,
        description="A physical meeting point's address, on one line: 'street, postal code "
        "locality' (families are told it with their bookings).",
        examples=["Storalånggatan 1, 65100 Vasa"],
    )
    link: str | None = Field(
        default=None, max_length=500, description="A digital meeting point's meeting link."
    )
    accessibility: str | None = Field(default=None, max_length=2000)
    responsible_person: UUID | None = None
    audience_bands: list[AudienceBand] = Field(
        default_factory=lambda: list(DEFAULT_AUDIENCE_BANDS),
        min_length=1,
        max_length=3,
        description="Audiences in time order: mornings, afternoons, evenings.",
    )
    agreement: RoomAgreement | None = None


class MeetingPointChange(RequestModel):
    """The editable parts of a meeting point; what is left out stays as it is."""

    audience_bands: list[AudienceBand] | None = Field(default=None, min_length=1, max_length=3)
    address: str | None = Field(
        default=None,
        max_length=300,
        description="A physical meeting point's address, on one line: 'street, postal code "
        "locality' (families are told it with their bookings).",
        examples=["Storalånggatan 1, 65100 Vasa"],
    )
    link: str | None = Field(
        default=None, max_length=500, description="A digital meeting point's meeting link."
    )
    accessibility: str | None = Field(default=None, max_length=2000)
    responsible_person: UUID | None = None
    agreement: RoomAgreement | None = None


class MeetingPoint(MeetingPointIn):
    id: UUID
    created_at: datetime


class CoordinatorIn(RequestModel):
    coordinator: UUID = Field(
        description="Subject id of the meeting point's responsible person (its rooms and activity)."
    )


class ReferralIn(RequestModel):
    family_id: UUID
    referred_to: UUID | None = Field(
        default=None, description="The receiving professional's subject id."
    )
    service_id: UUID | None = Field(
        default=None, description="Or a service: routed to its staff in the family's language."
    )
    reason_category: str = Field(examples=["parenting_support"])
    urgency: Literal["routine", "soon", "urgent"] = "routine"
    message: str | None = Field(default=None, max_length=4000)


class Referral(ResponseModel):
    id: UUID
    family_id: UUID
    referred_by: UUID
    referred_to: UUID
    reason_category: str
    urgency: str
    status: str
    created_at: datetime
    accepted_at: datetime | None = None
    declined_at: datetime | None = None
    decline_reason: str | None = None
    completed_at: datetime | None = None


class DeclineIn(RequestModel):
    reason_code: str = Field(examples=["no_capacity"])
