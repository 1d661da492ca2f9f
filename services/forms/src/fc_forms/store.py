"""The forms service's SQL, and nothing else."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.tables import submissions


async def insert_submission(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(insert(submissions).values(**values))


async def get_submission(session: AsyncSession, submission_id: UUID) -> dict[str, Any] | None:
    query = select(submissions).where(submissions.c.id == submission_id)
    row = (await session.execute(query)).first()
    return dict(row._mapping) if row else None
