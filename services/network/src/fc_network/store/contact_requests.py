"""SQL of the contact requests professionals took in the forms service."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain.contact_requests import TakenContactRequest
from fc_network.store.tables import taken_contact_requests as table


async def record_taken(
    session: AsyncSession,
    *,
    submission_id: UUID,
    professional: UUID,
    submitted_by: UUID,
    taken_at: datetime,
) -> bool:
    """Keep that `professional` took the submission; whether it is new (one row per
    submission: a second word of the same taking changes nothing)."""
    result = await session.execute(
        insert(table)
        .values(
            submission_id=submission_id,
            professional=professional,
            submitted_by=submitted_by,
            taken_at=taken_at,
        )
        .on_conflict_do_nothing(index_elements=[table.c.submission_id])
        .returning(table.c.submission_id)
    )
    return result.first() is not None


async def unused_of(
    session: AsyncSession, professional: UUID, *, since: datetime
) -> list[TakenContactRequest]:
    """The contact requests `professional` took after `since` and has not used yet, locked
    until the transaction ends so one opens one case."""
    query = (
        select(table)
        .where(
            table.c.professional == professional,
            table.c.used_at.is_(None),
            table.c.taken_at > since,
        )
        .order_by(table.c.taken_at)
        .with_for_update()
    )
    return [
        TakenContactRequest(
            submission_id=row.submission_id,
            professional=row.professional,
            submitted_by=row.submitted_by,
            taken_at=row.taken_at,
        )
        for row in await session.execute(query)
    ]


async def use(session: AsyncSession, *, submission_id: UUID, case_id: UUID) -> None:
    await session.execute(
        update(table)
        .where(table.c.submission_id == submission_id, table.c.used_at.is_(None))
        .values(used_at=func.now(), case_id=case_id)
    )
