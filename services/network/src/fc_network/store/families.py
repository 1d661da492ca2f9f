"""SQL of families and their members, and of the revision their snapshots are numbered by."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from uuid import UUID, uuid4

from sqlalchemy import Row, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain.families import FamilyMember, MemberRole, NewMember
from fc_network.store.tables import families, family_members


def _member(row: Row[tuple[object, ...]]) -> FamilyMember:
    return FamilyMember(
        id=row.id,
        family_id=row.family_id,
        role=MemberRole(row.role),
        subject=row.subject,
        name=row.name,
        birth_date=row.birth_date,
        email=row.email,
        phone=row.phone,
        address=row.address,
        non_disclosure=row.non_disclosure,
        confirmed_at=row.confirmed_at,
    )


async def insert_family(
    session: AsyncSession,
    *,
    family_id: UUID,
    created_by: UUID,
    language: str,
    members: Sequence[NewMember],
) -> None:
    await session.execute(
        insert(families).values(id=family_id, created_by=created_by, language=language)
    )
    await session.execute(
        insert(family_members),
        [{**asdict(member), "id": uuid4(), "family_id": family_id} for member in members],
    )


async def members_of(session: AsyncSession, family_id: UUID) -> list[FamilyMember]:
    query = (
        select(family_members)
        .where(family_members.c.family_id == family_id)
        .order_by(family_members.c.role.desc(), family_members.c.name)
    )
    return [_member(row) for row in await session.execute(query)]


async def families_of_guardian(session: AsyncSession, subject: UUID) -> list[UUID]:
    """The families `subject` is a confirmed guardian of, oldest first."""
    query = (
        select(family_members.c.family_id)
        .join(families, families.c.id == family_members.c.family_id)
        .where(
            family_members.c.subject == subject,
            family_members.c.role == MemberRole.GUARDIAN,
            family_members.c.confirmed_at.is_not(None),
        )
        .order_by(families.c.created_at, families.c.id)
    )
    return list((await session.scalars(query)).all())


async def family_language(session: AsyncSession, family_id: UUID) -> str | None:
    found: str | None = await session.scalar(
        select(families.c.language).where(families.c.id == family_id)
    )
    return found


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
    session: AsyncSession, *, family_id: UUID, role: MemberRole, subject: UUID
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
