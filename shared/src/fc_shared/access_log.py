"""The access log, one writer and one reader for every service.

Each service keeps its entries in its own database (table `access_log`, shape in
fc_shared.platform_tables) and decides in its use cases what to log; how an entry is written
and read is here only. A refused attempt is logged with `allowed=False`; refusals raised as
`fc_shared.problems.LoggedRefusal` are written after the request's own transaction ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import MetaData, false, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from fc_shared.platform_tables import access_log_table

ACCESS_LOG = access_log_table(MetaData())


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessEntry:
    """One read, change or refused attempt to be logged."""

    actor: UUID
    action: str
    purpose: str
    subject_kind: str
    subject_id: UUID | None = None
    family_id: UUID | None = None
    person: UUID | None = None
    allowed: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class LoggedAccess(AccessEntry):
    """An entry as stored."""

    id: int
    at: datetime


async def record(session: AsyncSession, entries: Iterable[AccessEntry]) -> None:
    """Write the entries in the caller's transaction."""
    rows = [
        {
            "actor": entry.actor,
            "action": entry.action,
            "purpose": entry.purpose,
            "subject_kind": entry.subject_kind,
            "subject_id": entry.subject_id,
            "family_id": entry.family_id,
            "person": entry.person,
            "allowed": entry.allowed,
        }
        for entry in entries
    ]
    if rows:
        await session.execute(insert(ACCESS_LOG), rows)


async def entries_about(
    session: AsyncSession,
    *,
    family_ids: Sequence[UUID] = (),
    persons: Sequence[UUID] = (),
    subject_ids: Sequence[UUID] = (),
) -> list[LoggedAccess]:
    """Entries about any of the families, persons or subjects, newest first."""
    conditions = [
        column.in_(values)
        for column, values in (
            (ACCESS_LOG.c.family_id, family_ids),
            (ACCESS_LOG.c.person, persons),
            (ACCESS_LOG.c.subject_id, subject_ids),
        )
        if values
    ]
    query = (
        select(ACCESS_LOG)
        .where(or_(false(), *conditions))
        .order_by(ACCESS_LOG.c.at.desc(), ACCESS_LOG.c.id.desc())
    )
    return [LoggedAccess(**row._asdict()) for row in await session.execute(query)]
