"""Routes for submissions: a family sends a form's answers and reads its submission back;
anyone sends a form that allows it (feedback) without signing in."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Request, Response

from fc_forms.api.schemas import AnonymousSubmissionIn, ReceiptOut, SubmissionIn, SubmissionOut
from fc_forms.domain.answers import caller_language
from fc_forms.use_cases import submissions
from fc_forms.use_cases.submissions import Sent
from fc_shared.auth import Family
from fc_shared.idempotency import idempotent_request
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["forms"])

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
AcceptLanguage = Annotated[str | None, Header(alias="Accept-Language", max_length=200)]


@router.post("/submissions", status_code=201, response_model=SubmissionOut)
async def submit(
    body: SubmissionIn,
    principal: Family,
    context: Context,
    request: Request,
    idempotency_key: IdempotencyKey = None,
    accept_language: AcceptLanguage = None,
) -> Response:
    """Submit a form's answers, checked against the form's version (`form_version`, else
    the one the caller's draft was started on, else the newest). Every wrong answer is
    listed at once (422 `invalid_answers`, `errors: [{path, code, message}]`, the message in
    the token's `locale`, else the `Accept-Language`'s, else Swedish) and nothing is kept;
    an exit the answers lead to is 422 `not_eligible`. The answer has a `receipt_number`.
    The family centre is told that a form arrived (FormSubmitted), never what it says.
    With an `Idempotency-Key`, a repeat of the same request gets the first answer and
    submits nothing more."""
    sent = Sent(
        form_type=body.form_type,
        municipality_code=body.municipality_code,
        language=body.language,
        answers=body.answers,
        form_version=body.form_version,
        hold_id=body.hold_id,
    )
    async with context.transaction() as session:

        async def create() -> tuple[int, SubmissionOut]:
            submission = await submissions.submit(
                session,
                context.settings,
                submitted_by=principal.subject,
                sent=sent,
                caller_language=caller_language(principal.locale, accept_language),
            )
            return 201, SubmissionOut.of(submission)

        return await idempotent_request(
            session, request, subject=principal.subject, key=idempotency_key, create=create
        )


@router.post("/submissions/anonymous", status_code=201, response_model=ReceiptOut)
async def submit_anonymously(
    body: AnonymousSubmissionIn, context: Context, accept_language: AcceptLanguage = None
) -> ReceiptOut:
    """Send a form that allows it (`anonymous_allowed`: the feedback form) without a token;
    any other form is 403 `anonymous_not_allowed`. Checked like any submission, errors in
    the `Accept-Language`'s language. The answer is the receipt only: an anonymous
    submission cannot be read back."""
    sent = Sent(
        form_type=body.form_type,
        municipality_code=body.municipality_code,
        language=body.language,
        answers=body.answers,
    )
    async with context.transaction() as session:
        submission = await submissions.submit_anonymously(
            session,
            context.settings,
            sent=sent,
            caller_language=caller_language(None, accept_language),
        )
    return ReceiptOut.of(submission)


@router.get("/submissions/{submission_id}", response_model=SubmissionOut)
async def get_submission(submission_id: UUID, principal: Family, context: Context) -> SubmissionOut:
    """One of the caller's own submissions; anyone else's answers 404."""
    async with context.sessions() as session:
        submission = await submissions.submission_for(
            session, context.settings, submission_id=submission_id, reader=principal.subject
        )
    return SubmissionOut.of(submission)
