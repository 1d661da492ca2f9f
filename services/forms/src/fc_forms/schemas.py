"""The forms API's request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field


class SubmissionIn(BaseModel):
    form_type: str = Field(examples=["contact-request"], max_length=100)
    municipality_code: str = Field(pattern=r"^\d{3}$", examples=["905"])
    language: str = Field(default="sv", pattern=r"^(sv|fi|en)$")
    answers: dict[str, Any]


class Submission(SubmissionIn):
    id: UUID
    status: str
    created_at: datetime
