"""The attachments API's response bodies (an upload is multipart/form-data, not JSON)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from fc_forms.domain.attachments import Attachment, AttachmentStatus, MediaType
from fc_shared.models import ResponseModel


class AttachmentOut(ResponseModel):
    """An uploaded file: `clean` once the virus scan found it so (then it may be read and
    attached to a submission), `pending` while it waits for a scan (never served)."""

    id: UUID
    filename: str = Field(examples=["certificate.pdf"])
    media_type: MediaType = Field(description="Judged from the file's content, not its name.")
    size: int = Field(description="Bytes.")
    sha256: str
    status: AttachmentStatus
    created_at: datetime

    @classmethod
    def of(cls, attachment: Attachment) -> AttachmentOut:
        return cls(
            id=attachment.id,
            filename=attachment.filename,
            media_type=attachment.media_type,
            size=attachment.size,
            sha256=attachment.sha256,
            status=attachment.status,
            created_at=attachment.created_at,
        )
