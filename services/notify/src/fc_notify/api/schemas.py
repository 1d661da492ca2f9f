"""The notify API's request and response bodies."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import EmailStr, Field

from fc_notify.domain.notifications import Notification, NotificationKind
from fc_shared.models import RequestModel, ResponseModel


class ContactPointIn(RequestModel):
    email: EmailStr | None = None
    language: str = Field(default="sv", pattern=r"^(sv|fi|en)$")


class NotificationOut(ResponseModel):
    id: UUID
    kind: NotificationKind
    subject_line: str
    body: str
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def of(cls, notification: Notification) -> NotificationOut:
        return cls(
            id=notification.id,
            kind=notification.kind,
            subject_line=notification.subject_line,
            body=notification.body,
            created_at=notification.created_at,
            read_at=notification.read_at,
        )
