"""Slots: placing one, finding bookable ones (filtered, in pages), changing the capacity."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, date, datetime, time
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from fc_booking import access, domain, places, store
from fc_booking.access import Staff
from fc_booking.availability import HELSINKI
from fc_booking.domain import Activity, Audience, ResourceKind
from fc_booking.offerings import overlaps_refused, place
from fc_booking.schemas import CapacityIn, Slot, SlotIn, SlotPage
from fc_shared.etags import IfMatch, etag, require_if_match
from fc_shared.problems import Problem
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["slots"])

LAST_DATE = date(2100, 1, 1)


@router.post("/slots", status_code=201)
async def create_slot(body: SlotIn, principal: Staff, context: Context) -> Slot:
    domain.check_slot(
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        capacity=body.capacity,
        now=datetime.now(UTC),
    )
    with overlaps_refused():
        async with context.transaction() as session:
            resource = await access.managed_resource(
                session, principal, body.resource_id, unknown_status=422
            )
            [row] = await place(
                session,
                principal,
                resource=resource,
                offering=body,
                times=[(body.starts_at, body.ends_at)],
            )
    return Slot(**row, booked_count=0)


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


@router.get("/slots")
async def find_slots(
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
    if from_date and to_date and to_date < from_date:
        raise Problem(422, "End before start", "`to` is before `from`.")
    now = datetime.now(UTC)
    starts_from = max(now, datetime.combine(from_date, time(), HELSINKI)) if from_date else now
    starts_before = (
        datetime.combine(date.fromordinal(to_date.toordinal() + 1), time(), HELSINKI)
        if to_date
        else None
    )
    async with context.sessions() as session:
        rows = await store.search_slots(
            session,
            municipality_code=municipality,
            resource_kind=resource_kind,
            resource_id=resource_id,
            service_id=service_id,
            audience=audience,
            language=language,
            activity=activity,
            starts_from=starts_from,
            starts_before=starts_before,
            after=_after(cursor),
            limit=limit + 1,
        )
    items = [Slot(**row) for row in rows[:limit]]
    return SlotPage(items=items, next_cursor=_cursor(items[-1]) if len(rows) > limit else None)


@router.get("/slots/{slot_id}")
async def get_slot(slot_id: UUID, context: Context, response: Response) -> Slot:
    """The slot, with an `ETag` to send back in `If-Match` when changing it."""
    async with context.sessions() as session:
        row = await store.get_slot(session, slot_id)
        if row is None:
            raise Problem(404, "Not Found", "No such slot.")
        response.headers["ETag"] = etag(await store.slot_version(session, slot_id))
    return Slot(**row)


@router.put("/slots/{slot_id}/capacity")
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
        slot = await store.lock_slot(session, slot_id)
        if slot is None:
            raise Problem(404, "Not Found", "No such slot.")
        await access.managed_resource(session, principal, slot["resource_id"])
        require_if_match(if_match, await store.slot_version(session, slot_id))
        domain.check_capacity_change(capacity=body.capacity, taken=slot["booked_count"])
        await store.set_capacity(session, slot_id, body.capacity)
        slot["capacity"] = body.capacity
        await places.promote(session, context.settings, slot=slot)
        response.headers["ETag"] = etag(await store.slot_version(session, slot_id))
    return Slot(**slot)
