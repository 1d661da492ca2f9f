"""Who is busy when: the SQL behind network meetings' free times."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain.bookings import TAKING_A_PLACE
from fc_booking.domain.network_meetings import Interval
from fc_booking.store.tables import bookings, slots


async def busy_on_resources(
    session: AsyncSession, resource_ids: Sequence[UUID], interval: Interval
) -> list[tuple[UUID, Interval]]:
    """(resource id, when it is taken) for every slot overlapping the interval."""
    rows = await session.execute(
        select(slots.c.resource_id, slots.c.starts_at, slots.c.ends_at).where(
            slots.c.resource_id.in_(resource_ids),
            slots.c.starts_at < interval.ends_at,
            slots.c.ends_at > interval.starts_at,
        )
    )
    return [(row.resource_id, Interval(row.starts_at, row.ends_at)) for row in rows]


async def busy_for_guardians(
    session: AsyncSession, guardians: Sequence[UUID], interval: Interval
) -> list[tuple[UUID, Interval]]:
    """(guardian, when they have a place booked) overlapping the interval."""
    rows = await session.execute(
        select(bookings.c.booked_by, slots.c.starts_at, slots.c.ends_at)
        .join(slots, slots.c.id == bookings.c.slot_id)
        .where(
            bookings.c.booked_by.in_(guardians),
            bookings.c.status.in_(sorted(TAKING_A_PLACE)),
            slots.c.starts_at < interval.ends_at,
            slots.c.ends_at > interval.starts_at,
        )
    )
    return [(row.booked_by, Interval(row.starts_at, row.ends_at)) for row in rows]
