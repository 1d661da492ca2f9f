"""Cancelling a booking: the freed place goes to the first on the waitlist."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain import bookings as rules
from fc_booking.domain.bookings import Booking, BookingStatus
from fc_booking.domain.descriptions import Description
from fc_booking.domain.slots import Slot
from fc_booking.store import bookings as store
from fc_booking.store import slots as slot_store
from fc_booking.use_cases.bookings import visible_booking
from fc_booking.use_cases.descriptions import described, public_place
from fc_booking.use_cases.waitlist import release
from fc_shared.events import BookingCancelled
from fc_shared.outbox import add_event
from fc_shared.principals import Principal
from fc_shared.settings import Settings


def _cancelled_event(
    booking: Booking, cancelled: Booking, slot: Slot, about: Description, *, by_staff: bool
) -> BookingCancelled:
    return BookingCancelled(
        booking_id=booking.id,
        slot_id=slot.id,
        resource_id=slot.resource_id,
        booked_by=booking.booked_by,
        municipality_code=slot.municipality_code,
        starts_at=slot.starts_at,
        late=bool(cancelled.late_cancellation),
        by_staff=by_staff,
        was_waitlisted=booking.status == BookingStatus.WAITLISTED,
        booked_as=booking.booked_as,
        child_ids=booking.child_ids,
        activity_name=about.activity_name,
        place=public_place(about.place),
        organizer_name=about.organizer_name,
    )


async def cancel_one(
    session: AsyncSession,
    settings: Settings,
    *,
    booking: Booking,
    slot: Slot,
    by_staff: bool,
    now: datetime,
) -> Booking:
    """Cancel a live booking, its slot locked; the booking as cancelled."""
    cancellation = rules.cancellation(booking, by_staff=by_staff, now=now)
    await release(
        session,
        settings,
        slot=slot,
        booking=booking,
        status=BookingStatus.CANCELLED,
        now=now,
        cancellation=cancellation,
    )
    return replace(
        booking,
        status=BookingStatus.CANCELLED,
        cancelled_at=cancellation.cancelled_at,
        late_cancellation=cancellation.late_cancellation,
        cancelled_by_staff=cancellation.cancelled_by_staff,
    )


async def cancel_booking(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    *,
    booking_id: UUID,
    now: datetime,
) -> Booking:
    """Cancel; after the slot's deadline it is recorded as a late cancellation."""
    found, by_staff = await visible_booking(session, principal, booking_id, action="cancel")
    rules.check_cancelled_alone(found)
    slot = await slot_store.lock_slot(session, found.slot_id)
    booking = await store.get_booking(session, booking_id, lock=True)
    assert slot is not None
    assert booking is not None
    rules.check_unmoved(booking, slot.id)
    cancelled = await cancel_one(
        session, settings, booking=booking, slot=slot, by_staff=by_staff, now=now
    )
    about = await described(session, settings, slot)
    await add_event(
        session,
        settings,
        _cancelled_event(booking, cancelled, slot, about, by_staff=by_staff),
    )
    return cancelled
