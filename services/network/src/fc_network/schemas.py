"""The network API's request and response bodies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from fc_network.domain import DEFAULT_AUDIENCE_BANDS
from fc_shared.events.contracts import AudienceBand

Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
MunicipalityCodeIn = Annotated[str, StringConstraints(pattern=r"^\d{3}$")]


class Municipality(BaseModel):
    code: str = Field(examples=["905"])
    name_sv: str = Field(examples=["Vasa"])
    name_fi: str = Field(examples=["Vaasa"])
    region: str


class RoomAgreement(BaseModel):
    """The agreement on the use of rooms between the municipality and the wellbeing county."""

    parties: list[str] = Field(
        min_length=2, max_length=10, examples=[["Vasa stad", "Österbottens välfärdsområde"]]
    )
    valid_from: date
    valid_until: date | None = None
    rooms: list[str] = Field(min_length=1, max_length=50, examples=[["Samlingssalen"]])


class MeetingPointIn(BaseModel):
    municipality_code: str = Field(pattern=r"^\d{3}$", examples=["905"])
    name: str = Field(min_length=1, max_length=200, examples=["Träffpunkten i Vasa"])
    digital: bool = False
    address: str | None = Field(default=None, max_length=300)
    link: str | None = Field(default=None, max_length=500)
    accessibility: str | None = Field(default=None, max_length=2000)
    responsible_person: UUID | None = None
    audience_bands: list[AudienceBand] = Field(
        default_factory=lambda: list(DEFAULT_AUDIENCE_BANDS),
        min_length=1,
        max_length=3,
        description="Audiences in time order: mornings, afternoons, evenings.",
    )
    agreement: RoomAgreement | None = None


class MeetingPointChange(BaseModel):
    """The editable parts of a meeting point; what is left out stays as it is."""

    audience_bands: list[AudienceBand] | None = Field(default=None, min_length=1, max_length=3)
    accessibility: str | None = Field(default=None, max_length=2000)
    responsible_person: UUID | None = None
    agreement: RoomAgreement | None = None


class MeetingPoint(MeetingPointIn):
    id: UUID
    created_at: datetime


class ReferralIn(BaseModel):
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


class Referral(BaseModel):
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


class DeclineIn(BaseModel):
    reason_code: str = Field(examples=["no_capacity"])


class OrganisationIn(BaseModel):
    name: str = Field(min_length=1, max_length=200, examples=["Österbottens välfärdsområde"])
    sector: str = Field(examples=["wellbeing_county"])


class Organisation(OrganisationIn):
    id: UUID


class ServiceText(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=10_000)


class ServiceIn(BaseModel):
    organisation_id: UUID
    municipality_code: str | None = Field(default=None, pattern=r"^\d{3}$")
    digital: bool = False
    age_min: int = Field(ge=0, le=17)
    age_max: int = Field(ge=0, le=17)
    free_of_charge: bool = True
    languages: list[Language] = Field(min_length=1, max_length=20, examples=[["sv", "fi"]])
    topics: list[str] = Field(default_factory=list, max_length=20, examples=[["parenting"]])
    contact: str | None = Field(default=None, max_length=300)
    opening_hours: str | None = Field(default=None, max_length=300)
    texts: dict[str, ServiceText] = Field(
        min_length=1, description="Name and description per language code (sv, fi, en, ...)."
    )


class DirectoryEntry(BaseModel):
    """A published service as the directory shows it, in one language."""

    id: UUID
    language: str = Field(description="The language of name and description.")
    name: str
    description: str
    organisation_id: UUID
    municipality_code: str | None
    digital: bool
    age_min: int
    age_max: int
    free_of_charge: bool
    languages: list[str]
    topics: list[str]
    contact: str | None
    opening_hours: str | None


class DirectoryPage(BaseModel):
    items: list[DirectoryEntry]
    total: int
    page: int
    page_size: int


class ServiceCreated(BaseModel):
    id: UUID
    status: str


class GuardianIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    subject: UUID | None = Field(default=None, description="The guardian's login subject id.")
    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=40)
    address: str | None = Field(default=None, max_length=300)
    non_disclosure: bool = False


class ChildIn(BaseModel):
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


class FamilyIn(BaseModel):
    language: str = Field(
        default="sv",
        pattern=r"^[a-z]{2,3}$",
        description="The language the family chose to be served in.",
    )
    guardians: list[GuardianIn] = Field(min_length=1, max_length=4)
    children: list[ChildIn] = Field(default_factory=list, max_length=20)


class FamilyMember(BaseModel):
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


class Family(BaseModel):
    id: UUID
    members: list[FamilyMember]
    case_id: UUID | None
    responsible: UUID | None


class Responsibility(BaseModel):
    professional: UUID
    since: datetime
    until: datetime | None


class Case(BaseModel):
    id: UUID
    family_id: UUID
    responsible: UUID | None
    history: list[Responsibility]


class HandoverIn(BaseModel):
    professional: UUID
    reason: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Required when an admin hands over for the responsible person (e.g. they "
        "left); kept in the family's access log.",
    )


class CaseRequestIn(BaseModel):
    professional: UUID = Field(
        description="Subject id of the professional the guardian asks "
        "to open the family's case and be its responsible person."
    )


class CaseRequest(CaseRequestIn):
    id: UUID
    family_id: UUID


class CoordinatorIn(BaseModel):
    coordinator: UUID = Field(
        description="Subject id of the meeting point's responsible person (its rooms and activity)."
    )


class ConsentIn(BaseModel):
    member: UUID = Field(description="The professional or close person allowed to see the case.")
    scope: Literal["case", "referral"] = Field(
        default="case", description="case: may see the case; referral: may refer the family"
    )


class Consent(ConsentIn):
    id: UUID


class AccessEntry(BaseModel):
    actor: UUID
    action: str
    purpose: str
    allowed: bool
    at: datetime


class ProfessionalIn(BaseModel):
    subject: UUID = Field(description="The professional's login subject id.")
    organisation_id: UUID
    role: str = Field(min_length=1, max_length=100, examples=["public health nurse"])
    languages: list[Language] = Field(min_length=1, max_length=20, examples=[["sv", "fi"]])
    municipalities: list[MunicipalityCodeIn] = Field(
        min_length=1, max_length=50, examples=[["905", "499"]]
    )


class TrainingIn(BaseModel):
    course: str = Field(examples=["lets_talk_about_children"])
    completed_on: date


class TrainingProgress(BaseModel):
    course: str
    year: int
    target: int
    completed: int
    share_of_target: float


class StaffIn(BaseModel):
    professional: UUID


class AdviceText(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20_000)


class AdviceIn(BaseModel):
    topic: str = Field(examples=["parenting"])
    age_min: int = Field(ge=0, le=17)
    age_max: int = Field(ge=0, le=17)
    texts: dict[str, AdviceText] = Field(min_length=1)


class Advice(BaseModel):
    id: UUID
    topic: str
    age_min: int
    age_max: int
    language: str
    title: str
    body: str


class NetworkMemberIn(BaseModel):
    member: UUID = Field(description="Subject id of a professional or a person close to the child.")
    kind: Literal["professional", "close_person"]


class NetworkMember(NetworkMemberIn):
    added_by: UUID
    added_at: datetime
