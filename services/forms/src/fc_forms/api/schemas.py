"""The forms API's request and response bodies (the definitions' in definition_schemas.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import Field

from fc_forms.domain.drafts import AnswerDraft
from fc_forms.domain.submissions import Submission, SubmissionStatus
from fc_shared.models import RequestModel, ResponseModel


class SubmissionIn(RequestModel):
    form_type: str = Field(examples=["contact-request"], max_length=100)
    municipality_code: str = Field(pattern=r"^\d{3}$", examples=["905"])
    language: str = Field(default="sv", pattern=r"^(sv|fi|en)$")
    answers: dict[str, Any]  # checked against the form's version, not by this model
    form_version: int | None = Field(
        default=None,
        ge=1,
        le=1_000_000,
        description="The version to check against; by default the one the caller's draft "
        "was started on, else the newest.",
    )
    hold_id: UUID | None = Field(
        default=None, description="The booking hold a registration is for (and only then)."
    )


class AnonymousSubmissionIn(RequestModel):
    form_type: str = Field(examples=["feedback"], max_length=100)
    municipality_code: str = Field(pattern=r"^\d{3}$", examples=["905"])
    language: str = Field(default="sv", pattern=r"^(sv|fi|en)$")
    answers: dict[str, Any]


class SubmissionOut(ResponseModel):
    form_type: str = Field(examples=["contact-request"])
    form_version: int
    municipality_code: str = Field(examples=["905"])
    language: str
    answers: dict[str, Any]
    id: UUID
    status: SubmissionStatus
    created_at: datetime
    receipt_number: str = Field(examples=["FC-2026-000123"])
    hold_id: UUID | None = None

    @classmethod
    def of(cls, submission: Submission) -> SubmissionOut:
        return cls(
            form_type=submission.form_type,
            form_version=submission.form_version,
            municipality_code=submission.municipality_code,
            language=submission.language,
            answers=submission.answers,
            id=submission.id,
            status=submission.status,
            created_at=submission.created_at,
            receipt_number=submission.receipt_number,
            hold_id=submission.hold_id,
        )


class ReceiptOut(ResponseModel):
    """What an anonymous sender gets back: the receipt, not the answers."""

    form_type: str = Field(examples=["feedback"])
    form_version: int
    receipt_number: str = Field(examples=["FC-2026-000123"])
    created_at: datetime

    @classmethod
    def of(cls, submission: Submission) -> ReceiptOut:
        return cls(
            form_type=submission.form_type,
            form_version=submission.form_version,
            receipt_number=submission.receipt_number,
            created_at=submission.created_at,
        )


class AnswerDraftIn(RequestModel):
    answers: dict[str, Any] = Field(description="Partial answers, checked when submitted.")


class AnswerDraftOut(ResponseModel):
    form_type: str = Field(examples=["contact-request"])
    form_version: int
    definition_url: str = Field(examples=["/v1/forms/contact-request/versions/1"])
    answers: dict[str, Any]
    updated_at: datetime

    @classmethod
    def of(cls, draft: AnswerDraft) -> AnswerDraftOut:
        return cls(
            form_type=draft.form_type,
            form_version=draft.form_version,
            definition_url=f"/v1/forms/{draft.form_type}/versions/{draft.form_version}",
            answers=draft.answers,
            updated_at=draft.updated_at,
        )
