"""Who acts for whom, as the network service tells it: families' confirmed guardians and
children, and case teams (pseudonymous ids only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildRecord:
    """A child as a family snapshot names it; `subject` is a youth's own sign-in."""

    child_id: UUID
    birth_date: date
    subject: UUID | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Child:
    """A child's record and the confirmed guardians of its family."""

    child_id: UUID
    family_id: UUID
    birth_date: date
    subject: UUID | None
    guardians: tuple[UUID, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseTeam:
    """A case's family, responsible person and the members the family consented to."""

    case_id: UUID
    family_id: UUID
    responsible: UUID | None
    members: tuple[UUID, ...]
