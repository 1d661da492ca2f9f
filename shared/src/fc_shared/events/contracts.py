"""Every event contract and every topic, gathered from the producing services' modules.

Each producing service has its module here (`booking`, `network`, `forms`, `notify`,
`chat`); this one lists them all (`ALL_EVENTS`), finds a type's model, and holds the topic
table (`TOPICS`) from which the broker's ACLs and the consumers' source check are generated.
"""

from __future__ import annotations

from dataclasses import dataclass

from fc_shared.events.base import AudienceBand, DomainEvent, MunicipalityCode
from fc_shared.events.booking import (
    AttendanceRecorded,
    BookedAs,
    BookingCancelled,
    BookingRescheduled,
    PublicPlace,
    SlotBooked,
    WaitlistPromoted,
)
from fc_shared.events.chat import (
    ChatAbandoned,
    ChatAnswerWaiting,
    ChatClosed,
    ChatRequested,
    ChatStarted,
    ChatTransferred,
)
from fc_shared.events.forms import FormDefinitionPublished, FormStatusChanged, FormSubmitted
from fc_shared.events.network import (
    CaseTeamChanged,
    FamilyChanged,
    FamilyChild,
    MeetingPointChanged,
    MeetingPointOpened,
    ProfessionalTrained,
    ReferralAccepted,
    ReferralCompleted,
    ReferralDeclined,
    ReferralMade,
    ResponsiblePersonAssigned,
    ServicePublished,
)
from fc_shared.events.notify import NotificationFailed, NotificationSent

__all__ = [
    "ALL_EVENTS",
    "TOPICS",
    "AttendanceRecorded",
    "AudienceBand",
    "BookedAs",
    "BookingCancelled",
    "BookingRescheduled",
    "CaseTeamChanged",
    "ChatAbandoned",
    "ChatAnswerWaiting",
    "ChatClosed",
    "ChatRequested",
    "ChatStarted",
    "ChatTransferred",
    "DomainEvent",
    "FamilyChanged",
    "FamilyChild",
    "FormDefinitionPublished",
    "FormStatusChanged",
    "FormSubmitted",
    "MeetingPointChanged",
    "MeetingPointOpened",
    "MunicipalityCode",
    "NotificationFailed",
    "NotificationSent",
    "ProfessionalTrained",
    "PublicPlace",
    "ReferralAccepted",
    "ReferralCompleted",
    "ReferralDeclined",
    "ReferralMade",
    "ResponsiblePersonAssigned",
    "ServicePublished",
    "SlotBooked",
    "TopicContract",
    "WaitlistPromoted",
    "event_type_of",
    "owner_source",
    "topic_contract",
]


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
    FormStatusChanged,
    FormDefinitionPublished,
    ReferralMade,
    ReferralAccepted,
    ReferralDeclined,
    ReferralCompleted,
    ResponsiblePersonAssigned,
    ProfessionalTrained,
    FamilyChanged,
    CaseTeamChanged,
    NotificationSent,
    NotificationFailed,
    ChatRequested,
    ChatStarted,
    ChatTransferred,
    ChatClosed,
    ChatAbandoned,
    ChatAnswerWaiting,
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
    TopicContract(
        "network.families.v1", "network", frozenset({"booking", "chat", "forms", "notify"}), False
    ),
    TopicContract("booking.bookings.v1", "booking", frozenset({"notify"}), True),
    TopicContract(
        "forms.submissions.v1", "forms", frozenset({"booking", "network", "notify"}), True
    ),
    TopicContract("forms.definitions.v1", "forms", frozenset(), True),
    TopicContract("notify.notifications.v1", "notify", frozenset(), True),
    TopicContract("chat.conversations.v1", "chat", frozenset({"notify"}), True),
)

_TOPIC_BY_NAME = {topic.name: topic for topic in TOPICS}


def topic_contract(name: str) -> TopicContract:
    """The contract of a topic by its unprefixed name; KeyError for an unknown topic."""
    return _TOPIC_BY_NAME[name]


def owner_source(event: type[DomainEvent]) -> str:
    """The CloudEvents `source` an event must carry: its topic's owning service."""
    return f"/{topic_contract(event.TOPIC).owner}"
