"""A family's case: opened by the professional the family asked for, with one responsible
person at a time, handed over by them (or an admin, with a reason), and a network of the
people close to the child and other professionals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal
from uuid import UUID

from fc_shared.principals import Principal, Role
from fc_shared.refusals import Refused, conflict, invalid, not_allowed, not_found


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    id: UUID
    family_id: UUID
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Responsibility:
    """One period of a professional's responsibility for a case; the open one is current."""

    id: UUID
    case_id: UUID
    professional: UUID
    since: datetime
    until: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseView:
    """A case with its responsible persons, and its version (the current responsibility's
    id, replaced by every handover) for ETag and If-Match."""

    id: UUID
    family_id: UUID
    responsible: UUID | None
    history: list[Responsibility]
    version: str


def case_view(case_id: UUID, family_id: UUID, history: list[Responsibility]) -> CaseView:
    current = next((period for period in history if period.until is None), None)
    return CaseView(
        id=case_id,
        family_id=family_id,
        responsible=current.professional if current else None,
        history=history,
        version=str(current.id) if current else "",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseRequest:
    id: UUID
    family_id: UUID
    professional: UUID


class NetworkMemberKind(StrEnum):
    PROFESSIONAL = "professional"
    CLOSE_PERSON = "close_person"


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkMember:
    member: UUID
    kind: NetworkMemberKind
    added_by: UUID
    added_at: datetime


def no_such_case_request() -> Refused:
    return not_found("no_such_case_request", "No such request waiting to be used.")


def no_such_case() -> Refused:
    return not_found("no_such_case", "No such case.")


# The grounds on which a professional may open a family's case, one per way a family asks
# for it: a confirmed guardian's case request, or a contact request (forms) from a confirmed
# guardian that this professional took (domain/contact_requests.py).
OpeningGround = Literal["case_request", "contact_request"]


def case_opening_ground(
    *, requested_by_guardian: bool, contact_request_taken: bool = False
) -> OpeningGround | None:
    """Why this professional may open this family's case, or None: only because the family
    turned to them, before any case exists. Never any professional for any family, since
    the case's responsible person sees the family's protected details."""
    if requested_by_guardian:
        return "case_request"
    if contact_request_taken:
        return "contact_request"
    return None


def check_opening_ground(ground: OpeningGround | None) -> OpeningGround:
    if ground is None:
        raise not_allowed(
            "case_not_requested",
            "A professional opens a family's case only when one of its confirmed guardians "
            "has asked them to, or sent a contact request they took.",
        )
    return ground


def check_no_case(existing: Case | None, *, instead: str) -> None:
    """A family has one case and one responsible person; `instead` says what to do."""
    if existing is not None:
        raise conflict(
            "case_exists",
            "Case exists",
            f"The family already has a case and its one responsible person; {instead}",
        )


def check_registered(professional: object | None, *, detail: str) -> None:
    """The responsible person sees the family's protected details: a person the county has
    registered as staff, not any login someone typed."""
    if professional is None:
        raise invalid("not_a_registered_professional", "Not a registered professional", detail)


HandoverGround = Literal["responsible", "admin"]


def handover_ground(
    principal: Principal, *, current: UUID | None, reason: str | None
) -> HandoverGround | None:
    """The responsible person hands their case on; an admin may do it for them, with a
    reason kept in the access log, so a case never sticks when its professional leaves."""
    if current is not None and principal.subject == current:
        return "responsible"
    if principal.has_any(Role.ADMIN) and reason and reason.strip():
        return "admin"
    return None


def check_handover_ground(
    principal: Principal, *, current: UUID | None, reason: str | None
) -> HandoverGround:
    ground = handover_ground(principal, current=current, reason=reason)
    if ground is not None:
        return ground
    if principal.has_any(Role.ADMIN):
        raise invalid(
            "reason_missing",
            "Reason missing",
            "An admin hands a case over with a reason, kept in the family's access log.",
        )
    raise not_allowed(
        "handover_not_allowed",
        "Only the responsible person (or an admin, with a reason) hands a case over.",
    )


def check_new_responsible(successor: UUID, *, current: UUID | None) -> None:
    if successor == current:
        raise conflict(
            "already_responsible",
            "Already responsible",
            "That professional is already responsible.",
        )


def check_gathers_network(principal: Principal, *, responsible: UUID | None) -> None:
    if principal.subject != responsible:
        raise not_allowed("not_responsible", "The responsible person gathers the network.")


def works_on_cases(principal: Principal) -> bool:
    """Whether the caller finds cases by working on them (responsible, or consented to see
    them): only as a professional, as only a professional reads a case that way
    (access.may_see_family). A guardian finds their own families' cases."""
    return principal.has_any(Role.PROFESSIONAL)
