"""The network API's request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from fc_network.domain import DEFAULT_AUDIENCE_BANDS
from fc_shared.events.contracts import AudienceBand


class Municipality(BaseModel):
    code: str = Field(examples=["905"])
    name_sv: str = Field(examples=["Vasa"])
    name_fi: str = Field(examples=["Vaasa"])
    region: str


class MeetingPointIn(BaseModel):
    municipality_code: str = Field(pattern=r"^\d{3}$", examples=["905"])
    name: str = Field(min_length=1, max_length=200, examples=["Träffpunkten i Vasa"])
    digital: bool = False
    address: str | None = Field(default=None, max_length=300)
    link: str | None = Field(default=None, max_length=500)
    accessibility: str | None = Field(default=None, max_length=2000)
    responsible_person: UUID | None = None
    audience_bands: list[AudienceBand] = Field(
        default_factory=lambda: list(DEFAULT_AUDIENCE_BANDS), min_length=1, max_length=3
    )


class MeetingPoint(MeetingPointIn):
    id: UUID
    created_at: datetime


class ReferralIn(BaseModel):
    family_id: UUID
    referred_to: UUID = Field(description="The receiving professional's subject id.")
    reason_category: str = Field(examples=["parenting_support"])
    urgency: Literal["routine", "soon", "urgent"] = "routine"
    message: str | None = Field(default=None, max_length=4000)
    consent_given: bool = Field(description="The family has consented to this referral.")


class Referral(BaseModel):
    id: UUID
    family_id: UUID
    referred_by: UUID
    referred_to: UUID
    reason_category: str
    urgency: str
    status: str
    created_at: datetime
