"""Moving a confirmed booking to another slot in one transaction: the new place is taken and
the old one given back together, or neither happens."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain import access
from fc_booking.domain import bookings as rules
from fc_booking.domain.bookings import Booking
from fc_booking.domain.slots import Slot, check_bookable
from fc_booking.store import bookings as store
from fc_booking.store import slots as slot_store
from fc_booking.use_cases.access_log import refused_on_bookings
from fc_booking.use_cases.descriptions import calendar_url, described, public_place
from fc_booking.use_cases.participants import still_fits
from fc_booking.use_cases.waitlist import promote
from fc_shared.events import BookingRescheduled
from fc_shared.outbox import add_event
from fc_shared.principals import Principal
from fc_shared.settings import Settings


async def _familys_booking(
    session: AsyncSession, principal: Principal, booking_id: UUID
) -> Booking:
    found = await store.get_booking(session, booking_id)
    if found is None:
        raise rules.no_such_booking()
    if not await store.is_family_booking(session, booking_id, principal.subject):
        raise refused_on_bookings(
            access.not_the_familys(),
            actor=principal.subject,
            action="reschedule_refused",
            seen=[found],
        )
    return found


async def _lock_both(
    session: AsyncSession, found: Booking, to_slot_id: UUID
) -> tuple[Booking, Slot, Slot]:
    """Both slots locked (in id order), then the booking: still on the old one."""
    locked = {s.id: s for s in await slot_store.lock_slots(session, [found.slot_id, to_slot_id])}
    if to_slot_id not in locked:
        raise rules.no_such_slot()
    booking = await store.get_booking(session, found.id, lock=True)
    assert booking is not None
    rules.check_unmoved(booking, locked[found.slot_id].id)
    return booking, locked[found.slot_id], locked[to_slot_id]


async def reschedule_booking(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    *,
    booking_id: UUID,
    to_slot_id: UUID,
    now: datetime,
) -> Booking:
    found = await _familys_booking(session, principal, booking_id)
    rules.check_reschedule(found, to_slot_id)
    booking, old, new = await _lock_both(session, found, to_slot_id)
    rules.check_movable(booking)
    check_bookable(new, now)
    await still_fits(session, principal, booking, new, today=now.date())
    rules.check_room_to_move_to(new)
    await slot_store.add_taken(session, new.id, 1)
    await store.move(session, booking, new.id)
    await slot_store.add_taken(session, old.id, -1)
    await promote(session, settings, slot=replace(old, booked_count=old.booked_count - 1), now=now)
    about = await described(session, settings, new)
    await add_event(
        session,
        settings,
        BookingRescheduled(
            booking_id=booking_id,
            booked_by=booking.booked_by,
            from_slot_id=old.id,
            to_slot_id=new.id,
            resource_id=new.resource_id,
            municipality_code=new.municipality_code,
            previous_starts_at=old.starts_at,
            starts_at=new.starts_at,
            ends_at=new.ends_at,
            booked_as=booking.booked_as,
            child_ids=booking.child_ids,
            activity_name=about.activity_name,
            place=public_place(about.place),
            organizer_name=about.organizer_name,
            # Signed with the new slot's calendar's key: after a move to another calendar the
            # earlier letter's link no longer opens, this letter's does.
            calendar_url=await calendar_url(
                session, settings, booking_id=booking_id, resource_id=new.resource_id
            ),
        ),
    )
    moved = await store.get_booking(session, booking_id)
    assert moved is not None
    return moved
