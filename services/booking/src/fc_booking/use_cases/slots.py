"""Slots: placing an offering at given times, finding bookable ones, changing the capacity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain import slots as rules
from fc_booking.domain.bookings import no_such_slot
from fc_booking.domain.helsinki import HELSINKI
from fc_booking.domain.resources import Resource
from fc_booking.domain.slots import Offering, Slot, SlotSearch
from fc_booking.store import availability as closure_store
from fc_booking.store import slots as store
from fc_booking.use_cases.resources import managed_resource
from fc_booking.use_cases.waitlist import promote
from fc_shared.etags import require_if_match
from fc_shared.principals import Principal
from fc_shared.refusals import Kind
from fc_shared.settings import Settings


async def place(
    session: AsyncSession,
    principal: Principal,
    *,
    resource: Resource,
    offering: Offering,
    times: Sequence[tuple[datetime, datetime]],
    now: datetime,
    rule_id: UUID | None = None,
    series_id: UUID | None = None,
) -> list[Slot]:
    """Insert one slot per (start, end); every check passes for all of them or none is made."""
    rules.check_ages(offering.min_age_years, offering.max_age_years)
    rules.check_places_activities(resource)
    placed = [
        rules.place_offering(
            principal,
            resource=resource,
            offering=offering,
            starts_at=starts_at,
            ends_at=ends_at,
            now=now,
            rule_id=rule_id,
            series_id=series_id,
        )
        for starts_at, ends_at in times
    ]
    # A rule's expansion already skipped closed days; a single slot is checked here.
    if rule_id is None:
        for slot, _ in placed:
            first = slot.starts_at.astimezone(HELSINKI).date()
            last = slot.ends_at.astimezone(HELSINKI).date()
            if await closure_store.closed_on(session, resource.id, first, last):
                raise rules.resource_closed()
    await store.insert_slots(session, [slot for slot, _ in placed])
    for _, override in placed:
        if override is not None:
            await store.insert_band_override(session, override)
    return [slot for slot, _ in placed]


async def create_slot(
    session: AsyncSession,
    principal: Principal,
    *,
    resource_id: UUID,
    offering: Offering,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
) -> Slot:
    rules.check_slot(starts_at=starts_at, ends_at=ends_at, capacity=offering.capacity, now=now)
    resource = await managed_resource(session, principal, resource_id, unknown=Kind.INVALID)
    [slot] = await place(
        session,
        principal,
        resource=resource,
        offering=offering,
        times=[(starts_at, ends_at)],
        now=now,
    )
    return slot


async def find_slots(
    session: AsyncSession, search: SlotSearch, *, after: tuple[datetime, UUID] | None, limit: int
) -> list[Slot]:
    return await store.search_slots(session, search, after=after, limit=limit)


async def read_slot(session: AsyncSession, slot_id: UUID) -> tuple[Slot, str]:
    """The slot and its version (for an ETag)."""
    slot = await store.get_slot(session, slot_id)
    if slot is None:
        raise no_such_slot()
    return slot, await store.slot_version(session, slot_id)


async def change_capacity(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    *,
    slot_id: UUID,
    capacity: int,
    if_match: str | None,
    now: datetime,
) -> tuple[Slot, str]:
    """More places promote the waitlist at once; fewer than are taken is refused. The slot
    as changed and its new version."""
    slot = await store.lock_slot(session, slot_id)
    if slot is None:
        raise no_such_slot()
    await managed_resource(session, principal, slot.resource_id)
    require_if_match(if_match, await store.slot_version(session, slot_id))
    rules.check_capacity_change(capacity=capacity, taken=slot.booked_count)
    await store.set_capacity(session, slot_id, capacity)
    slot = await promote(session, settings, slot=replace(slot, capacity=capacity), now=now)
    return slot, await store.slot_version(session, slot_id)
