"""Routes for submissions: a family sends a form's answers and reads its submission back."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Request, Response

from fc_forms.api.schemas import SubmissionIn, SubmissionOut
from fc_forms.use_cases import submissions
from fc_shared.auth import Family
from fc_shared.idempotency import idempotent_request
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["forms"])

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


@router.post("/submissions", status_code=201, response_model=SubmissionOut)
async def submit(
    body: SubmissionIn,
    principal: Family,
    context: Context,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Submit a form's answers (checked against the form's JSON Schema). The family centre
    is told that a form arrived, never what it says. With an `Idempotency-Key`, a repeat of
    the same request gets the first answer and submits nothing more."""
    async with context.transaction() as session:

        async def create() -> tuple[int, SubmissionOut]:
            submission = await submissions.submit(
                session,
                context.settings,
                submitted_by=principal.subject,
                form_type=body.form_type,
                municipality_code=body.municipality_code,
                language=body.language,
                answers=body.answers,
            )
            return 201, SubmissionOut.of(submission)

        return await idempotent_request(
            session, request, subject=principal.subject, key=idempotency_key, create=create
        )


@router.get("/submissions/{submission_id}", response_model=SubmissionOut)
async def get_submission(submission_id: UUID, principal: Family, context: Context) -> SubmissionOut:
    """One of the caller's own submissions; anyone else's answers 404."""
    async with context.sessions() as session:
        submission = await submissions.submission_for(
            session, submission_id=submission_id, reader=principal.subject
        )
    return SubmissionOut.of(submission)
