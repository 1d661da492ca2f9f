"""The forms API's request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import ConfigDict, Field

from fc_forms.domain.submissions import Submission, SubmissionStatus
from fc_shared.models import RequestModel, ResponseModel


class FormDefinition(ResponseModel):
    """A form as a JSON Schema (draft 2020-12) for the answers: a client builds the form
    from `properties` and may check answers before sending them; the server checks again."""

    # A definition may use more of JSON Schema than is declared here (a title, $defs):
    # those keys pass through unchanged rather than being dropped.
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    json_schema_dialect: str = Field(
        alias="$schema", examples=["https://json-schema.org/draft/2020-12/schema"]
    )
    type: Literal["object"]
    additional_properties: bool = Field(alias="additionalProperties")
    required: list[str] = Field(default_factory=list)
    properties: dict[str, dict[str, Any]]  # each answer's own JSON Schema


class FormSummary(ResponseModel):
    """One form a family can fill in: its type names it in every other route."""

    form_type: str = Field(examples=["contact-request"])
    definition_url: str = Field(examples=["/v1/forms/contact-request"])


class SubmissionIn(RequestModel):
    form_type: str = Field(examples=["contact-request"], max_length=100)
    municipality_code: str = Field(pattern=r"^\d{3}$", examples=["905"])
    language: str = Field(default="sv", pattern=r"^(sv|fi|en)$")
    answers: dict[str, Any]  # checked against the form's JSON Schema, not by this model


class SubmissionOut(ResponseModel):
    form_type: str = Field(examples=["contact-request"])
    municipality_code: str = Field(examples=["905"])
    language: str
    answers: dict[str, Any]
    id: UUID
    status: SubmissionStatus
    created_at: datetime

    @classmethod
    def of(cls, submission: Submission) -> SubmissionOut:
        return cls(
            form_type=submission.form_type,
            municipality_code=submission.municipality_code,
            language=submission.language,
            answers=submission.answers,
            id=submission.id,
            status=submission.status,
            created_at=submission.created_at,
        )
