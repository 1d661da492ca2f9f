"""Events the network service produces: meeting points, the service directory,
referrals, professionals, cases and families."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from fc_shared.events.base import AudienceBand, DomainEvent, MunicipalityCode, every_audience

# Where a meeting point is, so that booking can tell families where their activity is: a
# public place's address, never a person's.
STREET_ADDRESS = (
    "A physical meeting point's street address (the whole address as network holds it when "
    "it is not in the form 'street, postal code locality')."
)
MEETING_LINK = "A digital meeting point's link, where families join its activities."


class MeetingPointOpened(DomainEvent):
    """A meeting point (träffpunkt / kohtaamispaikka) was opened in a municipality."""

    TYPE = "fi.familjecentret.network.MeetingPointOpened.v1"
    TOPIC = "network.meeting-points.v1"
    SOURCE = "/network"

    meeting_point_id: UUID = Field(description="The meeting point's id.")
    municipality_code: MunicipalityCode = Field(examples=["905"])
    digital: bool = Field(default=False, description="A digital meeting point has no room.")
    audience_bands: list[AudienceBand] = Field(
        default_factory=every_audience,
        description="Audiences in time order: mornings, afternoons, evenings.",
    )
    coordinator: UUID | None = Field(
        default=None,
        description="Pseudonymous subject id of the person responsible for the "
        "meeting point's rooms and activity: booking lets them manage the room.",
    )
    title: str | None = Field(
        default=None,
        max_length=300,
        description="The meeting point's public name, a place's, never a person's (a field "
        "called name would read as personal data): booking names its room after it.",
    )
    street_address: str | None = Field(
        default=None, max_length=300, description=STREET_ADDRESS, examples=["Storalånggatan 1"]
    )
    postal_code: str | None = Field(default=None, max_length=10, examples=["65100"])
    locality: str | None = Field(default=None, max_length=300, examples=["Vasa"])
    meeting_link: str | None = Field(default=None, max_length=500, description=MEETING_LINK)

    def key(self) -> str:
        return str(self.meeting_point_id)


class MeetingPointChanged(DomainEvent):
    """A meeting point's bookable facts were edited: its audience bands, responsible person,
    name, or where it is (address or link)."""

    TYPE = "fi.familjecentret.network.MeetingPointChanged.v1"
    TOPIC = "network.meeting-points.v1"
    SOURCE = "/network"

    meeting_point_id: UUID
    municipality_code: MunicipalityCode
    digital: bool = False
    audience_bands: list[AudienceBand]
    coordinator: UUID | None = Field(
        default=None,
        description="Pseudonymous subject id of the person responsible for the "
        "meeting point's rooms and activity: booking lets them manage the room.",
    )
    title: str | None = Field(
        default=None,
        max_length=300,
        description="The meeting point's public name, a place's, never a person's (a field "
        "called name would read as personal data): booking names its room after it.",
    )
    street_address: str | None = Field(
        default=None, max_length=300, description=STREET_ADDRESS, examples=["Storalånggatan 1"]
    )
    postal_code: str | None = Field(default=None, max_length=10, examples=["65100"])
    locality: str | None = Field(default=None, max_length=300, examples=["Vasa"])
    meeting_link: str | None = Field(default=None, max_length=500, description=MEETING_LINK)

    def key(self) -> str:
        return str(self.meeting_point_id)


class ServicePublished(DomainEvent):
    """A service in the public directory was published (its sv and fi texts both exist)."""

    TYPE = "fi.familjecentret.network.ServicePublished.v1"
    TOPIC = "network.services.v1"
    SOURCE = "/network"

    service_id: UUID
    organisation_id: UUID
    municipality_code: MunicipalityCode | None = Field(
        default=None, description="None for a service that is digital or region-wide."
    )
    topics: list[str] = Field(examples=[["parenting", "peer_support"]])
    languages: list[str] = Field(
        description="Languages the service is offered in.", examples=[["sv", "fi"]]
    )
    age_min: int
    age_max: int

    def key(self) -> str:
        return str(self.service_id)


class ReferralMade(DomainEvent):
    """A professional referred a family onwards, with the family's consent."""

    TYPE = "fi.familjecentret.network.ReferralMade.v1"
    TOPIC = "network.referrals.v1"
    SOURCE = "/network"

    referral_id: UUID
    family_id: UUID
    referred_by: UUID = Field(description="Subject id of the referring professional.")
    referred_to: UUID = Field(description="Subject id of the receiving professional.")
    reason_category: str = Field(examples=["parenting_support"])
    urgency: Literal["routine", "soon", "urgent"] = "routine"

    def key(self) -> str:
        return str(self.referral_id)


class ReferralAccepted(DomainEvent):
    """The receiving professional accepted a referral."""

    TYPE = "fi.familjecentret.network.ReferralAccepted.v1"
    TOPIC = "network.referrals.v1"
    SOURCE = "/network"

    referral_id: UUID
    family_id: UUID
    accepted_by: UUID
    lead_time_seconds: int = Field(description="From referral to acceptance.")

    def key(self) -> str:
        return str(self.referral_id)


class ReferralDeclined(DomainEvent):
    """The receiving professional declined a referral, with a reason code."""

    TYPE = "fi.familjecentret.network.ReferralDeclined.v1"
    TOPIC = "network.referrals.v1"
    SOURCE = "/network"

    referral_id: UUID
    family_id: UUID
    declined_by: UUID
    reason_code: str = Field(examples=["not_our_service"])

    def key(self) -> str:
        return str(self.referral_id)


class ReferralCompleted(DomainEvent):
    """The help the referral asked for has been given."""

    TYPE = "fi.familjecentret.network.ReferralCompleted.v1"
    TOPIC = "network.referrals.v1"
    SOURCE = "/network"

    referral_id: UUID
    family_id: UUID
    completed_by: UUID
    lead_time_seconds: int = Field(description="From referral to completion.")

    def key(self) -> str:
        return str(self.referral_id)


class ProfessionalTrained(DomainEvent):
    """A professional completed a tracked training, e.g. Let's Talk about Children."""

    TYPE = "fi.familjecentret.network.ProfessionalTrained.v1"
    TOPIC = "network.professionals.v1"
    SOURCE = "/network"

    professional: UUID
    organisation_id: UUID
    course: str = Field(examples=["lets_talk_about_children"])
    completed_on: date

    def key(self) -> str:
        return str(self.professional)


class ResponsiblePersonAssigned(DomainEvent):
    """A case got its (new) one responsible person; the previous one, if any, handed over."""

    TYPE = "fi.familjecentret.network.ResponsiblePersonAssigned.v1"
    TOPIC = "network.cases.v1"
    SOURCE = "/network"

    case_id: UUID
    family_id: UUID
    professional: UUID = Field(description="Subject id of the responsible person.")
    previous: UUID | None = Field(default=None, description="Who handed over, if anyone.")

    def key(self) -> str:
        return str(self.case_id)


class FamilyChild(BaseModel):
    """One child of a family as the services see it: a pseudonymous id, never a name."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    child_id: UUID = Field(description="The child's pseudonymous id in network.")
    birth_date: date = Field(
        description="For age rules (booking's child activities). This is "
        "why the topic is readable by the services only, never analysts."
    )
    subject: UUID | None = Field(
        default=None,
        description="A youth's own sign-in subject, linking their login to this child record.",
    )


class FamilyChanged(DomainEvent):
    """A family's shape, whole, after it was registered or changed: who acts for whom.

    A snapshot, not a diff: a consumer replaces what it knew. `revision` grows with every
    change, so a consumer can ignore a snapshot older than the one it holds. Only confirmed
    guardians are listed: a co-guardian acts for the family once they have confirmed it.
    """

    TYPE = "fi.familjecentret.network.FamilyChanged.v1"
    TOPIC = "network.families.v1"
    SOURCE = "/network"

    family_id: UUID
    revision: int = Field(ge=1)
    guardians: list[UUID] = Field(description="Confirmed guardians' subject ids.")
    children: list[FamilyChild]

    def key(self) -> str:
        return str(self.family_id)


class CaseTeamChanged(DomainEvent):
    """Who may work on a family's case now: the responsible person and consented members."""

    TYPE = "fi.familjecentret.network.CaseTeamChanged.v1"
    TOPIC = "network.families.v1"
    SOURCE = "/network"

    case_id: UUID
    family_id: UUID
    revision: int = Field(ge=1)
    responsible: UUID | None = Field(description="Subject id of the responsible person.")
    consented_members: list[UUID] = Field(
        description="Professionals the family has consented to seeing the case."
    )

    def key(self) -> str:
        return str(self.family_id)
