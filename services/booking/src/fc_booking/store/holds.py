"""Holds' SQL: the ones past their time, and whether a lapsed one may take its place again."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain.bookings import LIVE, BookingStatus
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


async def has_live_booking(
    session: AsyncSession, *, slot_id: UUID, booked_by: UUID, child_id: UUID | None, but: UUID
) -> bool:
    """Whether `booked_by` has a live booking (held, confirmed, queued) on the slot for the
    same participant other than `but`: the one-booking-per-participant indexes' question."""
    participant = (
        bookings.c.child_id == child_id
        if child_id is not None
        else (bookings.c.child_id.is_(None) & (bookings.c.booked_by == booked_by))
    )
    found = await session.scalar(
        select(bookings.c.id).where(
            bookings.c.slot_id == slot_id,
            bookings.c.id != but,
            bookings.c.status.in_(LIVE),
            participant,
        )
    )
    return found is not None
