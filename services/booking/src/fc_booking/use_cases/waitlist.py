"""Giving back places, and serving the waitlist from them, inside the caller's transaction.

Every function here expects the slot's row to be locked already (`store.slots.lock_slot`):
all changes to one slot's places queue on that lock, so the count never passes the capacity
(the database's CHECK would refuse it anyway) and the waitlist is served in arrival order.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain import waitlist
from fc_booking.domain.bookings import TAKING_A_PLACE, Booking, BookingStatus, Cancellation
from fc_booking.domain.slots import Slot
from fc_booking.store import bookings as booking_store
from fc_booking.store import slots as slot_store
from fc_booking.store import waitlist as store
from fc_booking.use_cases.descriptions import calendar_url, described, public_place
from fc_shared.events import WaitlistPromoted
from fc_shared.outbox import add_event
from fc_shared.settings import Settings


async def release(
    session: AsyncSession,
    settings: Settings,
    *,
    slot: Slot,
    booking: Booking,
    status: BookingStatus,
    now: datetime,
    cancellation: Cancellation | None = None,
) -> Slot:
    """End a booking (cancelled, lapsed); a place it held goes to the head of the queue.
    The slot as it is now."""
    await booking_store.end(session, booking.id, status, cancellation)
    if booking.status not in TAKING_A_PLACE:
        return slot
    await slot_store.add_taken(session, slot.id, -1)
    return await promote(
        session, settings, slot=replace(slot, booked_count=slot.booked_count - 1), now=now
    )


async def promote(session: AsyncSession, settings: Settings, *, slot: Slot, now: datetime) -> Slot:
    """Fill free places from the waitlist, first come first served; the slot as it is now."""
    if not waitlist.may_promote(slot, now):
        return slot
    about = None
    while slot.has_room:
        waiting = await store.first_waitlisted(session, slot.id)
        if waiting is None:
            break
        await store.promote(session, waiting.booking_id)
        await slot_store.add_taken(session, slot.id, 1)
        slot = replace(slot, booked_count=slot.booked_count + 1)
        about = about or await described(session, settings, slot)
        await add_event(
            session,
            settings,
            WaitlistPromoted(
                booking_id=waiting.booking_id,
                slot_id=slot.id,
                resource_id=slot.resource_id,
                booked_by=waiting.booked_by,
                municipality_code=slot.municipality_code,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                waited_behind=waiting.waited_behind,
                booked_as=waiting.booked_as,
                child_ids=waiting.child_ids,
                activity_name=about.activity_name,
                place=public_place(about.place),
                organizer_name=about.organizer_name,
                calendar_url=await calendar_url(
                    session, settings, booking_id=waiting.booking_id, resource_id=slot.resource_id
                ),
            ),
        )
    return slot
