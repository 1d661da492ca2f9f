"""The files a submission attaches: checked and linked when it is submitted, read by a
handler of its queue (each read in the submitter's access log, a refused attempt too)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain import attachments as rules
from fc_forms.domain.attachments import Attachment
from fc_forms.domain.copies import attachment_ids
from fc_forms.domain.definitions import Definition
from fc_forms.domain.handling import Handling, check_found
from fc_forms.domain.queues import check_handler
from fc_forms.domain.submissions import Submission
from fc_forms.settings import forms_settings
from fc_forms.store import handling as handling_store
from fc_forms.store import submission_attachments as store
from fc_forms.use_cases.attachments import attachment_store, attachments_for_submission
from fc_forms.use_cases.handling import PURPOSE, REFUSED, HandlingRefusal
from fc_shared.access_log import AccessEntry, record
from fc_shared.refusals import Refused
from fc_shared.settings import Settings

ATTACHMENT = "attachment"


async def attach_files(
    session: AsyncSession, settings: Settings, *, form: Definition, submission: Submission
) -> None:
    """Link the files the answers name to the just-stored submission: each the submitter's
    own (else 422 `unknown_attachment`), scanned clean (else 422 `attachment_not_scanned`),
    and together under FC_ATTACHMENT_MAX_SUBMISSION_BYTES (else 422 `attachments_too_large`).
    A refusal ends the request's transaction, so nothing of the submission is kept."""
    ids = [UUID(each) for each in attachment_ids(form, submission.answers)]
    if not ids:
        return
    found = await attachments_for_submission(
        session, forms_settings(settings), attachment_ids=ids, owner=submission.submitted_by
    )
    await store.link(session, submission.id, [attachment.id for attachment in found])


async def attachment_for_handler(
    session: AsyncSession, *, submission_id: UUID, attachment_id: UUID, actor: UUID
) -> tuple[Attachment, bytes]:
    """A file the submission attaches, with its bytes, for a handler of the submission's
    queue; anyone else is refused (403 `not_a_handler`, logged), a file the submission does
    not attach does not exist (404), and an unscanned one is not served (409)."""
    handling = check_found(await handling_store.get_handling(session, submission_id))
    handlers = await handling_store.handlers_of(session, handling.queue_id)
    try:
        check_handler(actor, handlers)
    except Refused as refused:
        raise HandlingRefusal(refused, _entry(actor, handling, attachment_id, False)) from refused
    files = await store.attached(session, submission_id)
    found = await attachment_store(session).get(attachment_id) if attachment_id in files else None
    attachment = rules.readable_by(found, actor, handlers=handlers)
    content = await attachment_store(session).content(attachment_id)
    if content is None:
        raise rules.no_such_attachment()
    await record(session, [_entry(actor, handling, attachment_id, True)])
    return attachment, content


def _entry(actor: UUID, handling: Handling, attachment_id: UUID, allowed: bool) -> AccessEntry:
    return AccessEntry(
        actor=actor,
        action="read",
        purpose=PURPOSE if allowed else REFUSED,
        subject_kind=ATTACHMENT,
        subject_id=attachment_id,
        person=handling.submitted_by,
        allowed=allowed,
    )
