"""What chat keeps of families (from network's FamilyChanged): which children are each
guardian's, so a guardian may chat on behalf of their own child and nobody else's."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.store.tables import family_replica
from fc_shared import family_replica as families
from fc_shared.events import FamilyChanged


async def family_changed(session: AsyncSession, event: FamilyChanged) -> None:
    await families.put_snapshot(session, family_replica, event)
