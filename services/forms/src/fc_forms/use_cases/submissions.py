"""Submitting a form, and reading a submission back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain import forms
from fc_forms.domain.submissions import Submission, new_submission, readable_by
from fc_forms.store import submissions as store
from fc_forms.use_cases.handling import route_submission
from fc_shared.events import FormSubmitted
from fc_shared.outbox import add_event
from fc_shared.settings import Settings


async def submit(
    session: AsyncSession,
    settings: Settings,
    *,
    submitted_by: UUID,
    form_type: str,
    municipality_code: str,
    language: str,
    answers: dict[str, Any],
) -> Submission:
    """Keep the answers here and tell the others only that a form arrived (FormSubmitted
    carries no answers: they are personal data and stay in this service's database)."""
    forms.validate_answers(form_type, answers)
    submission = new_submission(
        form_type=form_type,
        municipality_code=municipality_code,
        submitted_by=submitted_by,
        language=language,
        answers=answers,
        now=datetime.now(UTC),
    )
    await store.insert_submission(session, submission)
    await route_submission(
        session,
        submission_id=submission.id,
        form_type=form_type,
        municipality_code=municipality_code,
        now=submission.created_at,
    )
    await add_event(
        session,
        settings,
        FormSubmitted(
            submission_id=submission.id,
            form_type=submission.form_type,
            municipality_code=submission.municipality_code,
            submitted_by=submitted_by,
            language=submission.language,
        ),
    )
    return submission


async def submission_for(session: AsyncSession, *, submission_id: UUID, reader: UUID) -> Submission:
    """The submission, if `reader` sent it."""
    return readable_by(await store.get_submission(session, submission_id), reader)
