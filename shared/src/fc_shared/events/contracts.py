"""Event data models, one per event type, with the topic each is published on.

Events carry ids (pseudonymous UUIDs), codes, municipality, times and counts only: never a
name, identity code, phone number, e-mail address or free text written by a family. A field
is only ever added within a major version; `schemas/` holds the exported JSON Schemas and a
test fails on a breaking change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

MunicipalityCode = str  # Statistics Finland's three-digit code, e.g. "905" for Vasa/Vaasa
AudienceBand = Literal["small_children", "school_children", "youth"]


def _every_audience() -> list[AudienceBand]:
    return ["small_children", "school_children", "youth"]


class DomainEvent(BaseModel):
    """Base of every event's data; `TYPE` and `TOPIC` route it, `key` orders it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    TYPE: ClassVar[str]
    TOPIC: ClassVar[str]
    SOURCE: ClassVar[str]

    def key(self) -> str:
        """The aggregate id: Kafka keeps one aggregate's events in order on one partition."""
        raise NotImplementedError


class MeetingPointOpened(DomainEvent):
    """A meeting point (träffpunkt / kohtaamispaikka) was opened in a municipality."""

    TYPE = "fi.familjecentret.network.MeetingPointOpened.v1"
    TOPIC = "network.meeting-points.v1"
    SOURCE = "/network"

    meeting_point_id: UUID = Field(description="The meeting point's id.")
    municipality_code: MunicipalityCode = Field(examples=["905"])
    digital: bool = Field(default=False, description="A digital meeting point has no room.")
    audience_bands: list[AudienceBand] = Field(
        default_factory=_every_audience,
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

    def key(self) -> str:
        return str(self.meeting_point_id)


class MeetingPointChanged(DomainEvent):
    """A meeting point's audience bands or responsible person (bookable facts) were edited."""

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

    def key(self) -> str:
        return str(self.meeting_point_id)


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


class FormSubmitted(DomainEvent):
    """A family submitted an e-form; the answers stay in the forms service."""

    TYPE = "fi.familjecentret.forms.FormSubmitted.v1"
    TOPIC = "forms.submissions.v1"
    SOURCE = "/forms"

    submission_id: UUID
    form_type: str = Field(examples=["contact-request"])
    municipality_code: MunicipalityCode
    submitted_by: UUID = Field(description="Pseudonymous subject id of the submitter.")
    language: str = Field(default="sv")

    def key(self) -> str:
        return str(self.submission_id)


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


ALL_EVENTS: tuple[type[DomainEvent], ...] = (
    MeetingPointOpened,
    MeetingPointChanged,
    ServicePublished,
    SlotBooked,
    BookingCancelled,
    BookingRescheduled,
    WaitlistPromoted,
    AttendanceRecorded,
    FormSubmitted,
    ReferralMade,
    ReferralAccepted,
    ReferralDeclined,
    ReferralCompleted,
    ResponsiblePersonAssigned,
    ProfessionalTrained,
    FamilyChanged,
    CaseTeamChanged,
)

_BY_TYPE = {event.TYPE: event for event in ALL_EVENTS}


def event_type_of(type_name: str) -> type[DomainEvent]:
    """The data model of a CloudEvents `type`; KeyError for a type nobody defined."""
    return _BY_TYPE[type_name]


@dataclass(frozen=True, slots=True)
class TopicContract:
    """Who writes a topic, who reads it, and whether analysts may: the broker's ACLs and the
    consumers' source check are generated from this one table, so a new service's topics
    cannot be forgotten."""

    name: str
    owner: str
    readers: frozenset[str]
    analysts: bool


# Every topic, its one owning service and the services that consume it. `analysts` is False
# for a topic that carries anything personal (a child's birth date): services only.
TOPICS: tuple[TopicContract, ...] = (
    TopicContract("network.meeting-points.v1", "network", frozenset({"booking"}), True),
    TopicContract("network.services.v1", "network", frozenset(), True),
    TopicContract("network.referrals.v1", "network", frozenset({"notify"}), True),
    TopicContract("network.professionals.v1", "network", frozenset(), True),
    TopicContract("network.cases.v1", "network", frozenset(), True),
    TopicContract("network.families.v1", "network", frozenset({"booking"}), False),
    TopicContract("booking.bookings.v1", "booking", frozenset({"notify"}), True),
    TopicContract("forms.submissions.v1", "forms", frozenset({"notify"}), True),
)

_TOPIC_BY_NAME = {topic.name: topic for topic in TOPICS}


def topic_contract(name: str) -> TopicContract:
    """The contract of a topic by its unprefixed name; KeyError for an unknown topic."""
    return _TOPIC_BY_NAME[name]


def owner_source(event: type[DomainEvent]) -> str:
    """The CloudEvents `source` an event must carry: its topic's owning service."""
    return f"/{topic_contract(event.TOPIC).owner}"
