"""The SQL that serves the waitlist: queue positions, the first in line, the live place."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, case, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain.bookings import BookingStatus
from fc_booking.domain.waitlist import Waiting
from fc_booking.store.tables import bookings


async def next_waitlist_position(session: AsyncSession) -> int:
    return int(await session.scalar(text("SELECT nextval('waitlist_order')")) or 0)


async def count_waitlisted(session: AsyncSession, slot_id: UUID) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(bookings)
            .where(bookings.c.slot_id == slot_id, bookings.c.status == BookingStatus.WAITLISTED)
        )
        or 0
    )


async def first_waitlisted(session: AsyncSession, slot_id: UUID) -> Waiting | None:
    """The first in the slot's queue, locked."""
    row = (
        await session.execute(
            select(
                bookings.c.id,
                bookings.c.booked_by,
                bookings.c.booked_as,
                bookings.c.child_id,
                bookings.c.waited_behind,
            )
            .where(bookings.c.slot_id == slot_id, bookings.c.status == BookingStatus.WAITLISTED)
            .order_by(bookings.c.waitlist_position)
            .limit(1)
            .with_for_update()
        )
    ).first()
    if row is None:
        return None
    return Waiting(
        booking_id=row.id,
        booked_by=row.booked_by,
        booked_as=row.booked_as,
        child_id=row.child_id,
        waited_behind=row.waited_behind or 0,
    )


async def promote(session: AsyncSession, booking_id: UUID) -> None:
    await session.execute(
        update(bookings)
        .where(bookings.c.id == booking_id)
        .values(status=BookingStatus.CONFIRMED, updated_at=func.now())
    )


def queue_place() -> ColumnElement[Any]:
    """A waitlisted booking's live place in its own slot's queue (1 = next): the sequence
    behind `waitlist_position` only orders, as its numbers count every slot's queues."""
    ahead = bookings.alias("ahead")
    return case(
        (
            bookings.c.status == BookingStatus.WAITLISTED,
            select(func.count())
            .where(
                ahead.c.slot_id == bookings.c.slot_id,
                ahead.c.status == BookingStatus.WAITLISTED,
                ahead.c.waitlist_position <= bookings.c.waitlist_position,
            )
            .scalar_subquery(),
        ),
        else_=None,
    ).label("queue_place")
