"""The notify API's request and response bodies."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, EmailStr, Field


class ContactPointIn(BaseModel):
    email: EmailStr | None = None
    language: str = Field(default="sv", pattern=r"^(sv|fi|en)$")


class Notification(BaseModel):
    id: UUID
    kind: str
    subject_line: str
    body: str
    created_at: datetime
    read_at: datetime | None
