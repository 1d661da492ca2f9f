"""Closures and recurring-availability rules' SQL."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain.resources import Closure
from fc_booking.store.tables import availability_rules, closures


async def insert_closure(session: AsyncSession, closure: Closure, *, created_by: UUID) -> None:
    await session.execute(insert(closures).values(**asdict(closure), created_by=created_by))


async def closures_of(session: AsyncSession, resource_id: UUID) -> list[Closure]:
    rows = await session.execute(
        select(
            closures.c.id,
            closures.c.resource_id,
            closures.c.starts_on,
            closures.c.ends_on,
            closures.c.reason,
        )
        .where(closures.c.resource_id == resource_id)
        .order_by(closures.c.starts_on)
    )
    return [Closure(**row._asdict()) for row in rows]


async def closed_on(session: AsyncSession, resource_id: UUID, first: date, last: date) -> bool:
    found = await session.scalar(
        select(closures.c.id)
        .where(
            closures.c.resource_id == resource_id,
            closures.c.starts_on <= last,
            closures.c.ends_on >= first,
        )
        .limit(1)
    )
    return found is not None


async def insert_rule(
    session: AsyncSession,
    *,
    rule_id: UUID,
    resource_id: UUID,
    rrule: str,
    first_start_local: datetime,
    duration_minutes: int,
    is_series: bool,
    created_by: UUID,
) -> None:
    await session.execute(
        insert(availability_rules).values(
            id=rule_id,
            resource_id=resource_id,
            rrule=rrule,
            first_start_local=first_start_local,
            duration_minutes=duration_minutes,
            is_series=is_series,
            created_by=created_by,
        )
    )
