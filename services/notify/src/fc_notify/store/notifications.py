"""Notifications (the in-app inbox) in SQL, as typed records."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain.notifications import Notification, NotificationKind
from fc_notify.store.tables import deliveries, notifications

# A confirmation code's letter is not shown in the inbox: reading the code there would prove
# nothing about the address it was sent to.
_SHOWN = notifications.c.kind != NotificationKind.CONTACT_POINT_CODE.value


async def insert_notification(
    session: AsyncSession,
    *,
    recipient: UUID,
    kind: NotificationKind,
    event_id: UUID,
    about: UUID | None,
    subject_line: str,
    body: str,
    created_at: datetime,
    purge_after: datetime,
) -> UUID | None:
    """The new notification's id; None when this event already made this letter for this
    person (a replay, or another consumer group's copy): nothing is written twice."""
    notification_id = uuid4()
    statement = (
        pg_insert(notifications)
        .values(
            id=notification_id,
            recipient=recipient,
            kind=kind,
            event_id=event_id,
            about=about,
            subject_line=subject_line[:200],
            body=body,
            created_at=created_at,
            purge_after=purge_after,
        )
        .on_conflict_do_nothing(constraint="notifications_once_per_event")
        .returning(notifications.c.id)
    )
    made: UUID | None = await session.scalar(statement)
    return made


async def list_notifications(
    session: AsyncSession, recipient: UUID, *, unread_only: bool = False, limit: int = 100
) -> list[Notification]:
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
        .where(notifications.c.recipient == recipient, _SHOWN)
        .order_by(notifications.c.created_at.desc(), notifications.c.id)
        .limit(limit)
    )
    if unread_only:
        query = query.where(notifications.c.read_at.is_(None))
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


async def count_unread(session: AsyncSession, recipient: UUID) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(notifications)
        .where(notifications.c.recipient == recipient, notifications.c.read_at.is_(None), _SHOWN)
    )
    return int(count or 0)


async def is_recipient(session: AsyncSession, recipient: UUID, notification_id: UUID) -> bool:
    found = await session.scalar(
        select(notifications.c.id).where(
            notifications.c.id == notification_id, notifications.c.recipient == recipient, _SHOWN
        )
    )
    return found is not None


async def mark_read(
    session: AsyncSession, recipient: UUID, notification_id: UUID, now: datetime
) -> datetime | None:
    """When it was read (the first time counts); None if the recipient has no such
    notification, which the caller answers as 404 whether it exists for another or not."""
    await session.execute(
        update(notifications)
        .where(
            notifications.c.id == notification_id,
            notifications.c.recipient == recipient,
            notifications.c.read_at.is_(None),
            _SHOWN,
        )
        .values(read_at=now)
    )
    read_at: datetime | None = await session.scalar(
        select(notifications.c.read_at).where(
            notifications.c.id == notification_id, notifications.c.recipient == recipient, _SHOWN
        )
    )
    return read_at


async def mark_all_read(session: AsyncSession, recipient: UUID, now: datetime) -> int:
    result = await session.execute(
        update(notifications)
        .where(notifications.c.recipient == recipient, notifications.c.read_at.is_(None))
        .values(read_at=now)
        .returning(notifications.c.id)
    )
    return len(result.all())


async def purge(session: AsyncSession, now: datetime) -> int:
    """Delete notifications past their retention, with their deliveries. A delivery
    still on its way holds its notification back until it is done."""
    expired = select(notifications.c.id).where(notifications.c.purge_after <= now)
    busy = select(deliveries.c.notification_id).where(
        deliveries.c.status.in_(("queued", "sending", "failed_temporarily"))
    )
    gone = expired.where(notifications.c.id.not_in(busy))
    await session.execute(delete(deliveries).where(deliveries.c.notification_id.in_(gone)))
    result = await session.execute(
        delete(notifications).where(notifications.c.id.in_(gone)).returning(notifications.c.id)
    )
    return len(result.all())
