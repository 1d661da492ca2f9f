"""E-mail deliveries in SQL: the e-mail's own outbox (see tables.py)."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain.deliveries import Channel, DeliveryStatus, PendingEmail
from fc_notify.store.tables import deliveries, notifications


async def insert_delivery(
    session: AsyncSession, *, notification_id: UUID, channel: Channel, address: str
) -> None:
    await session.execute(
        insert(deliveries).values(
            id=uuid4(),
            notification_id=notification_id,
            channel=channel,
            address=address,
        )
    )


async def lock_pending_deliveries(session: AsyncSession, limit: int) -> list[PendingEmail]:
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
        .where(deliveries.c.status == DeliveryStatus.PENDING)
        .order_by(deliveries.c.created_at)
        .limit(limit)
        .with_for_update(of=deliveries, skip_locked=True)
    )
    return [
        PendingEmail(
            id=row.id,
            address=row.address,
            attempts=row.attempts,
            subject_line=row.subject_line,
            body=row.body,
        )
        for row in await session.execute(query)
    ]


async def mark_delivery(
    session: AsyncSession, delivery_id: UUID, *, status: DeliveryStatus, error: str | None = None
) -> None:
    """Count the attempt; a sent e-mail also records when it went."""
    sent_at = func.now() if status is DeliveryStatus.SENT else deliveries.c.sent_at
    await session.execute(
        update(deliveries)
        .where(deliveries.c.id == delivery_id)
        .values(
            status=status, attempts=deliveries.c.attempts + 1, last_error=error, sent_at=sent_at
        )
    )
