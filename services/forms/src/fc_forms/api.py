"""The forms service's HTTP routes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Header, Request, Response

from fc_forms import domain, store
from fc_forms.schemas import Submission, SubmissionIn
from fc_shared.auth import Principal, Role, require_role
from fc_shared.events import FormSubmitted
from fc_shared.idempotency import run_idempotent
from fc_shared.outbox import add_event
from fc_shared.problems import Problem
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["forms"])

Family = Annotated[Principal, Depends(require_role(Role.GUARDIAN, Role.YOUTH))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


@router.get("/forms/{form_type}")
async def form_definition(form_type: str) -> dict[str, object]:
    if form_type not in domain.DEFINITIONS:
        raise Problem(404, "Unknown form", f"There is no form called {form_type!r}.")
    return domain.DEFINITIONS[form_type]


@router.post("/submissions", status_code=201, response_model=Submission)
async def submit(
    body: SubmissionIn,
    principal: Family,
    context: Context,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    domain.validate_answers(body.form_type, body.answers)
    async with context.transaction() as session:

        async def create() -> tuple[int, Submission]:
            submission = Submission(
                id=uuid4(), status="submitted", created_at=datetime.now(UTC), **body.model_dump()
            )
            await store.insert_submission(
                session, {**submission.model_dump(), "submitted_by": principal.subject}
            )
            await add_event(
                session,
                context.settings,
                FormSubmitted(
                    submission_id=submission.id,
                    form_type=submission.form_type,
                    municipality_code=submission.municipality_code,
                    submitted_by=principal.subject,
                    language=submission.language,
                ),
            )
            return 201, submission

        return await run_idempotent(
            session,
            subject=principal.subject,
            key=idempotency_key,
            method="POST",
            path=request.url.path,
            body=await request.body(),
            create=create,
        )


@router.get("/submissions/{submission_id}")
async def get_submission(submission_id: UUID, principal: Family, context: Context) -> Submission:
    async with context.sessions() as session:
        row = await store.get_submission(session, submission_id)
    if row is None or row["submitted_by"] != principal.subject:
        raise Problem(404, "Not Found", "No such submission.")
    return Submission(**row)
