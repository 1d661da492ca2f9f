"""Drafts of answers: saved on the version of the form they were started on, resumed, and
discarded (submitting a form discards its draft too)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain.drafts import AnswerDraft, draft_found
from fc_forms.store import drafts as store
from fc_forms.use_cases.definitions import definition
from fc_forms.use_cases.protection import opened_draft, sealed
from fc_shared.settings import Settings


async def save(
    session: AsyncSession,
    settings: Settings,
    *,
    subject: UUID,
    form_type: str,
    answers: dict[str, Any],
) -> AnswerDraft:
    """Keep the answers as they are (the protected ones encrypted); a new draft starts on
    the form's newest version, an existing one stays on its own."""
    existing = await store.get_draft(session, subject, form_type)
    version = existing.form_version if existing is not None else None
    form = await definition(session, form_type=form_type, version=version, as_input=True)
    stored = await sealed(session, settings, form, subject, answers)
    now = datetime.now(UTC)
    kept = await store.save_draft(
        session, AnswerDraft(subject, form_type, form.version or 1, stored, now)
    )
    return dataclasses.replace(kept, answers=answers)


async def resume(
    session: AsyncSession, settings: Settings, *, subject: UUID, form_type: str
) -> AnswerDraft:
    """The caller's draft, its answers in clear."""
    found = draft_found(await store.get_draft(session, subject, form_type), form_type)
    return await opened_draft(session, settings, found)


async def discard(session: AsyncSession, *, subject: UUID, form_type: str) -> None:
    if not await store.delete_draft(session, subject, form_type):
        draft_found(None, form_type)


async def version_to_submit(
    session: AsyncSession, *, subject: UUID, form_type: str, version: int | None
) -> int | None:
    """The version a submission is checked against: the one asked for, else the caller's
    draft's, else (None) the newest."""
    if version is not None:
        return version
    existing = await store.get_draft(session, subject, form_type)
    return existing.form_version if existing is not None else None
