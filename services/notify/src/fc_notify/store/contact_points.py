"""Contact points in SQL, as typed records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Row, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain.contact_points import ContactPoint
from fc_notify.domain.deliveries import Channel
from fc_notify.store.tables import contact_points


def _record(row: Row[Any]) -> ContactPoint:
    return ContactPoint(
        id=row.id,
        subject=row.subject,
        channel=Channel(row.channel),
        address=row.address,
        confirmed_at=row.confirmed_at,
        pending_address=row.pending_address,
        code_hash=row.code_hash,
        code_expires_at=row.code_expires_at,
        code_attempts=row.code_attempts,
    )


async def get(
    session: AsyncSession, subject: UUID, channel: Channel, *, lock: bool = False
) -> ContactPoint | None:
    query = select(contact_points).where(
        contact_points.c.subject == subject, contact_points.c.channel == channel
    )
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    return _record(row) if row else None


async def of_subject(session: AsyncSession, subject: UUID) -> list[ContactPoint]:
    rows = await session.execute(select(contact_points).where(contact_points.c.subject == subject))
    return [_record(row) for row in rows]


async def confirmed_addresses(session: AsyncSession, subject: UUID) -> dict[Channel, str]:
    rows = await session.execute(
        select(contact_points.c.channel, contact_points.c.address).where(
            contact_points.c.subject == subject,
            contact_points.c.confirmed_at.is_not(None),
            contact_points.c.address.is_not(None),
        )
    )
    return {Channel(row.channel): row.address for row in rows}


async def start_confirmation(
    session: AsyncSession,
    *,
    subject: UUID,
    channel: Channel,
    pending_address: str,
    code_hash_for: Callable[[UUID], str],
    expires_at: datetime,
) -> UUID:
    """Put `pending_address` waiting for its code; the confirmed address, if any, stays in
    use until the new one is confirmed. `code_hash_for(id)` hashes the code with the row's
    id. The row's id."""
    statement = pg_insert(contact_points).values(
        id=uuid4(), subject=subject, channel=channel, pending_address=pending_address
    )
    point_id = await session.scalar(
        statement.on_conflict_do_update(
            constraint="contact_points_one_per_channel",
            set_={"pending_address": pending_address, "updated_at": func.now()},
        ).returning(contact_points.c.id)
    )
    assert isinstance(point_id, UUID)
    await session.execute(
        update(contact_points)
        .where(contact_points.c.id == point_id)
        .values(
            code_hash=code_hash_for(point_id),
            code_expires_at=expires_at,
            code_attempts=0,
        )
    )
    return point_id


async def count_wrong_code(session: AsyncSession, point_id: UUID) -> None:
    await session.execute(
        update(contact_points)
        .where(contact_points.c.id == point_id)
        .values(code_attempts=contact_points.c.code_attempts + 1)
    )


async def confirm(session: AsyncSession, point_id: UUID, address: str, now: datetime) -> None:
    await session.execute(
        update(contact_points)
        .where(contact_points.c.id == point_id)
        .values(
            address=address,
            confirmed_at=now,
            pending_address=None,
            code_hash=None,
            code_expires_at=None,
            code_attempts=0,
            updated_at=func.now(),
        )
    )


async def remove(session: AsyncSession, subject: UUID, channel: Channel) -> bool:
    result = await session.execute(
        delete(contact_points)
        .where(contact_points.c.subject == subject, contact_points.c.channel == channel)
        .returning(contact_points.c.id)
    )
    return result.first() is not None
