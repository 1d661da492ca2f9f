"""The notify service's SQL, and nothing else."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.tables import contact_points, deliveries, notifications


async def upsert_contact_point(
    session: AsyncSession, *, subject: UUID, email: str | None, language: str
) -> None:
    statement = pg_insert(contact_points).values(subject=subject, email=email, language=language)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[contact_points.c.subject],
            set_={"email": email, "language": language, "updated_at": func.now()},
        )
    )


async def get_contact_point(session: AsyncSession, subject: UUID) -> dict[str, Any] | None:
    query = select(contact_points).where(contact_points.c.subject == subject)
    row = (await session.execute(query)).first()
    return dict(row._mapping) if row else None


async def insert_notification(
    session: AsyncSession,
    *,
    recipient: UUID,
    kind: str,
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


async def insert_delivery(
    session: AsyncSession, *, notification_id: UUID, channel: str, address: str
) -> None:
    await session.execute(
        insert(deliveries).values(
            id=uuid4(),
            notification_id=notification_id,
            channel=channel,
            address=address,
        )
    )


async def list_notifications(session: AsyncSession, recipient: UUID) -> list[dict[str, Any]]:
    query = (
        select(notifications)
        .where(notifications.c.recipient == recipient)
        .order_by(notifications.c.created_at.desc())
    )
    return [dict(row._mapping) for row in await session.execute(query)]


async def lock_pending_deliveries(session: AsyncSession, limit: int) -> list[dict[str, Any]]:
    """Pending e-mails with their text, locked so no other sender takes them meanwhile."""
    query = (
        select(
            deliveries.c.id,
            deliveries.c.address,
            deliveries.c.attempts,
            notifications.c.subject_line,
            notifications.c.body,
        )
        .join(notifications, notifications.c.id == deliveries.c.notification_id)
        .where(deliveries.c.status == "pending")
        .order_by(deliveries.c.created_at)
        .limit(limit)
        .with_for_update(of=deliveries, skip_locked=True)
    )
    return [dict(row._mapping) for row in await session.execute(query)]


async def mark_delivery(
    session: AsyncSession, delivery_id: UUID, *, status: str, error: str | None = None
) -> None:
    values: dict[str, Any] = {
        "status": status,
        "attempts": deliveries.c.attempts + 1,
        "last_error": error,
    }
    if status == "sent":
        values["sent_at"] = func.now()
    await session.execute(update(deliveries).where(deliveries.c.id == delivery_id).values(**values))
