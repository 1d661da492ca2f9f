"""Slots over HTTP: placing one, finding bookable ones (filtered, in pages), the capacity."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from fc_booking.api.calendar_schemas import CapacityIn, Slot, SlotIn, SlotPage
from fc_booking.api.common import now, overlaps_refused, settings_of
from fc_booking.domain.resources import ResourceKind
from fc_booking.domain.slots import Activity, Audience, SlotSearch, search_window
from fc_booking.use_cases import slots
from fc_shared.auth import Staff
from fc_shared.etags import IfMatch, etag
from fc_shared.problems import Problem
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["slots"])

LAST_DATE = date(2100, 1, 1)


@router.post("/slots", status_code=201, response_model=Slot)
async def create_slot(body: SlotIn, principal: Staff, context: Context) -> Slot:
    """Place one slot on a calendar one manages."""
    with overlaps_refused():
        async with context.transaction() as session:
            slot = await slots.create_slot(
                session,
                principal,
                resource_id=body.resource_id,
                offering=body.offering(),
                starts_at=body.starts_at,
                ends_at=body.ends_at,
                now=now(),
            )
    return Slot.of(slot)


def _cursor(row: Slot) -> str:
    raw = json.dumps([row.starts_at.isoformat(), str(row.id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _after(cursor: str | None) -> tuple[datetime, UUID] | None:
    if not cursor:
        return None
    try:
        starts_at, slot_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return datetime.fromisoformat(starts_at), UUID(slot_id)
    except (ValueError, TypeError, binascii.Error) as error:
        raise Problem(422, "Bad cursor", "Pass back the next_cursor of a previous page.") from error


@router.get("/slots", response_model=SlotPage)
async def find_slots(  # noqa: PLR0913 - one argument per query parameter
    context: Context,
    municipality: Annotated[str | None, Query(pattern=r"^\d{3}$")] = None,
    resource_kind: ResourceKind | None = None,
    resource_id: UUID | None = None,
    service_id: UUID | None = None,
    audience: Audience | None = None,
    activity: Activity | None = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None,
    from_date: Annotated[
        date | None, Query(alias="from", description="Helsinki date", le=LAST_DATE)
    ] = None,
    to_date: Annotated[
        date | None, Query(alias="to", description="Helsinki date, inclusive", le=LAST_DATE)
    ] = None,
    cursor: Annotated[str | None, Query(max_length=300)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> SlotPage:
    """Bookable slots from now on (or from `from`), in start order, one page at a time."""
    starts_from, starts_before = search_window(from_date, to_date, now())
    search = SlotSearch(
        starts_from=starts_from,
        starts_before=starts_before,
        municipality_code=municipality,
        resource_kind=resource_kind,
        resource_id=resource_id,
        service_id=service_id,
        audience=audience,
        language=language,
        activity=activity,
    )
    async with context.sessions() as session:
        found = await slots.find_slots(session, search, after=_after(cursor), limit=limit + 1)
    items = [Slot.of(slot) for slot in found[:limit]]
    return SlotPage(items=items, next_cursor=_cursor(items[-1]) if len(found) > limit else None)


@router.get("/slots/{slot_id}", response_model=Slot)
async def get_slot(slot_id: UUID, context: Context, response: Response) -> Slot:
    """The slot, with an `ETag` to send back in `If-Match` when changing it."""
    async with context.sessions() as session:
        slot, version = await slots.read_slot(session, slot_id)
    response.headers["ETag"] = etag(version)
    return Slot.of(slot)


@router.put("/slots/{slot_id}/capacity", response_model=Slot)
async def change_capacity(
    slot_id: UUID,
    body: CapacityIn,
    principal: Staff,
    context: Context,
    response: Response,
    if_match: IfMatch = None,
) -> Slot:
    """More places promote the waitlist at once; fewer than are taken is refused. `If-Match`
    (the slot's ETag) is required (428 without it): a change made on a stale read is refused
    (412) rather than lost."""
    async with context.transaction() as session:
        slot, version = await slots.change_capacity(
            session,
            settings_of(context),
            principal,
            slot_id=slot_id,
            capacity=body.capacity,
            if_match=if_match,
            now=now(),
        )
    response.headers["ETag"] = etag(version)
    return Slot.of(slot)
