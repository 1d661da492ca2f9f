"""What forms asks of the families replica (fc_shared.family_replica keeps it from the
network service's FamilyChanged snapshots, newest revision wins)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.store.tables import family_replica

guardians, children = family_replica.guardians, family_replica.children


async def children_of(session: AsyncSession, subject: UUID) -> frozenset[UUID]:
    """The children the sign-in acts for: those of the families it is a confirmed guardian
    of, and a youth's own record (the child naming it as its subject)."""
    guarded = select(guardians.c.family_id).where(guardians.c.guardian == subject)
    rows = await session.scalars(
        select(children.c.child_id).where(
            or_(children.c.family_id.in_(guarded), children.c.subject == subject)
        )
    )
    return frozenset(rows)
