"""The families replica: who acts for which child, and who may plan a network meeting for a
case's family, kept from the network service's snapshots (newest revision wins)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain.families import ChildRecord
from fc_booking.store import families as store


async def family_changed(
    session: AsyncSession,
    *,
    family_id: UUID,
    revision: int,
    guardians: Sequence[UUID],
    children: Sequence[ChildRecord],
) -> bool:
    """A snapshot replaces what booking knew, unless older; whether it did."""
    return await store.put_family(
        session, family_id=family_id, revision=revision, guardians=guardians, children=children
    )


async def case_team_changed(
    session: AsyncSession,
    *,
    case_id: UUID,
    family_id: UUID,
    revision: int,
    responsible: UUID | None,
    members: Sequence[UUID],
) -> bool:
    """Who may plan a network meeting for the case's family (a snapshot, as above)."""
    return await store.put_case_team(
        session,
        case_id=case_id,
        family_id=family_id,
        revision=revision,
        responsible=responsible,
        members=members,
    )
