"""Routes for the files a submission attaches, read by a handler of its queue."""

from __future__ import annotations

from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Response

from fc_forms.use_cases import submission_attachments
from fc_shared.auth import Professional
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["handling"])


@router.get(
    "/handling/{submission_id}/attachments/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def read_attachment(
    submission_id: UUID, attachment_id: UUID, principal: Professional, context: Context
) -> Response:
    """A file the submission attaches, for a handler of its queue; the read is in the
    submitter's access log, and so is a refused attempt (403 `not_a_handler`). A file the
    submission does not attach: 404 `attachment_not_found`."""
    async with context.transaction() as session:
        attachment, content = await submission_attachments.attachment_for_handler(
            session,
            submission_id=submission_id,
            attachment_id=attachment_id,
            actor=principal.subject,
        )
    return Response(
        content,
        media_type=attachment.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(attachment.filename)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )
