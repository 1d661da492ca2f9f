"""Referrals: a professional refers a family, with its consent, to another professional or
to a service (routed to its staff in the family's language); the receiver accepts or
declines, and completes what they accepted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal
from uuid import UUID

from fc_shared.principals import Principal, Role
from fc_shared.refusals import Refused, conflict, invalid, not_allowed, not_found

REASON_CATEGORIES = frozenset(
    {
        "parenting_support",
        "couple_relationship",
        "upbringing",
        "integration_and_language",
        "peer_support",
        "substance_use_prevention",
        "violence_and_bullying_prevention",
        "mental_wellbeing",
        "leisure",
    }
)

DECLINE_REASONS = frozenset(
    {"not_our_service", "no_capacity", "family_declined", "referred_elsewhere", "other"}
)


class ReferralStatus(StrEnum):
    MADE = "made"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"


Urgency = Literal["routine", "soon", "urgent"]


# status -> the steps allowed from it
REFERRAL_STEPS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.MADE: frozenset({ReferralStatus.ACCEPTED, ReferralStatus.DECLINED}),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.COMPLETED}),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.COMPLETED: frozenset(),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Referral:
    id: UUID
    family_id: UUID
    referred_by: UUID
    referred_to: UUID
    reason_category: str
    urgency: Urgency
    status: ReferralStatus
    created_at: datetime
    message: str | None = None
    accepted_at: datetime | None = None
    declined_at: datetime | None = None
    decline_reason: str | None = None
    completed_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferralRequest:
    """What a referring professional asks: a family, a receiver (a professional or a
    service), a reason and how urgent it is."""

    family_id: UUID
    referred_to: UUID | None
    service_id: UUID | None
    reason_category: str
    urgency: Urgency
    message: str | None


def made(
    request: ReferralRequest, *, referral_id: UUID, by: UUID, to: UUID, now: datetime
) -> Referral:
    return Referral(
        id=referral_id,
        family_id=request.family_id,
        referred_by=by,
        referred_to=to,
        reason_category=request.reason_category,
        urgency=request.urgency,
        status=ReferralStatus.MADE,
        created_at=now,
        message=request.message,
    )


def unknown_family() -> Refused:
    return invalid("unknown_family", "Unknown family", "No family has this id.")


def check_referral(
    *, consent_given: bool, reason_category: str, referred_by: object, referred_to: object
) -> None:
    if not consent_given:
        raise invalid(
            "consent_missing",
            "Consent missing",
            "A family can be referred only with the family's consent.",
        )
    if reason_category not in REASON_CATEGORIES:
        raise invalid(
            "unknown_reason_category",
            "Unknown reason category",
            f"Use one of: {', '.join(sorted(REASON_CATEGORIES))}.",
        )
    if referred_by == referred_to:
        raise invalid(
            "referral_to_oneself",
            "Referral to oneself",
            "Refer the family to another professional.",
        )


def check_one_receiver(*, referred_to: UUID | None, service_id: UUID | None) -> None:
    if (referred_to is None) == (service_id is None):
        raise invalid(
            "receiver_unclear", "Receiver unclear", "Name either a professional or a service."
        )


def route_to_staff(staff: list[tuple[UUID, list[str]]], language: str) -> UUID:
    """The first of a service's staff who speaks the family's language; if nobody does, the
    first of them. A service without staff cannot take referrals."""
    if not staff:
        raise invalid(
            "service_has_no_staff",
            "Service has no staff",
            "Nobody at that service can take referrals.",
        )
    for professional, languages in staff:
        if language in languages:
            return professional
    return staff[0][0]


def refers_families(principal: Principal) -> bool:
    """Only professionals make and receive referrals (the routes admit no one else)."""
    return principal.has_any(Role.PROFESSIONAL)


def may_see_referral(principal: Principal, referral: Referral | None) -> bool:
    return referral is not None and principal.subject in (
        referral.referred_by,
        referral.referred_to,
    )


def check_may_see(principal: Principal, referral: Referral | None) -> Referral:
    """Only the two professionals of a referral may see it; others learn nothing, not even
    403."""
    if referral is None or not may_see_referral(principal, referral):
        raise not_found("no_such_referral", "No such referral.")
    return referral


def check_referral_step(
    principal: Principal, referral: Referral, *, step: ReferralStatus, reason_code: str | None
) -> None:
    """One step of a referral's lifecycle, taken by the receiving professional only."""
    if principal.subject != referral.referred_to:
        raise not_allowed("not_the_receiver", "Only the receiving professional answers a referral.")
    if step not in REFERRAL_STEPS[referral.status]:
        raise conflict(
            "invalid_referral_step",
            "Invalid referral step",
            f"A referral that is {referral.status} cannot become {step}.",
        )
    if step == ReferralStatus.DECLINED and reason_code not in DECLINE_REASONS:
        raise invalid(
            "decline_reason_missing",
            "Decline reason missing",
            f"Give one of: {', '.join(sorted(DECLINE_REASONS))}.",
        )


def lead_time_seconds(referral: Referral, now: datetime) -> int:
    return int((now - referral.created_at).total_seconds())
