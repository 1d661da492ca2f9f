"""Finding and deleting what is erased: submissions past their retention or of a person
asked to be forgotten (their handling goes with them: its rows cascade), and drafts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import Row, Select, case, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain.retention import Erasable
from fc_forms.store.tables import answer_drafts, handling, handling_history, submissions

COLUMNS = (
    submissions.c.id,
    submissions.c.form_type,
    submissions.c.form_version,
    submissions.c.submitted_by,
    submissions.c.answers,
)


async def expired(
    session: AsyncSession,
    cutoffs: Mapping[str, datetime],
    default_cutoff: datetime,
    limit: int,
) -> list[Erasable]:
    """Up to `limit` submissions made before their form type's cutoff, oldest first, each
    locked to the end of the transaction and skipped while another replica holds it."""
    cutoff = case(cutoffs, value=submissions.c.form_type, else_=default_cutoff)
    query = (
        select(*COLUMNS)
        .where(submissions.c.created_at < cutoff)
        .order_by(submissions.c.created_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return await _erasable(session, query)


async def of_person(session: AsyncSession, person: UUID) -> list[Erasable]:
    """Every submission the person sent, locked to the end of the transaction."""
    query = select(*COLUMNS).where(submissions.c.submitted_by == person).with_for_update()
    return await _erasable(session, query)


async def delete_submissions(session: AsyncSession, ids: Sequence[UUID]) -> None:
    """The submissions and their handling (the foreign keys cascade; said here too)."""
    if not ids:
        return
    await session.execute(delete(handling_history).where(handling_history.c.submission_id.in_(ids)))
    await session.execute(delete(handling).where(handling.c.submission_id.in_(ids)))
    await session.execute(delete(submissions).where(submissions.c.id.in_(ids)))


async def delete_drafts_of(session: AsyncSession, person: UUID) -> int:
    result = await session.execute(
        delete(answer_drafts)
        .where(answer_drafts.c.subject == person)
        .returning(answer_drafts.c.form_type)
    )
    return len(result.all())


async def _erasable(session: AsyncSession, query: Select[tuple[object, ...]]) -> list[Erasable]:
    return [_row(row) for row in await session.execute(query)]


def _row(row: Row[tuple[object, ...]]) -> Erasable:
    return Erasable(
        id=row.id,
        form_type=row.form_type,
        form_version=row.form_version,
        submitted_by=row.submitted_by,
        answers=row.answers,
    )
