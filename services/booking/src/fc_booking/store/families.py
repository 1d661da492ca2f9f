"""Booking's reads of the families replica (fc_shared.family_replica keeps it; booking adds
each child's birth date) and its case teams: snapshots from the network service, newest
revision wins."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain.families import CaseTeam, Child, ChildRecord
from fc_booking.store.tables import case_team_members, case_teams, family_children, family_replica
from fc_shared import family_replica as replica


async def put_family(
    session: AsyncSession,
    *,
    family_id: UUID,
    revision: int,
    guardians: Sequence[UUID],
    children: Sequence[ChildRecord],
) -> bool:
    """Replace what is known of the family with a newer snapshot; False (and nothing
    changes) when the one held is as new or newer."""
    return await replica.put_family(
        session,
        family_replica,
        family_id=family_id,
        revision=revision,
        guardians=guardians,
        children=[
            replica.ReplicaChild(
                child_id=child.child_id,
                subject=child.subject,
                details={"birth_date": child.birth_date},
            )
            for child in children
        ],
    )


async def put_case_team(
    session: AsyncSession,
    *,
    case_id: UUID,
    family_id: UUID,
    revision: int,
    responsible: UUID | None,
    members: Sequence[UUID],
) -> bool:
    statement = pg_insert(case_teams).values(
        case_id=case_id, family_id=family_id, revision=revision, responsible=responsible
    )
    applied = await session.scalar(
        statement.on_conflict_do_update(
            index_elements=[case_teams.c.case_id],
            set_={"family_id": family_id, "revision": revision, "responsible": responsible},
            where=case_teams.c.revision < statement.excluded.revision,
        ).returning(case_teams.c.case_id)
    )
    if applied is None:
        return False
    await session.execute(delete(case_team_members).where(case_team_members.c.case_id == case_id))
    if members:
        await session.execute(
            insert(case_team_members),
            [{"case_id": case_id, "member": member} for member in set(members)],
        )
    return True


async def child(session: AsyncSession, child_id: UUID) -> Child | None:
    """The child's record and the confirmed guardians of its family."""
    row = (
        await session.execute(select(family_children).where(family_children.c.child_id == child_id))
    ).first()
    if row is None:
        return None
    return Child(
        child_id=row.child_id,
        family_id=row.family_id,
        birth_date=row.birth_date,
        subject=row.subject,
        guardians=tuple(await guardians_of(session, row.family_id)),
    )


async def children_by_subject(session: AsyncSession, subject: UUID) -> list[ChildRecord]:
    """The child records naming this sign-in subject; two at most, which is enough for
    `domain.participants.youths_own_record` to tell one from several."""
    rows = await session.execute(
        select(family_children.c.child_id, family_children.c.birth_date, family_children.c.subject)
        .where(family_children.c.subject == subject)
        .order_by(family_children.c.child_id)
        .limit(2)
    )
    return [ChildRecord(**row._asdict()) for row in rows]


async def guardians_of(session: AsyncSession, family_id: UUID) -> list[UUID]:
    """The family's confirmed guardians, in PostgreSQL's order of uuids (which is Python's)."""
    return sorted(await replica.guardians_of_family(session, family_replica, family_id))


async def case_team(session: AsyncSession, case_id: UUID) -> CaseTeam | None:
    """The case's family, responsible person and consented members."""
    row = (await session.execute(select(case_teams).where(case_teams.c.case_id == case_id))).first()
    if row is None:
        return None
    members = await session.scalars(
        select(case_team_members.c.member).where(case_team_members.c.case_id == case_id)
    )
    return CaseTeam(
        case_id=row.case_id,
        family_id=row.family_id,
        responsible=row.responsible,
        members=tuple(members),
    )
