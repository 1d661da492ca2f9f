"""Recurring availability over HTTP."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from fc_booking.api.calendar_schemas import Availability, AvailabilityIn, Slot
from fc_booking.api.common import now, overlaps_refused
from fc_booking.use_cases import availability
from fc_shared.auth import Staff
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["resources"])


@router.post("/resources/{resource_id}/availability", status_code=201, response_model=Availability)
async def add_availability(
    resource_id: UUID, body: AvailabilityIn, principal: Staff, context: Context
) -> Availability:
    """Recurring availability: the rule is expanded in Helsinki time, skipping public
    holidays, the resource's closures and the given dates, and stored as UTC slots."""
    with overlaps_refused():
        async with context.transaction() as session:
            rule_id, series_id, placed = await availability.add_availability(
                session,
                principal,
                resource_id=resource_id,
                offering=body.offering(),
                rule=body.rule(),
                now=now(),
            )
    return Availability(
        rule_id=rule_id, series_id=series_id, slots=[Slot.of(slot) for slot in placed]
    )
