"""Drafts of answers in SQL, one per family member and form type."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain.drafts import AnswerDraft
from fc_forms.store.tables import answer_drafts


async def get_draft(session: AsyncSession, subject: UUID, form_type: str) -> AnswerDraft | None:
    query = select(answer_drafts).where(
        answer_drafts.c.subject == subject, answer_drafts.c.form_type == form_type
    )
    row = (await session.execute(query)).first()
    if row is None:
        return None
    return AnswerDraft(
        subject=row.subject,
        form_type=row.form_type,
        form_version=row.form_version,
        answers=row.answers,
        updated_at=row.updated_at,
    )


async def save_draft(session: AsyncSession, draft: AnswerDraft) -> AnswerDraft:
    """Insert the draft, or replace an existing one's answers (its version stays)."""
    statement = upsert(answer_drafts).values(
        subject=draft.subject,
        form_type=draft.form_type,
        form_version=draft.form_version,
        answers=draft.answers,
        updated_at=draft.updated_at,
    )
    kept = statement.on_conflict_do_update(
        index_elements=["subject", "form_type"],
        set_={"answers": draft.answers, "updated_at": draft.updated_at},
    ).returning(answer_drafts.c.form_version)
    version: int = (await session.execute(kept)).scalar_one()
    return AnswerDraft(
        subject=draft.subject,
        form_type=draft.form_type,
        form_version=version,
        answers=draft.answers,
        updated_at=draft.updated_at,
    )


async def delete_draft(session: AsyncSession, subject: UUID, form_type: str) -> bool:
    result = await session.execute(
        delete(answer_drafts)
        .where(answer_drafts.c.subject == subject, answer_drafts.c.form_type == form_type)
        .returning(answer_drafts.c.subject)
    )
    return result.first() is not None
