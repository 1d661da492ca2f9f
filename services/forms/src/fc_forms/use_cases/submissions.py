"""Submitting a form, and reading a submission back."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain.answers import check_answers, hold_errors
from fc_forms.domain.definitions import Definition
from fc_forms.domain.protection import data_subject
from fc_forms.domain.submissions import (
    ANONYMOUS,
    Submission,
    may_send_anonymously,
    new_submission,
    readable_by,
)
from fc_forms.store import drafts as drafts_store
from fc_forms.store import families as families_store
from fc_forms.store import submissions as store
from fc_forms.use_cases.definitions import definition
from fc_forms.use_cases.drafts import version_to_submit
from fc_forms.use_cases.handling import route_submission
from fc_forms.use_cases.protection import opened_submission, sealed
from fc_forms.use_cases.submission_attachments import attach_files
from fc_shared.events import FormSubmitted
from fc_shared.outbox import add_event
from fc_shared.settings import Settings

FINLAND = ZoneInfo("Europe/Helsinki")


@dataclass(frozen=True, slots=True)
class Sent:
    """What was sent: the form, its version, the answers, and in which language."""

    form_type: str
    municipality_code: str
    language: str
    answers: dict[str, Any]
    form_version: int | None = None
    hold_id: UUID | None = None


async def submit(
    session: AsyncSession,
    settings: Settings,
    *,
    submitted_by: UUID,
    sent: Sent,
    caller_language: str,
) -> Submission:
    """Check the answers against the form's version (the one asked for, else the caller's
    draft's, else the newest): every error at once, in the caller's language, and nothing
    kept when any is wrong. Keep the answers here and tell the others only that a form
    arrived (FormSubmitted carries no answers: they stay in this service's database)."""
    version = await version_to_submit(
        session, subject=submitted_by, form_type=sent.form_type, version=sent.form_version
    )
    form = await definition(session, form_type=sent.form_type, version=version, as_input=True)
    return await _keep(session, settings, form, submitted_by, sent, caller_language)


async def submit_anonymously(
    session: AsyncSession, settings: Settings, *, sent: Sent, caller_language: str
) -> Submission:
    """A form that allows it (feedback), sent without signing in: checked alike, kept with
    no submitter (ANONYMOUS), so nobody can read it back."""
    form = await definition(session, form_type=sent.form_type, as_input=True)
    may_send_anonymously(form)
    return await _keep(session, settings, form, ANONYMOUS, sent, caller_language)


async def _keep(
    session: AsyncSession,
    settings: Settings,
    form: Definition,
    submitted_by: UUID,
    sent: Sent,
    caller_language: str,
) -> Submission:
    version = form.version or 1
    now = datetime.now(UTC)
    answers = check_answers(
        form,
        sent.answers,
        language=caller_language,
        today=now.astimezone(FINLAND).date(),
        children=await _children(session, submitted_by),
        extra=hold_errors(form, sent.hold_id),
    )
    submission = new_submission(
        form_type=sent.form_type,
        form_version=version,
        municipality_code=sent.municipality_code,
        submitted_by=submitted_by,
        language=sent.language,
        answers=answers,
        now=now,
        sequence=await store.next_receipt_sequence(session),
        hold_id=sent.hold_id,
    )
    subject = data_subject(submitted_by, submission.id)
    stored = await sealed(session, settings, form, subject, submission.answers)
    await store.insert_submission(session, dataclasses.replace(submission, answers=stored))
    await attach_files(session, settings, form=form, submission=submission)
    await drafts_store.delete_draft(session, submitted_by, sent.form_type)
    await route_submission(
        session,
        submission_id=submission.id,
        form_type=sent.form_type,
        municipality_code=sent.municipality_code,
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
            form_version=version,
            hold_id=submission.hold_id,
            receipt_number=submission.receipt_number,
        ),
    )
    return submission


async def _children(session: AsyncSession, submitted_by: UUID) -> frozenset[UUID]:
    """The children a `child` answer may name: those the caller acts for, as the families
    replica knows them (none for an anonymous sender)."""
    if submitted_by == ANONYMOUS:
        return frozenset()
    return await families_store.children_of(session, submitted_by)


async def submission_for(
    session: AsyncSession, settings: Settings, *, submission_id: UUID, reader: UUID
) -> Submission:
    """The submission, if `reader` sent it, its answers in clear."""
    found = readable_by(await store.get_submission(session, submission_id), reader)
    return await opened_submission(session, settings, found)
