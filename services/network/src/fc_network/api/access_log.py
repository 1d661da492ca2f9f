"""HTTP route of a family's access log: who has looked, changed or been refused."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from fc_network.api.family_schemas import AccessEntry
from fc_network.use_cases import access_log
from fc_shared.auth import CurrentPrincipal
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["families"])


@router.get("/families/{family_id}/access-log", response_model=list[AccessEntry])
async def who_has_looked(
    family_id: UUID, principal: CurrentPrincipal, context: Context
) -> list[AccessEntry]:
    """Every read of the family's data, change and refused attempt, newest first, for its
    confirmed guardians; anyone else's attempt is itself logged."""
    async with context.transaction() as session:
        entries = await access_log.who_has_looked(session, principal=principal, family_id=family_id)
    return [
        AccessEntry(
            actor=entry.actor,
            action=entry.action,
            purpose=entry.purpose,
            allowed=entry.allowed,
            at=entry.at,
        )
        for entry in entries
    ]
