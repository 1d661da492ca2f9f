"""Holds: a place kept while the family fills in the details, confirmed (over HTTP, or by the
registration form submitted for it) or given back; and the background sweep that gives back
the places of holds nobody confirmed in time."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain import holds as rules
from fc_booking.domain.bookings import Booking, BookingStatus
from fc_booking.domain.slots import Slot
from fc_booking.settings import BookingSettings, booking_settings
from fc_booking.store import bookings as store
from fc_booking.store import holds as hold_store
from fc_booking.store import slots as slot_store
from fc_booking.use_cases.bookings import locked_slot, stage_slot_booked, take
from fc_booking.use_cases.participants import participant
from fc_booking.use_cases.waitlist import release
from fc_shared.principals import Principal, Role
from fc_shared.service import ServiceContext
from fc_shared.settings import Settings

log = structlog.get_logger(__name__)
SWEEP_BATCH = 50


async def hold_slot(
    session: AsyncSession,
    settings: BookingSettings,
    principal: Principal,
    *,
    slot_id: UUID,
    now: datetime,
) -> Booking:
    """Keep a place for a short while; it is given back by itself unless confirmed."""
    slot = await locked_slot(session, slot_id, now=now)
    if not principal.has_any(Role.GUARDIAN):
        await participant(session, principal, slot, None, today=now.date())  # youth only
    return await take(
        session,
        settings,
        slot=slot,
        principal=principal,
        now=now,
        hold=True,
    )


async def _own_hold(
    session: AsyncSession, principal: Principal, hold_id: UUID, now: datetime
) -> tuple[Slot, Booking]:
    found = rules.check_own(await store.get_booking(session, hold_id), principal.subject)
    slot = await slot_store.lock_slot(session, found.slot_id)
    hold = await store.get_booking(session, hold_id, lock=True)
    assert slot is not None
    assert hold is not None
    rules.check_usable(hold, now)
    return slot, hold


async def confirm_hold(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    *,
    hold_id: UUID,
    child_id: UUID | None,
    child_birth_date: date | None,
    interpreter_language: str | None,
    now: datetime,
) -> tuple[Booking, Slot]:
    slot, hold = await _own_hold(session, principal, hold_id, now)
    child = await participant(
        session,
        principal,
        slot,
        child_id,
        child_birth_date,
        today=now.date(),
        action="confirm_hold",
    )
    await store.confirm(session, hold_id, child_id=child, interpreter_language=interpreter_language)
    confirmed = replace(
        hold,
        status=BookingStatus.CONFIRMED,
        hold_expires_at=None,
        child_id=child,
        interpreter_language=interpreter_language,
    )
    await stage_slot_booked(session, settings, slot, confirmed)
    return confirmed, slot


async def confirm_hold_from_form(
    session: AsyncSession,
    settings: Settings,
    *,
    hold_id: UUID,
    submitted_by: UUID,
    submitted_at: datetime,
    now: datetime,
) -> bool:
    """A registration form's submission confirms the hold it carries (`rules.by_form`): for
    whom the hold was made, announced as over HTTP (SlotBooked). A hold the sweeper lapsed
    after the submission takes its place again if the place is still free; if the place went
    to someone else meanwhile it stays lapsed. Whether it was confirmed; anything else is
    logged (ids and the reason only) and changes nothing."""
    found = await store.get_booking(session, hold_id)
    # Locked as every writer locks: slot, then booking; then looked at again.
    slot = await slot_store.lock_slot(session, found.slot_id) if found else None
    hold = await store.get_booking(session, hold_id, lock=True) if found else None
    outcome = rules.by_form(hold, submitted_by=submitted_by, submitted_at=submitted_at)
    if slot and hold and outcome == rules.ByForm.RETAKE:
        outcome = await _retake(session, slot, hold, now=now)
    if not (slot and hold) or outcome not in (rules.ByForm.CONFIRM, rules.ByForm.RETAKE):
        log.info("form submission confirms no hold", hold_id=str(hold_id), reason=str(outcome))
        return False
    await store.confirm(
        session, hold_id, child_id=hold.child_id, interpreter_language=hold.interpreter_language
    )
    confirmed = replace(hold, status=BookingStatus.CONFIRMED, hold_expires_at=None)
    await stage_slot_booked(session, settings, slot, confirmed)
    return True


async def _retake(
    session: AsyncSession, slot: Slot, hold: Booking, *, now: datetime
) -> rules.ByForm:
    """The lapsed hold's place taken again (the slot is locked), or why not."""
    another = await hold_store.has_live_booking(
        session, slot_id=slot.id, booked_by=hold.booked_by, child_id=hold.child_id, but=hold.id
    )
    if not rules.may_retake(slot, now, owner_has_another=another):
        return rules.ByForm.PLACE_GONE
    await slot_store.add_taken(session, slot.id, 1)
    return rules.ByForm.RETAKE


async def release_hold(
    session: AsyncSession, settings: Settings, principal: Principal, *, hold_id: UUID, now: datetime
) -> None:
    slot, hold = await _own_hold(session, principal, hold_id, now)
    await release(session, settings, slot=slot, booking=hold, status=BookingStatus.LAPSED, now=now)


async def release_lapsed_hold(
    session: AsyncSession, settings: Settings, *, hold_id: UUID, slot_id: UUID, now: datetime
) -> bool:
    """Give back the place of one hold nobody confirmed in time (one hold per transaction:
    holding several slots' locks at once could deadlock with a reschedule). False when it
    was confirmed or released meanwhile."""
    slot = await slot_store.lock_slot(session, slot_id)
    hold = await store.get_booking(session, hold_id, lock=True)
    if slot is None or hold is None or not rules.has_lapsed(hold, now):
        return False
    await release(session, settings, slot=slot, booking=hold, status=BookingStatus.LAPSED, now=now)
    return True


async def sweep_lapsed_holds_once(context: ServiceContext) -> int:
    """One round of the sweep: up to SWEEP_BATCH lapsed holds given back, each in its own
    transaction; how many there were."""
    async with context.sessions() as session:
        lapsed = await hold_store.lapsed_holds(session, limit=SWEEP_BATCH)
    for hold_id, slot_id in lapsed:
        async with context.transaction() as session:
            await release_lapsed_hold(
                session,
                context.settings,
                hold_id=hold_id,
                slot_id=slot_id,
                now=datetime.now(UTC),
            )
    return len(lapsed)


async def sweep_holds_forever(context: ServiceContext) -> None:
    pause = booking_settings(context.settings).booking_sweep_seconds
    while True:
        try:
            released = await sweep_lapsed_holds_once(context)
            if released:
                log.info("lapsed holds released", count=released)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # database down: the holds wait for the next round
            log.warning("hold sweep failed", error=repr(error))
        await asyncio.sleep(pause)
