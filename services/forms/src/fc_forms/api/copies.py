"""Routes for the family's copy of its own submission, as a PDF."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from fc_forms.use_cases import copies
from fc_shared.auth import Family
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["forms"])


@router.get(
    "/submissions/{submission_id}/copy.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def copy_pdf(submission_id: UUID, principal: Family, context: Context) -> Response:
    """A PDF copy of one of the caller's own submissions: the form's title, the receipt
    number, when it was sent, and each question shown with its answer, in the submission's
    language. Anyone else's: 404 `submission_not_found`."""
    async with context.sessions() as session:
        pdf = await copies.copy_for(
            session, context.settings, submission_id=submission_id, reader=principal.subject
        )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": 'inline; filename="copy.pdf"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
