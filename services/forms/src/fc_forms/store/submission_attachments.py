"""Which files each submission attaches, in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.store.tables import submission_attachments as links


async def link(session: AsyncSession, submission_id: UUID, attachment_ids: Sequence[UUID]) -> None:
    """The submission attaches these files (each once)."""
    unique = list(dict.fromkeys(attachment_ids))
    if unique:
        await session.execute(
            insert(links),
            [{"submission_id": submission_id, "attachment_id": each} for each in unique],
        )


async def attached(session: AsyncSession, submission_id: UUID) -> list[UUID]:
    """The files the submission attaches."""
    query = select(links.c.attachment_id).where(links.c.submission_id == submission_id)
    return list((await session.scalars(query)).all())
