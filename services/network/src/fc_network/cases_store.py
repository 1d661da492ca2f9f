"""SQL of families, cases, responsibilities, consents and the access log."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.tables import (
    access_log,
    case_requests,
    cases,
    consents,
    families,
    family_members,
    network_members,
    responsibilities,
)


async def insert_family(
    session: AsyncSession,
    *,
    family_id: UUID,
    created_by: UUID,
    language: str,
    members: list[dict[str, Any]],
) -> None:
    await session.execute(
        insert(families).values(id=family_id, created_by=created_by, language=language)
    )
    blank = dict.fromkeys(("subject", "birth_date", "email", "phone", "address", "confirmed_at"))
    await session.execute(
        insert(family_members),
        [{**blank, **member, "id": uuid4(), "family_id": family_id} for member in members],
    )


async def members_of(session: AsyncSession, family_id: UUID) -> list[dict[str, Any]]:
    query = (
        select(family_members)
        .where(family_members.c.family_id == family_id)
        .order_by(family_members.c.role.desc(), family_members.c.name)
    )
    return [dict(row._mapping) for row in await session.execute(query)]


async def families_of_guardian(session: AsyncSession, subject: UUID) -> list[UUID]:
    """The families `subject` is a confirmed guardian of, oldest first."""
    query = (
        select(family_members.c.family_id)
        .join(families, families.c.id == family_members.c.family_id)
        .where(
            family_members.c.subject == subject,
            family_members.c.role == "guardian",
            family_members.c.confirmed_at.is_not(None),
        )
        .order_by(families.c.created_at, families.c.id)
    )
    return list((await session.scalars(query)).all())


async def take_marked_for_republish(session: AsyncSession, limit: int) -> list[UUID]:
    """Up to `limit` families marked for republishing, unmarked in this transaction.

    A family row another transaction holds is waited for, not skipped: a request working on
    the family (it locks the row) would otherwise make the family look taken, and it would
    stay unpublished. Once the lock is free PostgreSQL checks `republish` again, so a family
    another replica has just published drops out instead of being published twice."""
    marked = (
        select(families.c.id)
        .where(families.c.republish)
        .order_by(families.c.id)
        .limit(limit)
        .with_for_update()
    )
    ids = list((await session.scalars(marked)).all())
    if ids:
        await session.execute(
            update(families).where(families.c.id.in_(ids)).values(republish=False)
        )
    return ids


async def bump_revision(session: AsyncSession, family_id: UUID) -> int:
    """The family's next revision. The UPDATE holds the family row until commit, so changes
    of one family publish their snapshots one after another, each later one numbered higher
    and seeing everything the earlier ones committed."""
    revision: int = (
        await session.execute(
            update(families)
            .where(families.c.id == family_id)
            .values(revision=families.c.revision + 1)
            .returning(families.c.revision)
        )
    ).scalar_one()
    return revision


async def lock_family(session: AsyncSession, family_id: UUID) -> bool:
    """Take the family row's lock (opening a case queues here); False if there is none."""
    query = select(families.c.id).where(families.c.id == family_id).with_for_update()
    return await session.scalar(query) is not None


async def confirm_member(
    session: AsyncSession, *, family_id: UUID, role: str, subject: UUID
) -> bool | None:
    """Confirm the pending `role` member (a guardian, or a child by the youth's own login)
    named with `subject`: True if confirmed now, False if they already were, None if the
    family names no such member. A youth's login confirmed for a second child record
    anywhere breaks the unique index family_members_one_child_per_youth_login."""
    member = (
        await session.execute(
            select(family_members.c.id, family_members.c.confirmed_at)
            .where(
                family_members.c.family_id == family_id,
                family_members.c.role == role,
                family_members.c.subject == subject,
            )
            .with_for_update()
        )
    ).first()
    if member is None:
        return None
    if member.confirmed_at is not None:
        return False
    await session.execute(
        update(family_members)
        .where(family_members.c.id == member.id)
        .values(confirmed_at=func.now())
    )
    return True


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


async def case_of(session: AsyncSession, family_id: UUID) -> dict[str, Any] | None:
    row = (await session.execute(select(cases).where(cases.c.family_id == family_id))).first()
    return dict(row._mapping) if row else None


async def get_case(
    session: AsyncSession, case_id: UUID, *, lock: bool = False
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


async def responsibility_history(session: AsyncSession, case_id: UUID) -> list[dict[str, Any]]:
    query = (
        select(responsibilities)
        .where(responsibilities.c.case_id == case_id)
        .order_by(responsibilities.c.since, responsibilities.c.until.nulls_last())
    )
    return [dict(row._mapping) for row in await session.execute(query)]


async def consented_members(session: AsyncSession, case_id: UUID, scope: str = "case") -> set[UUID]:
    """Members holding a consent in force of the given scope."""
    query = select(consents.c.member).where(
        consents.c.case_id == case_id, consents.c.scope == scope, consents.c.withdrawn_at.is_(None)
    )
    return set((await session.scalars(query)).all())


async def insert_consent(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(insert(consents).values(**values))


async def withdraw_consent(session: AsyncSession, *, case_id: UUID, consent_id: UUID) -> str | None:
    """Withdraw a consent in force; its scope, or None if there was none."""
    scope: str | None = await session.scalar(
        update(consents)
        .where(
            consents.c.id == consent_id,
            consents.c.case_id == case_id,
            consents.c.withdrawn_at.is_(None),
        )
        .values(withdrawn_at=func.now())
        .returning(consents.c.scope)
    )
    return scope


async def log_access(
    session: AsyncSession, *, actor: UUID, family_id: UUID, action: str, purpose: str, allowed: bool
) -> None:
    await session.execute(
        insert(access_log).values(
            actor=actor, family_id=family_id, action=action, purpose=purpose, allowed=allowed
        )
    )


async def access_entries(session: AsyncSession, family_id: UUID) -> list[dict[str, Any]]:
    query = (
        select(access_log)
        .where(access_log.c.family_id == family_id)
        .order_by(access_log.c.at.desc(), access_log.c.id.desc())
    )
    return [dict(row._mapping) for row in await session.execute(query)]


async def family_language(session: AsyncSession, family_id: UUID) -> str | None:
    found: str | None = await session.scalar(
        select(families.c.language).where(families.c.id == family_id)
    )
    return found


async def add_network_member(
    session: AsyncSession, *, case_id: UUID, member: UUID, kind: str, added_by: UUID
) -> None:
    await session.execute(
        pg_insert(network_members)
        .values(case_id=case_id, member=member, kind=kind, added_by=added_by)
        .on_conflict_do_nothing()
    )


async def network_of(session: AsyncSession, case_id: UUID) -> list[dict[str, Any]]:
    query = (
        select(network_members)
        .where(network_members.c.case_id == case_id)
        .order_by(network_members.c.added_at)
    )
    return [dict(row._mapping) for row in await session.execute(query)]
