"""Series: a weekly peer group or a family-school course, booked and cancelled as one, with
one event each way."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain import series as rules
from fc_booking.domain.bookings import Booking
from fc_booking.domain.descriptions import Description
from fc_booking.domain.slots import Slot
from fc_booking.settings import BookingSettings
from fc_booking.store import bookings as store
from fc_booking.store import slots as slot_store
from fc_booking.use_cases.access_log import log_bookings_seen
from fc_booking.use_cases.bookings import stage_slot_booked, take, visible_booking
from fc_booking.use_cases.cancellations import cancel_one
from fc_booking.use_cases.descriptions import described, public_place
from fc_booking.use_cases.participants import participant
from fc_shared.events import BookingCancelled
from fc_shared.outbox import add_event
from fc_shared.principals import Principal
from fc_shared.settings import Settings


async def book_series(
    session: AsyncSession,
    settings: BookingSettings,
    principal: Principal,
    *,
    series_id: UUID,
    child_id: UUID | None,
    child_birth_date: date | None,
    interpreter_language: str | None,
    now: datetime,
) -> tuple[UUID, list[Booking]]:
    """Every future session of the series, all or nothing, with one confirmation: the
    series booking's id and its sessions' bookings."""
    slots = rules.sessions_to_book(
        await slot_store.lock_slots(session, await slot_store.series_slot_ids(session, series_id)),
        now,
    )
    child = await participant(
        session,
        principal,
        slots[0],
        child_id,
        child_birth_date,
        today=now.date(),
        action="book_series",
    )
    return await _book_sessions(
        session, settings, slots, principal, child, interpreter_language, now
    )


async def _book_sessions(
    session: AsyncSession,
    settings: BookingSettings,
    slots: Sequence[Slot],
    principal: Principal,
    child: UUID | None,
    interpreter_language: str | None,
    now: datetime,
) -> tuple[UUID, list[Booking]]:
    series_booking_id = uuid4()
    booked = [
        await take(
            session,
            settings,
            slot=slot,
            principal=principal,
            now=now,
            child_id=child,
            interpreter_language=interpreter_language,
            series_booking_id=series_booking_id,
        )
        for slot in slots
    ]
    # One confirmation for the whole series, under the series booking's id.
    await stage_slot_booked(
        session,
        settings,
        slots[0],
        booked[0],
        session_count=len(slots),
        booking_id=series_booking_id,
    )
    return series_booking_id, booked


async def _visible_series(
    session: AsyncSession, principal: Principal, series_booking_id: UUID, action: str
) -> tuple[list[Booking], bool]:
    found = await store.series_booking(session, series_booking_id)
    rules.check_found(found)
    _, by_staff = await visible_booking(session, principal, found[0].id, action=action)
    if by_staff:  # the first session is logged already; staff see every one of them
        await log_bookings_seen(session, principal.subject, found[1:], action=action)
    return found, by_staff


async def read_series_booking(
    session: AsyncSession, principal: Principal, series_booking_id: UUID
) -> list[Booking]:
    found, _ = await _visible_series(session, principal, series_booking_id, "read")
    return found


async def cancel_series_booking(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    *,
    series_booking_id: UUID,
    now: datetime,
) -> list[Booking]:
    """Every session still to come is given back together; one cancellation event."""
    found, by_staff = await _visible_series(session, principal, series_booking_id, "cancel")
    live = rules.sessions_to_cancel(found, now)
    slots = {s.id: s for s in await slot_store.lock_slots(session, [b.slot_id for b in live])}
    late = False
    for session_booking in live:
        booking = await store.get_booking(session, session_booking.id, lock=True)
        assert booking is not None
        cancelled = await cancel_one(
            session,
            settings,
            booking=booking,
            slot=slots[session_booking.slot_id],
            by_staff=by_staff,
            now=now,
        )
        late = late or bool(cancelled.late_cancellation)
    first = slots[live[0].slot_id]
    about = await described(session, settings, first)
    await add_event(
        session,
        settings,
        _series_cancelled(series_booking_id, live[0], first, about, late=late, by_staff=by_staff),
    )
    return await store.series_booking(session, series_booking_id)


def _series_cancelled(
    series_booking_id: UUID,
    first: Booking,
    slot: Slot,
    about: Description,
    *,
    late: bool,
    by_staff: bool,
) -> BookingCancelled:
    """One event for the series booking, with its first session still to come."""
    return BookingCancelled(
        booking_id=series_booking_id,
        slot_id=slot.id,
        resource_id=slot.resource_id,
        booked_by=first.booked_by,
        municipality_code=slot.municipality_code,
        starts_at=slot.starts_at,
        late=late,
        by_staff=by_staff,
        booked_as=first.booked_as,
        child_ids=first.child_ids,
        activity_name=about.activity_name,
        place=public_place(about.place),
        organizer_name=about.organizer_name,
    )
