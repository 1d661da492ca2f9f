"""Answers encrypted at rest (domain/protection.py says which, and how they look): sealed
before a submission or a draft is stored, opened when the submitter or a handler reads it.

The master keys are read once per process (`keyring_of`, cached by the settings that name
them; app.py builds it at start); each data subject's key is read once per submission or
draft, in the caller's transaction (fc_shared.field_crypto.cipher_for).
"""

from __future__ import annotations

import dataclasses
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain import protection as rules
from fc_forms.domain.definitions import Definition
from fc_forms.domain.drafts import AnswerDraft
from fc_forms.domain.submissions import Submission
from fc_forms.use_cases.definitions import definition
from fc_shared.field_crypto import KeyDestroyed, NoDataKey, cipher_for, keyring_of
from fc_shared.service import ServiceContext
from fc_shared.settings import Settings

log = structlog.get_logger(__name__)


async def load_keyring(context: ServiceContext) -> None:
    """At start: read the master keys, so a missing or wrong FC_FIELD_KEYS shows at once."""
    try:
        keyring = keyring_of(context.settings)
    except Exception as error:
        log.error("field encryption keys unusable", error=repr(error))
        return
    log.info("field encryption keys loaded", current=keyring.current)


async def sealed(
    session: AsyncSession,
    settings: Settings,
    form: Definition,
    subject: UUID,
    answers: dict[str, Any],
) -> dict[str, Any]:
    """The answers as stored: each protected one encrypted for `subject`."""
    names = rules.protected_names(form)
    if not names.intersection(answers):
        return answers
    cipher = await cipher_for(session, keyring_of(settings), subject)
    return rules.seal_answers(
        answers, names, form.form_type, lambda field, clear: cipher.encrypt(clear, field=field)
    )


async def opened(
    session: AsyncSession,
    settings: Settings,
    *,
    form_type: str,
    version: int,
    subject: UUID,
    answers: dict[str, Any],
) -> dict[str, Any]:
    """The stored answers in clear."""
    if not rules.any_sealed(answers):
        return answers
    form = await definition(session, form_type=form_type, version=version, as_input=True)
    try:
        cipher = await cipher_for(session, keyring_of(settings), subject)
        return rules.open_answers(
            answers,
            rules.protected_names(form),
            form_type,
            lambda field, token: cipher.decrypt(token, field=field),
        )
    except (KeyDestroyed, NoDataKey) as error:
        # The person's key was destroyed (erasure): say so, rather than fail as a fault.
        raise rules.answers_erased() from error


async def opened_submission(
    session: AsyncSession, settings: Settings, submission: Submission
) -> Submission:
    answers = await opened(
        session,
        settings,
        form_type=submission.form_type,
        version=submission.form_version,
        subject=rules.data_subject(submission.submitted_by, submission.id),
        answers=submission.answers,
    )
    return dataclasses.replace(submission, answers=answers)


async def opened_draft(
    session: AsyncSession, settings: Settings, draft: AnswerDraft
) -> AnswerDraft:
    answers = await opened(
        session,
        settings,
        form_type=draft.form_type,
        version=draft.form_version,
        subject=draft.subject,
        answers=draft.answers,
    )
    return dataclasses.replace(draft, answers=answers)
