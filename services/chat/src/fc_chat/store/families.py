"""The families replica (fc_shared.family_replica), as chat asks it: is this child one of
this guardian's?"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.store.tables import family_replica


async def is_guardian_of(session: AsyncSession, guardian: UUID, child: UUID) -> bool:
    children, guardians = family_replica.children, family_replica.guardians
    found = await session.scalar(
        select(children.c.child_id)
        .join(guardians, guardians.c.family_id == children.c.family_id)
        .where(children.c.child_id == child, guardians.c.guardian == guardian)
    )
    return found is not None
