"""The families replica: who acts for which child, kept from the network service's
FamilyChanged snapshots (newest revision wins; an older or repeated one changes nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain.families import ChildRecord
from fc_forms.store import families as store


async def family_changed(
    session: AsyncSession,
    *,
    family_id: UUID,
    revision: int,
    guardians: Sequence[UUID],
    children: Sequence[ChildRecord],
) -> bool:
    """A snapshot replaces what forms knew of the family, unless older; whether it did."""
    return await store.put_family(
        session, family_id=family_id, revision=revision, guardians=guardians, children=children
    )
