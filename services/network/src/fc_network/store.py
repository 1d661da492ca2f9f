"""The network service's SQL, and nothing else."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import insert, literal_column, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.tables import meeting_points, municipalities, referrals


async def list_municipalities(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.execute(select(municipalities).order_by(municipalities.c.name_sv))
    return [dict(row._mapping) for row in rows]


async def municipality_exists(session: AsyncSession, code: str) -> bool:
    found = await session.scalar(select(municipalities.c.code).where(municipalities.c.code == code))
    return found is not None


async def insert_meeting_point(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(insert(meeting_points).values(**values))


async def list_meeting_points(
    session: AsyncSession, municipality_code: str | None
) -> list[dict[str, Any]]:
    query = select(meeting_points).order_by(meeting_points.c.created_at)
    if municipality_code:
        query = query.where(meeting_points.c.municipality_code == municipality_code)
    return [dict(row._mapping) for row in await session.execute(query)]


async def insert_referral(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(insert(referrals).values(**values))


async def get_referral(session: AsyncSession, referral_id: UUID) -> dict[str, Any] | None:
    row = (await session.execute(select(referrals).where(referrals.c.id == referral_id))).first()
    return dict(row._mapping) if row else None


async def lock_referral(session: AsyncSession, referral_id: UUID) -> dict[str, Any] | None:
    query = select(referrals).where(referrals.c.id == referral_id).with_for_update()
    row = (await session.execute(query)).first()
    return dict(row._mapping) if row else None


async def record_referral_step(
    session: AsyncSession, referral_id: UUID, values: dict[str, Any]
) -> dict[str, Any]:
    row = (
        await session.execute(
            update(referrals)
            .where(referrals.c.id == referral_id)
            .values(**values)
            .returning(*referrals.c)
        )
    ).one()
    return dict(row._mapping)


async def lock_meeting_point(session: AsyncSession, point_id: UUID) -> dict[str, Any] | None:
    query = select(meeting_points).where(meeting_points.c.id == point_id).with_for_update()
    row = (await session.execute(query)).first()
    return dict(row._mapping) if row else None


async def update_meeting_point(
    session: AsyncSession, point_id: UUID, values: dict[str, Any]
) -> dict[str, Any]:
    row = (
        await session.execute(
            update(meeting_points)
            .where(meeting_points.c.id == point_id)
            .values(**values)
            .returning(*meeting_points.c)
        )
    ).one()
    return dict(row._mapping)


async def get_meeting_point(session: AsyncSession, point_id: UUID) -> dict[str, Any] | None:
    row = (
        await session.execute(select(meeting_points).where(meeting_points.c.id == point_id))
    ).first()
    return dict(row._mapping) if row else None


async def meeting_point_version(session: AsyncSession, point_id: UUID) -> str:
    """The row version (`xmin`) for ETag / If-Match: it changes with every write."""
    return str(
        await session.scalar(
            select(literal_column("xmin::text"))
            .select_from(meeting_points)
            .where(meeting_points.c.id == point_id)
        )
    )
