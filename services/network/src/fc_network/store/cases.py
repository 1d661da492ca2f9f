"""SQL of case requests, cases, their responsible persons and networks."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID, uuid4

from sqlalchemy import Row, delete, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain.cases import Case, NetworkMember, NetworkMemberKind, Responsibility
from fc_network.domain.consents import ConsentScope
from fc_network.store.tables import (
    case_requests,
    cases,
    consents,
    network_members,
    responsibilities,
)


def _case(row: Row[tuple[object, ...]]) -> Case:
    return Case(id=row.id, family_id=row.family_id, created_at=row.created_at)


def _case_or_none(row: Row[tuple[object, ...]] | None) -> Case | None:
    return _case(row) if row is not None else None


async def insert_case_request(
    session: AsyncSession, *, family_id: UUID, professional: UUID, requested_by: UUID
) -> UUID:
    request_id = uuid4()
    await session.execute(
        insert(case_requests).values(
            id=request_id, family_id=family_id, professional=professional, requested_by=requested_by
        )
    )
    return request_id


async def withdraw_case_request(
    session: AsyncSession, *, family_id: UUID, request_id: UUID
) -> bool:
    """Take back a request not yet used; whether there was one. The row goes: the access log
    keeps that it was asked and taken back."""
    result = await session.execute(
        delete(case_requests)
        .where(
            case_requests.c.id == request_id,
            case_requests.c.family_id == family_id,
            case_requests.c.used_at.is_(None),
        )
        .returning(case_requests.c.id)
    )
    return result.first() is not None


async def open_case_request(
    session: AsyncSession, *, family_id: UUID, professional: UUID
) -> UUID | None:
    """A guardian's request, not yet used, that `professional` open the family's case."""
    found: UUID | None = await session.scalar(
        select(case_requests.c.id)
        .where(
            case_requests.c.family_id == family_id,
            case_requests.c.professional == professional,
            case_requests.c.used_at.is_(None),
        )
        .order_by(case_requests.c.requested_at)
        .limit(1)
    )
    return found


async def use_case_requests(session: AsyncSession, *, family_id: UUID, case_id: UUID) -> None:
    """Opening the case uses up every open request of the family: the one it was opened on,
    and any to others, which now would need a handover instead."""
    await session.execute(
        update(case_requests)
        .where(case_requests.c.family_id == family_id, case_requests.c.used_at.is_(None))
        .values(used_at=func.now(), case_id=case_id)
    )


async def case_of(session: AsyncSession, family_id: UUID) -> Case | None:
    query = select(cases).where(cases.c.family_id == family_id)
    return _case_or_none((await session.execute(query)).first())


async def get_case(session: AsyncSession, case_id: UUID, *, lock: bool = False) -> Case | None:
    """The case; with `lock`, handovers of one case queue here, one after another."""
    query = select(cases).where(cases.c.id == case_id)
    if lock:
        query = query.with_for_update()
    return _case_or_none((await session.execute(query)).first())


async def cases_of_families(session: AsyncSession, family_ids: Sequence[UUID]) -> list[Case]:
    query = select(cases).where(cases.c.family_id.in_(family_ids)).order_by(cases.c.created_at)
    return [_case(row) for row in await session.execute(query)]


async def cases_of_professional(session: AsyncSession, professional: UUID) -> list[Case]:
    """The cases `professional` is responsible for now, or holds the family's consent (in
    force) to see: the case team CaseTeamChanged names."""
    responsible = select(responsibilities.c.case_id).where(
        responsibilities.c.professional == professional, responsibilities.c.until.is_(None)
    )
    consented = select(consents.c.case_id).where(
        consents.c.member == professional,
        consents.c.scope == ConsentScope.CASE,
        consents.c.withdrawn_at.is_(None),
    )
    query = (
        select(cases)
        .where(or_(cases.c.id.in_(responsible), cases.c.id.in_(consented)))
        .order_by(cases.c.created_at, cases.c.id)
    )
    return [_case(row) for row in await session.execute(query)]


async def insert_case(session: AsyncSession, *, case_id: UUID, family_id: UUID) -> None:
    await session.execute(insert(cases).values(id=case_id, family_id=family_id))


async def current_responsible(session: AsyncSession, case_id: UUID) -> UUID | None:
    query = select(responsibilities.c.professional).where(
        responsibilities.c.case_id == case_id, responsibilities.c.until.is_(None)
    )
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
    await session.execute(
        insert(responsibilities).values(id=uuid4(), case_id=case_id, professional=to, since=moment)
    )


async def responsibility_history(session: AsyncSession, case_id: UUID) -> list[Responsibility]:
    query = (
        select(responsibilities)
        .where(responsibilities.c.case_id == case_id)
        .order_by(responsibilities.c.since, responsibilities.c.until.nulls_last())
    )
    return [
        Responsibility(
            id=row.id,
            case_id=row.case_id,
            professional=row.professional,
            since=row.since,
            until=row.until,
        )
        for row in await session.execute(query)
    ]


async def add_network_member(
    session: AsyncSession, *, case_id: UUID, member: UUID, kind: NetworkMemberKind, added_by: UUID
) -> None:
    await session.execute(
        pg_insert(network_members)
        .values(case_id=case_id, member=member, kind=kind, added_by=added_by)
        .on_conflict_do_nothing()
    )


async def network_of(session: AsyncSession, case_id: UUID) -> list[NetworkMember]:
    query = (
        select(network_members)
        .where(network_members.c.case_id == case_id)
        .order_by(network_members.c.added_at)
    )
    return [
        NetworkMember(
            member=row.member,
            kind=NetworkMemberKind(row.kind),
            added_by=row.added_by,
            added_at=row.added_at,
        )
        for row in await session.execute(query)
    ]
