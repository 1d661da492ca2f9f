"""SQL of families, cases, responsibilities, consents and the access log."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.tables import (
    access_log,
    cases,
    consents,
    families,
    family_members,
    network_members,
    responsibilities,
)


async def insert_family(session: AsyncSession, *, family_id: UUID, created_by: UUID,
                        language: str, members: list[dict[str, Any]]) -> None:
    await session.execute(insert(families).values(id=family_id, created_by=created_by,
                                                  language=language))
    blank = dict.fromkeys(("subject", "birth_date", "email", "phone", "address"))
    await session.execute(insert(family_members), [
        {**blank, **member, "id": uuid4(), "family_id": family_id} for member in members
    ])


async def members_of(session: AsyncSession, family_id: UUID) -> list[dict[str, Any]]:
    query = (select(family_members).where(family_members.c.family_id == family_id)
             .order_by(family_members.c.role.desc(), family_members.c.name))
    return [dict(row._mapping) for row in await session.execute(query)]


async def case_of(session: AsyncSession, family_id: UUID) -> dict[str, Any] | None:
    row = (await session.execute(select(cases).where(cases.c.family_id == family_id))).first()
    return dict(row._mapping) if row else None


async def get_case(session: AsyncSession, case_id: UUID, *, lock: bool = False
                   ) -> dict[str, Any] | None:
    """The case row; with `lock`, handovers of one case queue here, one after another."""
    query = select(cases).where(cases.c.id == case_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    return dict(row._mapping) if row else None


async def insert_case(session: AsyncSession, *, case_id: UUID, family_id: UUID) -> None:
    await session.execute(insert(cases).values(id=case_id, family_id=family_id))


async def current_responsible(session: AsyncSession, case_id: UUID) -> UUID | None:
    query = select(responsibilities.c.professional).where(
        responsibilities.c.case_id == case_id, responsibilities.c.until.is_(None))
    found: UUID | None = await session.scalar(query)
    return found


async def hand_over(session: AsyncSession, *, case_id: UUID, to: UUID) -> None:
    """Close the current responsibility and open the next; history stays.

    clock_timestamp(), not now(): handovers wait on the case lock, and now() is when each
    transaction began, which would let a later holder's period start before its
    predecessor's ended.
    """
    moment = (await session.execute(select(func.clock_timestamp()))).scalar_one()
    await session.execute(
        update(responsibilities)
        .where(responsibilities.c.case_id == case_id, responsibilities.c.until.is_(None))
        .values(until=moment)
    )
    await session.execute(insert(responsibilities).values(id=uuid4(), case_id=case_id,
                                                          professional=to, since=moment))


async def responsibility_history(session: AsyncSession, case_id: UUID) -> list[dict[str, Any]]:
    query = (select(responsibilities).where(responsibilities.c.case_id == case_id)
             .order_by(responsibilities.c.since, responsibilities.c.until.nulls_last()))
    return [dict(row._mapping) for row in await session.execute(query)]


async def consented_members(session: AsyncSession, case_id: UUID, scope: str = "case"
                            ) -> set[UUID]:
    """Members holding a consent in force of the given scope."""
    query = select(consents.c.member).where(consents.c.case_id == case_id,
                                            consents.c.scope == scope,
                                            consents.c.withdrawn_at.is_(None))
    return set((await session.scalars(query)).all())


async def insert_consent(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(insert(consents).values(**values))


async def withdraw_consent(session: AsyncSession, *, case_id: UUID, consent_id: UUID) -> bool:
    result = await session.execute(
        update(consents)
        .where(consents.c.id == consent_id, consents.c.case_id == case_id,
               consents.c.withdrawn_at.is_(None))
        .values(withdrawn_at=func.now())
        .returning(consents.c.id)
    )
    return result.first() is not None


async def log_access(session: AsyncSession, *, actor: UUID, family_id: UUID, action: str,
                     purpose: str, allowed: bool) -> None:
    await session.execute(insert(access_log).values(actor=actor, family_id=family_id,
                                                    action=action, purpose=purpose,
                                                    allowed=allowed))


async def access_entries(session: AsyncSession, family_id: UUID) -> list[dict[str, Any]]:
    query = (select(access_log).where(access_log.c.family_id == family_id)
             .order_by(access_log.c.at.desc(), access_log.c.id.desc()))
    return [dict(row._mapping) for row in await session.execute(query)]


async def family_language(session: AsyncSession, family_id: UUID) -> str | None:
    found: str | None = await session.scalar(
        select(families.c.language).where(families.c.id == family_id))
    return found


async def add_network_member(session: AsyncSession, *, case_id: UUID, member: UUID, kind: str,
                             added_by: UUID) -> None:
    await session.execute(
        pg_insert(network_members)
        .values(case_id=case_id, member=member, kind=kind, added_by=added_by)
        .on_conflict_do_nothing())


async def network_of(session: AsyncSession, case_id: UUID) -> list[dict[str, Any]]:
    query = (select(network_members).where(network_members.c.case_id == case_id)
             .order_by(network_members.c.added_at))
    return [dict(row._mapping) for row in await session.execute(query)]
