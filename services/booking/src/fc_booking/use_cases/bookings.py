"""Booking a place (confirmed, or queued when full), a family's and a calendar's bookings, and
who may see one. `stage_slot_booked` is the one place a SlotBooked event is staged."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain import access, calendar, holds, waitlist
from fc_booking.domain.bookings import (
    Booking,
    BookingStatus,
    NewBooking,
    no_such_booking,
    no_such_slot,
)
from fc_booking.domain.participants import booked_as
from fc_booking.domain.slots import Slot, check_bookable
from fc_booking.settings import BookingSettings, booking_settings
from fc_booking.store import bookings as store
from fc_booking.store import resources as resource_store
from fc_booking.store import slots as slot_store
from fc_booking.store import waitlist as waitlist_store
from fc_booking.use_cases.access_log import log_bookings_seen, refused_on_bookings
from fc_booking.use_cases.descriptions import calendar_url, described, public_place
from fc_booking.use_cases.participants import participant
from fc_booking.use_cases.resources import managed_resource, may_manage
from fc_shared.events import SlotBooked
from fc_shared.outbox import add_event
from fc_shared.principals import Principal
from fc_shared.settings import Settings


async def stage_slot_booked(
    session: AsyncSession,
    settings: Settings,
    slot: Slot,
    booking: Booking,
    *,
    session_count: int = 1,
    booking_id: UUID | None = None,
) -> None:
    """SlotBooked for a confirmed booking, saying in words what, where and with whom; a
    series booking is announced once, under its series booking's id (`booking_id`) with the
    first session's slot and the session count."""
    about = await described(session, settings, slot)
    # A series booking has no .ics of its own (its id is no booking's): no link for it.
    link = None
    if booking_id is None:
        link = await calendar_url(
            session, settings, booking_id=booking.id, resource_id=slot.resource_id
        )
    await add_event(
        session,
        settings,
        SlotBooked(
            booking_id=booking_id or booking.id,
            slot_id=slot.id,
            resource_id=slot.resource_id,
            booked_by=booking.booked_by,
            municipality_code=slot.municipality_code,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            language=slot.language,
            audience=slot.audience,
            activity=slot.activity,
            series_id=slot.series_id,
            session_count=session_count,
            interpreter_language=booking.interpreter_language,
            booked_as=booking.booked_as,
            child_ids=booking.child_ids,
            activity_name=about.activity_name,
            place=public_place(about.place),
            organizer_name=about.organizer_name,
            calendar_url=link,
        ),
    )


async def locked_slot(
    session: AsyncSession, slot_id: UUID, *, now: datetime, as_series: bool = False
) -> Slot:
    slot = await slot_store.lock_slot(session, slot_id)
    if slot is None:
        raise no_such_slot()
    check_bookable(slot, now, as_series=as_series)
    return slot


async def take(
    session: AsyncSession,
    settings: BookingSettings,
    *,
    slot: Slot,
    principal: Principal,
    now: datetime,
    child_id: UUID | None = None,
    interpreter_language: str | None = None,
    join_waitlist: bool = True,
    hold: bool = False,
    series_booking_id: UUID | None = None,
) -> Booking:
    """A confirmed (or held) place for the caller (as who they book: guardian or youth) if
    one is free, else a place in the queue, else 409. The caller announces a confirmed place
    (`stage_slot_booked`)."""
    status = waitlist.status_of_new_booking(
        slot, join_waitlist=join_waitlist, hold=hold, in_series=series_booking_id is not None
    )
    new = NewBooking(
        id=uuid4(),
        slot_id=slot.id,
        booked_by=principal.subject,
        booked_as=booked_as(principal),
        status=status,
        child_id=child_id,
        interpreter_language=interpreter_language,
        series_booking_id=series_booking_id,
    )
    if status == BookingStatus.WAITLISTED:
        waited_behind = await waitlist_store.count_waitlisted(session, slot.id)
        new = replace(
            new,
            waited_behind=waited_behind,
            waitlist_position=await waitlist_store.next_waitlist_position(session),
        )
        booking = await store.insert_booking(session, new, slot)
        return replace(booking, queue_place=waited_behind + 1)  # the slot is locked: still true
    await slot_store.add_taken(session, slot.id, 1)
    if hold:
        new = replace(new, hold_expires_at=holds.expires_at(now, settings.booking_hold_seconds))
    return await store.insert_booking(session, new, slot)


async def book_slot(
    session: AsyncSession,
    settings: BookingSettings,
    principal: Principal,
    *,
    slot_id: UUID,
    child_id: UUID | None,
    child_birth_date: date | None,
    interpreter_language: str | None,
    join_waitlist: bool,
    now: datetime,
) -> Booking:
    """Book a place for oneself or one's child: confirmed, or queued when the slot is full."""
    slot = await locked_slot(session, slot_id, now=now)
    child = await participant(
        session, principal, slot, child_id, child_birth_date, today=now.date()
    )
    booking = await take(
        session,
        settings,
        slot=slot,
        principal=principal,
        now=now,
        child_id=child,
        interpreter_language=interpreter_language,
        join_waitlist=join_waitlist,
    )
    if booking.status == BookingStatus.CONFIRMED:
        await stage_slot_booked(session, settings, slot, booking)
    return booking


async def visible_booking(
    session: AsyncSession,
    principal: Principal,
    booking_id: UUID,
    *,
    action: str,
    lock: bool = False,
) -> tuple[Booking, bool]:
    """A booking the caller may see, and whether they see it as the resource's staff.

    A guardian sees their own bookings and those either guardian made for their children
    (a youth's bookings for themselves stay the youth's); staff see the bookings on resources
    they manage, and each time is in the family's access log (`action`, in the caller's
    transaction). Anyone else is refused (403), and that is in the family's log too
    (`{action}_refused`).
    """
    booking = await store.get_booking(session, booking_id, lock=lock)
    if booking is None:
        raise no_such_booking()
    if booking.booked_by == principal.subject or (
        access.is_family(principal)
        and await store.is_family_booking(session, booking_id, principal.subject)
    ):
        return booking, False
    resource = await resource_store.get_resource(session, booking.resource_id)
    if resource is not None and await may_manage(session, principal, resource):
        await log_bookings_seen(session, principal.subject, [booking], action=action)
        return booking, True
    raise refused_on_bookings(
        access.booking_not_theirs(),
        actor=principal.subject,
        action=f"{action}_refused",
        seen=[booking],
    )


async def list_bookings(
    session: AsyncSession, principal: Principal, *, resource_id: UUID | None
) -> list[Booking]:
    """A family's own bookings; with `resource_id`, the bookings on a calendar one manages
    (each of them then in its family's access log)."""
    if resource_id is not None:
        await managed_resource(session, principal, resource_id)
        found = await store.list_bookings(session, resource_ids=[resource_id])
        await log_bookings_seen(session, principal.subject, found, action="list")
        return found
    if access.is_family(principal):
        return await store.list_bookings(session, family_of=principal.subject)
    raise access.staff_list_per_resource()


async def read_booking(
    session: AsyncSession, principal: Principal, booking_id: UUID
) -> tuple[Booking, str]:
    """The booking and its version (for an ETag)."""
    booking, _ = await visible_booking(session, principal, booking_id, action="read")
    return booking, await store.booking_version(session, booking_id)


async def booking_calendar(
    session: AsyncSession, settings: Settings, principal: Principal, booking_id: UUID
) -> bytes:
    """The booking as an .ics: what, where and with whom as its events say it."""
    booking, _ = await visible_booking(session, principal, booking_id, action="read_ics")
    return await _ics_of(session, settings, booking)


async def signed_booking_calendar(
    session: AsyncSession, settings: Settings, *, booking_id: UUID, signature: str
) -> bytes:
    """The booking's .ics for the holder of its signed link (from a letter), with no login:
    the same file as `booking_calendar`. A wrong signature is answered as an unknown booking,
    so the link says nothing of which bookings exist."""
    booking = await store.get_booking(session, booking_id)
    resource = await resource_store.get_resource(session, booking.resource_id) if booking else None
    if (
        booking is None
        or resource is None
        or not calendar.booking_signature_valid(resource.feed_key, booking_id, signature)
    ):
        raise no_such_booking()
    return await _ics_of(session, settings, booking)


async def _ics_of(session: AsyncSession, settings: Settings, booking: Booking) -> bytes:
    about = await described(session, settings, booking)
    email = booking_settings(settings).booking_organizer_email
    return calendar.booking_calendar(calendar.booking_entry(booking, about, organizer_email=email))
