"""The families replica: who acts for which child, kept from the network service's
FamilyChanged snapshots (newest revision wins; an older or repeated one changes nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.store.tables import family_replica
from fc_shared.family_replica import ReplicaChild, put_family


async def family_changed(
    session: AsyncSession,
    *,
    family_id: UUID,
    revision: int,
    guardians: Sequence[UUID],
    children: Sequence[ReplicaChild],
) -> bool:
    """A snapshot replaces what forms knew of the family, unless older; whether it did."""
    return await put_family(
        session,
        family_replica,
        family_id=family_id,
        revision=revision,
        guardians=guardians,
        children=children,
    )
