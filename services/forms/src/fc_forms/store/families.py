"""The families replica's SQL: FamilyChanged snapshots from the network service, newest
revision wins."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain.families import ChildRecord
from fc_forms.store.tables import families, family_children, family_guardians


async def put_family(
    session: AsyncSession,
    *,
    family_id: UUID,
    revision: int,
    guardians: Sequence[UUID],
    children: Sequence[ChildRecord],
) -> bool:
    """Replace what is known of the family with a newer snapshot; False (and nothing
    changes) when the one held is as new or newer. The upsert locks the family's row, so
    two snapshots of one family are applied one after the other."""
    statement = pg_insert(families).values(family_id=family_id, revision=revision)
    applied = await session.scalar(
        statement.on_conflict_do_update(
            index_elements=[families.c.family_id],
            set_={"revision": statement.excluded.revision, "updated_at": func.now()},
            where=families.c.revision < statement.excluded.revision,
        ).returning(families.c.family_id)
    )
    if applied is None:
        return False
    await _replace_members(session, family_id, guardians, children)
    return True


async def _replace_members(
    session: AsyncSession,
    family_id: UUID,
    guardians: Sequence[UUID],
    children: Sequence[ChildRecord],
) -> None:
    await session.execute(delete(family_guardians).where(family_guardians.c.family_id == family_id))
    await session.execute(delete(family_children).where(family_children.c.family_id == family_id))
    if guardians:
        await session.execute(
            insert(family_guardians),
            [{"family_id": family_id, "guardian": guardian} for guardian in set(guardians)],
        )
    for child in children:
        # A child moved from another family's record keeps its id: the newer word wins.
        row = pg_insert(family_children).values(
            family_id=family_id, child_id=child.child_id, subject=child.subject
        )
        await session.execute(
            row.on_conflict_do_update(
                index_elements=[family_children.c.child_id],
                set_={"family_id": family_id, "subject": row.excluded.subject},
            )
        )


async def children_of(session: AsyncSession, subject: UUID) -> frozenset[UUID]:
    """The children the sign-in acts for: those of the families it is a confirmed guardian
    of, and a youth's own record (the child naming it as its subject)."""
    guarded = select(family_guardians.c.family_id).where(family_guardians.c.guardian == subject)
    rows = await session.scalars(
        select(family_children.c.child_id).where(
            or_(family_children.c.family_id.in_(guarded), family_children.c.subject == subject)
        )
    )
    return frozenset(rows)
