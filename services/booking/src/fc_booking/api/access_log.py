"""A family's own access log over HTTP."""

from __future__ import annotations

from fastapi import APIRouter

from fc_booking.api.schemas import AccessLogEntry
from fc_booking.use_cases.access_log import entries_for
from fc_shared.auth import Family
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["bookings"])


@router.get("/access-log", response_model=list[AccessLogEntry])
async def my_access_log(principal: Family, context: Context) -> list[AccessLogEntry]:
    """Who on the staff read or changed this family's bookings (those the other guardian
    made for a shared child included) or looked at when the family is free, when and why."""
    async with context.sessions() as session:
        entries = await entries_for(session, principal.subject)
    return [AccessLogEntry.of(entry) for entry in entries]
