"""Slots' SQL: placing, locking, counting places, finding bookable ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Row, insert, literal_column, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain.slots import (
    Activity,
    Audience,
    BandOverride,
    Slot,
    SlotKind,
    SlotSearch,
)
from fc_booking.store.tables import band_overrides, resources, slots

SLOT_COLUMNS = [column for column in slots.c if column.name != "created_at"]


def slot_of(row: Row[*tuple[Any, ...]]) -> Slot:
    values = row._asdict()
    return Slot(
        **{
            **values,
            "kind": SlotKind(values["kind"]),
            "activity": Activity(values["activity"]),
            "audience": Audience(values["audience"]),
        }
    )


async def insert_slots(session: AsyncSession, placed: Sequence[Slot]) -> None:
    if placed:
        await session.execute(insert(slots), [asdict(slot) for slot in placed])


async def insert_band_override(session: AsyncSession, override: BandOverride) -> None:
    values = asdict(override)
    values["room_bands"] = list(override.room_bands)
    await session.execute(insert(band_overrides).values(id=uuid4(), **values))


async def get_slot(session: AsyncSession, slot_id: UUID) -> Slot | None:
    row = (await session.execute(select(*SLOT_COLUMNS).where(slots.c.id == slot_id))).first()
    return slot_of(row) if row else None


async def slot_version(session: AsyncSession, slot_id: UUID) -> str:
    """The row version (`xmin`): it changes with every write to the slot, bookings included."""
    return str(
        await session.scalar(
            select(literal_column("xmin::text")).select_from(slots).where(slots.c.id == slot_id)
        )
    )


async def lock_slot(session: AsyncSession, slot_id: UUID) -> Slot | None:
    """The slot, its row locked until commit: every change to its places queues here, which
    is what keeps the waitlist in arrival order."""
    row = (
        await session.execute(select(*SLOT_COLUMNS).where(slots.c.id == slot_id).with_for_update())
    ).first()
    return slot_of(row) if row else None


async def lock_slots(session: AsyncSession, slot_ids: Sequence[UUID]) -> list[Slot]:
    """Several slots locked in id order, so two transactions never wait on each other."""
    rows = await session.execute(
        select(*SLOT_COLUMNS).where(slots.c.id.in_(slot_ids)).order_by(slots.c.id).with_for_update()
    )
    return [slot_of(row) for row in rows]


async def series_slot_ids(session: AsyncSession, series_id: UUID) -> list[UUID]:
    rows = await session.scalars(
        select(slots.c.id).where(slots.c.series_id == series_id).order_by(slots.c.starts_at)
    )
    return list(rows)


async def add_taken(session: AsyncSession, slot_id: UUID, delta: int) -> None:
    await session.execute(
        update(slots).where(slots.c.id == slot_id).values(booked_count=slots.c.booked_count + delta)
    )


async def set_capacity(session: AsyncSession, slot_id: UUID, capacity: int) -> None:
    await session.execute(update(slots).where(slots.c.id == slot_id).values(capacity=capacity))


async def search_slots(
    session: AsyncSession,
    search: SlotSearch,
    *,
    after: tuple[datetime, UUID] | None,
    limit: int,
) -> list[Slot]:
    """One page of bookable slots in start order; `after` is the last row of the previous
    page (keyset paging, so a page never skips or repeats when slots are added)."""
    query = (
        select(*SLOT_COLUMNS)
        .join(resources, resources.c.id == slots.c.resource_id)
        .where(slots.c.starts_at >= search.starts_from, slots.c.kind != SlotKind.NETWORK_MEETING)
        .order_by(slots.c.starts_at, slots.c.id)
        .limit(limit)
    )
    filters = {
        slots.c.municipality_code: search.municipality_code,
        resources.c.kind: search.resource_kind,
        slots.c.resource_id: search.resource_id,
        slots.c.service_id: search.service_id,
        slots.c.audience: search.audience,
        slots.c.language: search.language,
        slots.c.activity: search.activity,
    }
    for column, value in filters.items():
        if value is not None:
            query = query.where(column == value)
    if search.starts_before is not None:
        query = query.where(slots.c.starts_at < search.starts_before)
    if after is not None:
        query = query.where(tuple_(slots.c.starts_at, slots.c.id) > tuple_(*after))
    return [slot_of(row) for row in await session.execute(query)]


async def feed_slots(session: AsyncSession, resource_id: UUID, since: datetime) -> list[Slot]:
    rows = await session.execute(
        select(*SLOT_COLUMNS)
        .where(slots.c.resource_id == resource_id, slots.c.ends_at >= since)
        .order_by(slots.c.starts_at)
    )
    return [slot_of(row) for row in rows]
