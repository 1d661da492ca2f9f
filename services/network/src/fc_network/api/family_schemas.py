"""Request and response bodies of families, cases, consents, networks and the access log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from fc_shared.models import RequestModel, ResponseModel


class GuardianIn(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    subject: UUID | None = Field(default=None, description="The guardian's login subject id.")
    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=40)
    address: str | None = Field(default=None, max_length=300)
    non_disclosure: bool = False


class ChildIn(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    birth_date: date
    non_disclosure: bool = False
    subject: UUID | None = Field(
        default=None,
        description="A youth's own login subject id, set by the guardian. "
        "Pending until the youth confirms it with their own sign-in "
        "(POST /v1/families/{id}/children/me/confirmation); only then do the services know "
        "that login as this child.",
    )


class FamilyIn(RequestModel):
    language: str = Field(
        default="sv",
        pattern=r"^[a-z]{2,3}$",
        description="The language the family chose to be served in.",
    )
    guardians: list[GuardianIn] = Field(min_length=1, max_length=4)
    children: list[ChildIn] = Field(default_factory=list, max_length=20)


class FamilyCreated(ResponseModel):
    id: UUID = Field(description="The new family's id.")


class Confirmed(ResponseModel):
    family_id: UUID
    confirmed: bool


class FamilyMember(ResponseModel):
    id: UUID
    role: str
    name: str
    birth_date: date | None
    email: str | None
    phone: str | None
    address: str | None
    non_disclosure: bool
    details_hidden: bool = Field(description="Contact details withheld (non-disclosure order).")
    pending: bool = Field(
        default=False,
        description="A guardian named by someone else who "
        "has not yet confirmed with their own sign-in, and acts for nobody; "
        "or a child whose youth's own login awaits the youth's confirmation.",
    )


class Family(ResponseModel):
    id: UUID
    members: list[FamilyMember]
    case_id: UUID | None
    responsible: UUID | None


class Responsibility(ResponseModel):
    professional: UUID
    since: datetime
    until: datetime | None


class Case(ResponseModel):
    id: UUID
    family_id: UUID
    responsible: UUID | None
    history: list[Responsibility]


class HandoverIn(RequestModel):
    professional: UUID
    reason: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Required when an admin hands over for the responsible person (e.g. they "
        "left); kept in the family's access log.",
    )


class CaseRequestIn(RequestModel):
    professional: UUID = Field(
        description="Subject id of the professional the guardian asks "
        "to open the family's case and be its responsible person."
    )


class CaseRequest(ResponseModel):
    professional: UUID
    id: UUID
    family_id: UUID


class ConsentIn(RequestModel):
    member: UUID = Field(description="The professional or close person allowed to see the case.")
    scope: Literal["case", "referral"] = Field(
        default="case", description="case: may see the case; referral: may refer the family"
    )


class Consent(ResponseModel):
    member: UUID
    scope: Literal["case", "referral"]
    id: UUID


class AccessEntry(ResponseModel):
    actor: UUID
    action: str
    purpose: str
    allowed: bool
    at: datetime


class NetworkMemberIn(RequestModel):
    member: UUID = Field(description="Subject id of a professional or a person close to the child.")
    kind: Literal["professional", "close_person"]


class NetworkMemberAdded(ResponseModel):
    case_id: UUID
    member: UUID


class NetworkMember(ResponseModel):
    member: UUID
    kind: Literal["professional", "close_person"]
    added_by: UUID
    added_at: datetime
