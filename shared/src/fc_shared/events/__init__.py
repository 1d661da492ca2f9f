"""Event contracts: the only code services share about each other."""

from fc_shared.events.contracts import (
    ALL_EVENTS,
    DomainEvent,
    FormSubmitted,
    MeetingPointChanged,
    MeetingPointOpened,
    ProfessionalTrained,
    ReferralAccepted,
    ReferralCompleted,
    ReferralDeclined,
    ReferralMade,
    ResponsiblePersonAssigned,
    ServicePublished,
    SlotBooked,
    event_type_of,
)

__all__ = [
    "ALL_EVENTS",
    "DomainEvent",
    "FormSubmitted",
    "MeetingPointChanged",
    "MeetingPointOpened",
    "ProfessionalTrained",
    "ReferralAccepted",
    "ReferralCompleted",
    "ReferralDeclined",
    "ReferralMade",
    "ResponsiblePersonAssigned",
    "ServicePublished",
    "SlotBooked",
    "event_type_of",
]
