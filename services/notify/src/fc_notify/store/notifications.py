"""Notifications (the in-app inbox) in SQL, as typed records."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain.notifications import Notification, NotificationKind
from fc_notify.store.tables import notifications


async def insert_notification(
    session: AsyncSession,
    *,
    recipient: UUID,
    kind: NotificationKind,
    event_id: UUID,
    subject_line: str,
    body: str,
) -> UUID:
    notification_id = uuid4()
    await session.execute(
        insert(notifications).values(
            id=notification_id,
            recipient=recipient,
            kind=kind,
            event_id=event_id,
            subject_line=subject_line,
            body=body,
        )
    )
    return notification_id


async def list_notifications(session: AsyncSession, recipient: UUID) -> list[Notification]:
    """A person's inbox, newest first."""
    query = (
        select(
            notifications.c.id,
            notifications.c.kind,
            notifications.c.subject_line,
            notifications.c.body,
            notifications.c.created_at,
            notifications.c.read_at,
        )
        .where(notifications.c.recipient == recipient)
        .order_by(notifications.c.created_at.desc())
    )
    return [
        Notification(
            id=row.id,
            kind=NotificationKind(row.kind),
            subject_line=row.subject_line,
            body=row.body,
            created_at=row.created_at,
            read_at=row.read_at,
        )
        for row in await session.execute(query)
    ]
