"""Routes for attachments: a family member uploads a file and reads it back."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, File, Response, UploadFile

from fc_forms.api.attachment_schemas import AttachmentOut
from fc_forms.settings import FormsSettings, forms_settings
from fc_forms.use_cases import attachments
from fc_shared.auth import Family
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["attachments"])

# Room for the multipart envelope (boundaries, part headers) around the largest file.
MULTIPART_OVERHEAD = 16 * 1024


def body_limits(settings: FormsSettings) -> dict[str, int]:
    """The request-body limit of the upload route (every other route keeps the default)."""
    return {"/v1/attachments": settings.attachment_max_bytes + MULTIPART_OVERHEAD}


@router.post("/attachments", status_code=201, response_model=AttachmentOut)
async def upload(
    file: Annotated[UploadFile, File(description="A PDF, JPEG, PNG or HEIC file.")],
    principal: Family,
    context: Context,
) -> AttachmentOut:
    """Upload one file (multipart/form-data, field `file`) to attach to a submission later.
    Its type is judged from its content (PDF, JPEG, PNG, HEIC), its size against
    FC_ATTACHMENT_MAX_BYTES, and ClamAV scans it before it is kept: an infected file is
    refused (422 `attachment_infected`) and nothing of it stored. Without a scanner the
    file is kept `pending` and served only once a later scan finds it clean."""
    settings = forms_settings(context.settings)
    content = await file.read(settings.attachment_max_bytes + 1)
    async with context.transaction() as session:
        attachment = await attachments.upload(
            session,
            settings,
            uploaded_by=principal.subject,
            filename=file.filename,
            content=content,
        )
    return AttachmentOut.of(attachment)


@router.get(
    "/attachments/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download(attachment_id: UUID, principal: Family, context: Context) -> Response:
    """The file's bytes, to the family member who uploaded it, once it was scanned clean;
    to anyone else 404, and 409 `attachment_not_scanned` while it waits for its scan."""
    async with context.sessions() as session:
        attachment, content = await attachments.attachment_for(
            session, attachment_id=attachment_id, reader=principal.subject
        )
    return Response(
        content,
        media_type=attachment.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(attachment.filename)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
