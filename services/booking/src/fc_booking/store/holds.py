"""Holds' SQL: the ones past their time."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain.bookings import BookingStatus
from fc_booking.store.tables import bookings


async def lapsed_holds(session: AsyncSession, limit: int) -> list[tuple[UUID, UUID]]:
    """Holds past their time, as (booking id, slot id); not locked: the sweeper locks slot,
    then booking, the same order as every other writer, and checks again."""
    rows = await session.execute(
        select(bookings.c.id, bookings.c.slot_id)
        .where(bookings.c.status == BookingStatus.HELD, bookings.c.hold_expires_at < func.now())
        .order_by(bookings.c.hold_expires_at)
        .limit(limit)
    )
    return [(row.id, row.slot_id) for row in rows]
