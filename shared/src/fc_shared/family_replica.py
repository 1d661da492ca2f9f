"""A service's replica of who acts for whom, from network's FamilyChanged snapshots.

Several services need the same answers (which guardians manage a child, which child is a
youth's own record), so the tables and their SQL are declared once here and each service
keeps the rows in its own database: pseudonymous ids only, never a name. A service that
needs more of each child (booking's age rules need the birth date) adds its own columns to
`family_children` and hands their values in `ReplicaChild.details`.
A newer `revision` replaces the whole family; an older or repeated snapshot changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_shared.events.network import FamilyChanged


@dataclass(frozen=True, slots=True)
class ReplicaChild:
    """A child as the replica keeps it: its id and, for a youth, their own sign-in;
    `details` holds the values of the service's own columns, by column name."""

    child_id: UUID
    subject: UUID | None = None
    details: Mapping[str, object] = field(default_factory=dict)


_CHILD_IDS = frozenset({"child_id", "family_id", "subject"})


@dataclass(frozen=True, slots=True)
class FamilyReplica:
    """The three tables of the replica in one service's metadata."""

    families: Table
    guardians: Table
    children: Table


def family_replica_tables(metadata: MetaData, *child_columns: Column[Any]) -> FamilyReplica:
    """The replica's tables; `child_columns` are what this service keeps of each child
    besides the ids (its migrations create them, as they create the rest)."""
    families = Table(
        "families",
        metadata,
        Column("family_id", postgresql.UUID(as_uuid=True), primary_key=True),
        Column("revision", Integer, nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )
    guardians = Table(
        "family_guardians",
        metadata,
        Column(
            "family_id",
            postgresql.UUID(as_uuid=True),
            ForeignKey("families.family_id"),
            primary_key=True,
        ),
        Column(
            "guardian", postgresql.UUID(as_uuid=True), primary_key=True
        ),  # confirmed guardians only
        Index("family_guardians_by_guardian", "guardian"),
    )
    children = Table(
        "family_children",
        metadata,
        Column("child_id", postgresql.UUID(as_uuid=True), primary_key=True),
        Column(
            "family_id",
            postgresql.UUID(as_uuid=True),
            ForeignKey("families.family_id"),
            nullable=False,
        ),
        Column("subject", postgresql.UUID(as_uuid=True)),  # a youth's own sign-in, if they have one
        *child_columns,
        Index("family_children_by_family", "family_id"),
        Index("family_children_by_subject", "subject"),
    )
    return FamilyReplica(families, guardians, children)


async def put_family(
    session: AsyncSession,
    replica: FamilyReplica,
    *,
    family_id: UUID,
    revision: int,
    guardians: Sequence[UUID],
    children: Sequence[ReplicaChild],
) -> bool:
    """Replace what is known of the family with a newer snapshot; False (and nothing
    changes) when the one held is as new or newer. The upsert locks the family's row, so
    two snapshots of one family are applied one after the other."""
    statement = pg_insert(replica.families).values(family_id=family_id, revision=revision)
    applied = await session.scalar(
        statement.on_conflict_do_update(
            index_elements=[replica.families.c.family_id],
            set_={"revision": statement.excluded.revision, "updated_at": func.now()},
            where=replica.families.c.revision < statement.excluded.revision,
        ).returning(replica.families.c.family_id)
    )
    if applied is None:
        return False
    await _replace_members(session, replica, family_id, guardians, children)
    return True


async def put_snapshot(session: AsyncSession, replica: FamilyReplica, event: FamilyChanged) -> bool:
    """Keep a FamilyChanged snapshot as it comes, ids only (a service that keeps more of
    each child, as booking does, calls `put_family` with its details instead)."""
    return await put_family(
        session,
        replica,
        family_id=event.family_id,
        revision=event.revision,
        guardians=event.guardians,
        children=[ReplicaChild(child.child_id, child.subject) for child in event.children],
    )


async def _replace_members(
    session: AsyncSession,
    replica: FamilyReplica,
    family_id: UUID,
    guardians: Sequence[UUID],
    children: Sequence[ReplicaChild],
) -> None:
    await session.execute(
        delete(replica.guardians).where(replica.guardians.c.family_id == family_id)
    )
    await session.execute(delete(replica.children).where(replica.children.c.family_id == family_id))
    if guardians:
        await session.execute(
            insert(replica.guardians),
            [{"family_id": family_id, "guardian": guardian} for guardian in set(guardians)],
        )
    # The service's own columns are replaced with the rest: a value the snapshot leaves out
    # becomes the column's default, not what an older snapshot said.
    own = [column.name for column in replica.children.c if column.name not in _CHILD_IDS]
    for child in children:
        # A child moved from another family's record keeps its id: the newer word wins.
        row = pg_insert(replica.children).values(
            family_id=family_id, child_id=child.child_id, subject=child.subject, **child.details
        )
        await session.execute(
            row.on_conflict_do_update(
                index_elements=[replica.children.c.child_id],
                set_={
                    "family_id": family_id,
                    "subject": row.excluded.subject,
                    **{name: row.excluded[name] for name in own},
                },
            )
        )


async def guardians_of_children(
    session: AsyncSession, replica: FamilyReplica, children: Iterable[UUID]
) -> frozenset[UUID]:
    """The confirmed guardians of the families these children belong to."""
    wanted = list(children)
    if not wanted:
        return frozenset()
    families = select(replica.children.c.family_id).where(replica.children.c.child_id.in_(wanted))
    rows = await session.scalars(
        select(replica.guardians.c.guardian).where(replica.guardians.c.family_id.in_(families))
    )
    return frozenset(rows)


async def guardians_of_family(
    session: AsyncSession, replica: FamilyReplica, family_id: UUID
) -> frozenset[UUID]:
    rows = await session.scalars(
        select(replica.guardians.c.guardian).where(replica.guardians.c.family_id == family_id)
    )
    return frozenset(rows)
