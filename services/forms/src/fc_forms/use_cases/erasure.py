"""Erasing submissions: those past their form type's retention (a scheduled job, one batch
per transaction, safe with several replicas) and a person's on request (an admin, with a
reason). A submission goes with its handling and its files; each erasure is in the access
log; nothing is staged on any topic. Erasure on request also destroys the person's data
key, so that what a backup still holds of their encrypted answers cannot be read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain import retention as rules
from fc_forms.domain.retention import RETENTION_JOB, Erasable
from fc_forms.domain.submissions import ANONYMOUS
from fc_forms.settings import forms_settings
from fc_forms.store import erasure as store
from fc_forms.use_cases.attachments import attachment_store
from fc_forms.use_cases.definitions import definition
from fc_shared.access_log import AccessEntry, record
from fc_shared.field_crypto import forget_subject
from fc_shared.refusals import Refused
from fc_shared.service import ServiceContext
from fc_shared.settings import Settings

log = structlog.get_logger(__name__)
PURPOSE_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Erased:
    """What an erasure on request removed."""

    submissions: int
    drafts: int
    attachments: int
    key_destroyed: bool


async def erase_expired_once(
    session: AsyncSession, settings: Settings, *, now: datetime, batch_size: int | None = None
) -> int:
    """Erase one batch of submissions past their retention (FOR UPDATE SKIP LOCKED: two
    replicas never take the same one); how many. An anonymous submission's own data key
    goes with it."""
    forms = forms_settings(settings)
    named, default = rules.cutoffs(now, forms.form_retention_days)
    found = await store.expired(session, named, default, batch_size or forms.retention_batch_size)
    await _erase(session, found, actor=RETENTION_JOB, purpose="retention")
    for each in found:
        if each.submitted_by == ANONYMOUS:
            await forget_subject(session, each.id)
    return len(found)


async def erase_expired_forever(context: ServiceContext) -> None:
    """Background work: erase what is past its retention, batch by batch (one transaction
    each), then again every FC_RETENTION_SWEEP_SECONDS."""
    settings = forms_settings(context.settings)
    while True:
        erased = 0
        try:
            async with context.transaction() as session:
                erased = await erase_expired_once(session, settings, now=datetime.now(UTC))
        except asyncio.CancelledError:
            raise
        except Exception as error:  # database down: the next round erases it
            log.warning("retention erasure failed", error=repr(error))
        if erased:
            log.info("submissions past retention erased", count=erased)
        if erased < settings.retention_batch_size:
            await asyncio.sleep(settings.retention_sweep_seconds)


async def erase_person(session: AsyncSession, *, person: UUID, actor: UUID, reason: str) -> Erased:
    """Everything of the person's here: submissions (with handling and files), drafts and
    uploads; and their data key, so no copy of their encrypted answers stays readable."""
    purpose = f"erasure_request: {reason}"[:PURPOSE_LENGTH]
    found = await store.of_person(session, person)
    attached = await _erase(session, found, actor=actor, purpose=purpose)
    drafts = await store.delete_drafts_of(session, person)
    files = await attachment_store(session).delete_all_of(person)
    destroyed = await forget_subject(session, person)
    entry = AccessEntry(
        actor=actor, action="erased", purpose=purpose, subject_kind="person", person=person
    )
    await record(session, [entry])
    return Erased(len(found), drafts, attached + files, destroyed)


async def _erase(
    session: AsyncSession, found: Sequence[Erasable], *, actor: UUID, purpose: str
) -> int:
    """Erase the submissions with their handling and files, and log it; how many files."""
    files = await _files_of(session, found)
    await store.delete_submissions(session, [each.id for each in found])
    for attachment_id in files:
        await attachment_store(session).delete(attachment_id)
    await record(
        session,
        [
            AccessEntry(
                actor=actor,
                action="erased",
                purpose=purpose,
                subject_kind="submission",
                subject_id=each.id,
                person=rules.person_of(each),
            )
            for each in found
        ],
    )
    return len(files)


async def _files_of(session: AsyncSession, found: Sequence[Erasable]) -> list[UUID]:
    """The files the submissions attach, each only if its submitter uploaded it."""
    forms = {}
    for form_type, version in rules.distinct_versions(found):
        try:
            forms[form_type, version] = await definition(
                session, form_type=form_type, version=version
            )
        except Refused:  # no such definition: its submissions attach nothing we can find
            continue
    wanted = {
        attachment_id: each.submitted_by
        for each in found
        if (each.form_type, each.form_version) in forms
        for attachment_id in rules.attachment_ids(
            forms[each.form_type, each.form_version], each.answers
        )
    }
    records = await attachment_store(session).get_many(list(wanted))
    return [each.id for each in records if each is not None and each.uploaded_by == wanted[each.id]]
