"""Routes for erasure on request: an admin erases everything forms holds of a person."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from pydantic import Field

from fc_forms.use_cases import erasure
from fc_shared.auth import Admin
from fc_shared.models import RequestModel, ResponseModel
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["forms"])


class ErasureIn(RequestModel):
    reason: str = Field(
        min_length=1,
        max_length=180,
        examples=["GDPR art. 17 request, ticket 2026-114"],
        description="Why: kept in the access log with the erasure. No personal data.",
    )


class ErasedOut(ResponseModel):
    submissions: int
    drafts: int
    attachments: int
    key_destroyed: bool = Field(description="The person's data key was destroyed.")


@router.delete("/people/{subject}/form-data", response_model=ErasedOut)
async def erase_person(
    subject: UUID, body: ErasureIn, principal: Admin, context: Context
) -> ErasedOut:
    """Erase everything forms holds of the person (`subject`, their pseudonymous id): their
    submissions with their handling and attached files, their drafts and uploads, and their
    data key, so that a backup's copy of their encrypted answers cannot be read. Each
    erased submission and the erasure itself are logged with the reason. Admins only."""
    async with context.transaction() as session:
        erased = await erasure.erase_person(
            session, person=subject, actor=principal.subject, reason=body.reason
        )
    return ErasedOut(
        submissions=erased.submissions,
        drafts=erased.drafts,
        attachments=erased.attachments,
        key_destroyed=erased.key_destroyed,
    )
