"""Uploading an attachment (checked, scanned, kept), reading it back, the files a
submission refers to, and the later scan of uploads that wait unscanned."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.adapters.virus_scan import ScannerUnavailable, VirusScanner, scanner_for
from fc_forms.domain import attachments as rules
from fc_forms.domain.attachments import Attachment, AttachmentLimits, AttachmentStatus, Verdict
from fc_forms.settings import FormsSettings, forms_settings
from fc_forms.store.attachments import AttachmentStore, PostgresAttachmentStore
from fc_shared.service import ServiceContext

log = structlog.get_logger(__name__)
RESCAN_BATCH = 20


def attachment_store(session: AsyncSession) -> AttachmentStore:
    """Where the files are kept: this service's database. An object store implementing
    AttachmentStore would be chosen here."""
    return PostgresAttachmentStore(session)


def limits_of(settings: FormsSettings) -> AttachmentLimits:
    return AttachmentLimits(
        max_file_bytes=settings.attachment_max_bytes,
        max_submission_bytes=settings.attachment_max_submission_bytes,
    )


async def upload(
    session: AsyncSession,
    settings: FormsSettings,
    *,
    uploaded_by: UUID,
    filename: str | None,
    content: bytes,
) -> Attachment:
    """Check the file's size and type (by its content), scan it, and keep it: clean when
    the scanner found it so, pending when there is no scanner to ask; an infected file is
    refused and nothing of it kept. The scan runs before the session's first statement, so
    no database connection is held while clamd reads the file."""
    rules.check_size(len(content), limits_of(settings))
    media_type = rules.accepted_type(content)
    status = await _scan(scanner_for(settings), content)
    attachment = rules.new_attachment(
        uploaded_by=uploaded_by,
        filename=filename,
        media_type=media_type,
        content=content,
        status=status,
        now=datetime.now(UTC),
    )
    await attachment_store(session).put(attachment, content)
    log.info("attachment stored", attachment_id=str(attachment.id), status=attachment.status)
    return attachment


async def _scan(scanner: VirusScanner | None, content: bytes) -> AttachmentStatus:
    if scanner is None:
        return AttachmentStatus.PENDING
    try:
        verdict = await scanner.scan(content)
    except ScannerUnavailable:
        return AttachmentStatus.PENDING  # scanned again later; never served until then
    if verdict is Verdict.INFECTED:
        raise rules.infected()
    return AttachmentStatus.CLEAN


async def attachment_for(
    session: AsyncSession, *, attachment_id: UUID, reader: UUID
) -> tuple[Attachment, bytes]:
    """The file and its bytes, if `reader` may read it and it was scanned clean."""
    store = attachment_store(session)
    attachment = rules.readable_by(await store.get(attachment_id), reader)
    content = await store.content(attachment_id)
    if content is None:  # erased between the two reads
        raise rules.no_such_attachment()
    return attachment, content


async def attachments_for_submission(
    session: AsyncSession, settings: FormsSettings, *, attachment_ids: Sequence[UUID], owner: UUID
) -> list[Attachment]:
    """The files a submission attaches: each the submitter's and scanned clean, together
    under FC_ATTACHMENT_MAX_SUBMISSION_BYTES. For the submission's use case to call."""
    found = await attachment_store(session).get_many(list(dict.fromkeys(attachment_ids)))
    return rules.usable_in_submission(found, owner, limits_of(settings))


async def rescan_pending_once(session: AsyncSession, scanner: VirusScanner) -> int:
    """Scan up to RESCAN_BATCH pending files: a clean one becomes servable, an infected one
    is erased. Stops at the first scan the scanner cannot make. How many were decided."""
    store = attachment_store(session)
    decided = 0
    for attachment in await store.pending(RESCAN_BATCH):
        content = await store.content(attachment.id)
        try:
            verdict = await scanner.scan(content or b"")
        except ScannerUnavailable:
            break
        if verdict is Verdict.INFECTED:
            await store.delete(attachment.id)
            log.warning("pending attachment infected, erased", attachment_id=str(attachment.id))
        else:
            await store.mark(attachment.id, AttachmentStatus.CLEAN)
        decided += 1
    return decided


async def rescan_pending_forever(context: ServiceContext) -> None:
    """Background work: offer the pending uploads to the scanner every
    FC_ATTACHMENT_RESCAN_SECONDS, while there is a scanner to offer them to."""
    settings = forms_settings(context.settings)
    scanner = scanner_for(settings)
    if scanner is None:
        log.info("no virus scanner: attachments wait unscanned and are not served")
        return
    log.info("attachments scanned", scanner=scanner.description)
    while True:
        try:
            async with context.transaction() as session:
                await rescan_pending_once(session, scanner)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # database down: the files wait for the next round
            log.warning("rescan of pending attachments failed", error=repr(error))
        await asyncio.sleep(settings.attachment_rescan_seconds)
