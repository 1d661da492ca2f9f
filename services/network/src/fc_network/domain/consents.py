"""A family's consents: to see its case (which makes the member part of its network) or to
refer the family. Only its confirmed guardians give or withdraw one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from fc_shared.refusals import Refused, not_found


class ConsentScope(StrEnum):
    CASE = "case"  # may see the case
    REFERRAL = "referral"  # may refer the family


@dataclass(frozen=True, slots=True, kw_only=True)
class Consent:
    id: UUID
    member: UUID
    scope: ConsentScope


GUARDIANS_ONLY = "Only the family's confirmed guardians give or withdraw consent."


def no_consent_in_force() -> Refused:
    return not_found("no_such_consent", "No such consent in force.")


def joins_network(scope: ConsentScope) -> bool:
    """Consent to see the case makes the member part of the family's network (its case
    team, published as CaseTeamChanged)."""
    return scope == ConsentScope.CASE
