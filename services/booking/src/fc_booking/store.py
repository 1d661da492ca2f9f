"""The booking service's SQL, and nothing else."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.tables import bookings, resources, slots


async def add_meeting_point_room(
    session: AsyncSession, *, meeting_point_id: UUID, municipality_code: str, kind: str,
    audience_bands: list[str],
) -> None:
    await session.execute(
        pg_insert(resources)
        .values(id=uuid4(), kind=kind, meeting_point_id=meeting_point_id,
                municipality_code=municipality_code, audience_bands=audience_bands)
        .on_conflict_do_nothing(index_elements=[resources.c.meeting_point_id])
    )


async def set_meeting_point_room_bands(
    session: AsyncSession, *, meeting_point_id: UUID, municipality_code: str, kind: str,
    audience_bands: list[str],
) -> None:
    """Upsert: a change may overtake the opening, as they travel in different groups."""
    statement = pg_insert(resources).values(
        id=uuid4(), kind=kind, meeting_point_id=meeting_point_id,
        municipality_code=municipality_code, audience_bands=audience_bands)
    await session.execute(statement.on_conflict_do_update(
        index_elements=[resources.c.meeting_point_id],
        set_={"audience_bands": statement.excluded.audience_bands},
    ))


async def list_resources(
    session: AsyncSession, *, meeting_point_id: UUID | None, municipality_code: str | None
) -> list[dict[str, Any]]:
    query = select(resources).order_by(resources.c.created_at, resources.c.id)
    if meeting_point_id:
        query = query.where(resources.c.meeting_point_id == meeting_point_id)
    if municipality_code:
        query = query.where(resources.c.municipality_code == municipality_code)
    return [dict(row._mapping) for row in await session.execute(query)]


async def get_resource(session: AsyncSession, resource_id: UUID) -> dict[str, Any] | None:
    row = (await session.execute(select(resources).where(resources.c.id == resource_id))).first()
    return dict(row._mapping) if row else None


async def insert_slot(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(insert(slots).values(**values))


async def list_slots(session: AsyncSession, resource_id: UUID) -> list[dict[str, Any]]:
    query = (select(slots).where(slots.c.resource_id == resource_id, slots.c.starts_at > func.now())
             .order_by(slots.c.starts_at))
    return [dict(row._mapping) for row in await session.execute(query)]


async def take_place(session: AsyncSession, slot_id: UUID) -> dict[str, Any] | None:
    """Count one more place on a future slot with room left; None when there is none.

    A single UPDATE with the capacity in its WHERE clause: concurrent bookings queue on
    the row lock, so the count can never pass the capacity.
    """
    row = (
        await session.execute(
            update(slots)
            .where(slots.c.id == slot_id, slots.c.booked_count < slots.c.capacity,
                   slots.c.starts_at > func.now())
            .values(booked_count=slots.c.booked_count + 1)
            .returning(slots.c.resource_id, slots.c.starts_at, slots.c.ends_at,
                       slots.c.language)
        )
    ).first()
    return dict(row._mapping) if row else None


async def slot_exists(session: AsyncSession, slot_id: UUID) -> bool:
    return await session.scalar(select(slots.c.id).where(slots.c.id == slot_id)) is not None


async def insert_booking(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(insert(bookings).values(**values))


async def list_bookings(session: AsyncSession, booked_by: UUID) -> list[dict[str, Any]]:
    query = (
        select(bookings, slots.c.starts_at, slots.c.ends_at)
        .join(slots, slots.c.id == bookings.c.slot_id)
        .where(bookings.c.booked_by == booked_by)
        .order_by(slots.c.starts_at)
    )
    return [dict(row._mapping) for row in await session.execute(query)]
