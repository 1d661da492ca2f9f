"""Routes for drafts of answers: a family member saves unfinished answers and resumes them."""

from __future__ import annotations

from fastapi import APIRouter, Response

from fc_forms.api.definition_schemas import FormType
from fc_forms.api.schemas import AnswerDraftIn, AnswerDraftOut
from fc_forms.use_cases import drafts
from fc_shared.auth import Family
from fc_shared.service import Context

router = APIRouter(prefix="/v1/drafts", tags=["forms"])


@router.put("/{form_type}", response_model=AnswerDraftOut)
async def save_draft(
    form_type: FormType, body: AnswerDraftIn, principal: Family, context: Context
) -> AnswerDraftOut:
    """Save the caller's unfinished answers to the form, as they are (checked only when
    submitted). A new draft is on the form's newest version and stays on it: a version
    published later does not move it, and submitting checks it against its own version."""
    async with context.transaction() as session:
        draft = await drafts.save(
            session,
            context.settings,
            subject=principal.subject,
            form_type=form_type,
            answers=body.answers,
        )
    return AnswerDraftOut.of(draft)


@router.get("/{form_type}", response_model=AnswerDraftOut)
async def resume_draft(form_type: FormType, principal: Family, context: Context) -> AnswerDraftOut:
    """The caller's draft of the form, with the version it is on; none is 404."""
    async with context.sessions() as session:
        draft = await drafts.resume(
            session, context.settings, subject=principal.subject, form_type=form_type
        )
    return AnswerDraftOut.of(draft)


@router.delete("/{form_type}", status_code=204)
async def discard_draft(form_type: FormType, principal: Family, context: Context) -> Response:
    """Throw the caller's draft away (to start again on the newest version)."""
    async with context.transaction() as session:
        await drafts.discard(session, subject=principal.subject, form_type=form_type)
    return Response(status_code=204)
