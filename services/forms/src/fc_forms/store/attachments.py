"""Where attachments are kept: one interface (AttachmentStore) and its PostgreSQL
implementation, which keeps each file's bytes in a bytea column beside its record. An object
store (S3, Azure Blob) can replace it by implementing the same protocol; the use cases know
only the protocol."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from sqlalchemy import Row, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain.attachments import Attachment, AttachmentStatus, MediaType
from fc_forms.store.tables import attachments

RECORD = [column for column in attachments.c if column.name != "content"]


class AttachmentStore(Protocol):
    """Files and their records, in the caller's transaction where the store has one."""

    async def put(self, attachment: Attachment, content: bytes) -> None:
        """Keep a new file and its record."""

    async def get(self, attachment_id: UUID) -> Attachment | None:
        """The file's record, without its bytes."""

    async def get_many(self, attachment_ids: Sequence[UUID]) -> list[Attachment | None]:
        """The records of several files, in the order asked, None for an unknown id."""

    async def content(self, attachment_id: UUID) -> bytes | None:
        """The file's bytes."""

    async def pending(self, limit: int) -> list[Attachment]:
        """Files that wait for their virus scan, oldest first, each locked until the end of
        the transaction so that two scanners never take the same one."""

    async def mark(self, attachment_id: UUID, status: AttachmentStatus) -> None:
        """Record what the virus scan decided."""

    async def delete(self, attachment_id: UUID) -> None:
        """Forget the file and its record (e.g. when a later scan finds it infected)."""

    async def delete_all_of(self, uploaded_by: UUID) -> int:
        """Forget every file the person uploaded (erasure on request); how many."""


class PostgresAttachmentStore:
    """The files in this service's own database (table `attachments`)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def put(self, attachment: Attachment, content: bytes) -> None:
        await self.session.execute(
            insert(attachments).values(
                id=attachment.id,
                uploaded_by=attachment.uploaded_by,
                filename=attachment.filename,
                media_type=attachment.media_type,
                size=attachment.size,
                sha256=attachment.sha256,
                status=attachment.status,
                content=content,
                created_at=attachment.created_at,
            )
        )

    async def get(self, attachment_id: UUID) -> Attachment | None:
        query = select(*RECORD).where(attachments.c.id == attachment_id)
        row = (await self.session.execute(query)).first()
        return _attachment(row) if row else None

    async def get_many(self, attachment_ids: Sequence[UUID]) -> list[Attachment | None]:
        query = select(*RECORD).where(attachments.c.id.in_(list(attachment_ids)))
        found = {row.id: _attachment(row) for row in await self.session.execute(query)}
        return [found.get(attachment_id) for attachment_id in attachment_ids]

    async def content(self, attachment_id: UUID) -> bytes | None:
        query = select(attachments.c.content).where(attachments.c.id == attachment_id)
        content: bytes | None = await self.session.scalar(query)
        return content

    async def pending(self, limit: int) -> list[Attachment]:
        query = (
            select(*RECORD)
            .where(attachments.c.status == AttachmentStatus.PENDING)
            .order_by(attachments.c.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [_attachment(row) for row in await self.session.execute(query)]

    async def mark(self, attachment_id: UUID, status: AttachmentStatus) -> None:
        await self.session.execute(
            update(attachments).where(attachments.c.id == attachment_id).values(status=status)
        )

    async def delete(self, attachment_id: UUID) -> None:
        await self.session.execute(delete(attachments).where(attachments.c.id == attachment_id))

    async def delete_all_of(self, uploaded_by: UUID) -> int:
        result = await self.session.execute(
            delete(attachments)
            .where(attachments.c.uploaded_by == uploaded_by)
            .returning(attachments.c.id)
        )
        return len(result.all())


def _attachment(row: Row[tuple[object, ...]]) -> Attachment:
    return Attachment(
        id=row.id,
        uploaded_by=row.uploaded_by,
        filename=row.filename,
        media_type=MediaType(row.media_type),
        size=row.size,
        sha256=row.sha256,
        status=AttachmentStatus(row.status),
        created_at=row.created_at,
    )
