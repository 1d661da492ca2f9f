"""Taking and giving back places on slots, with the waitlist, inside the caller's transaction.

Every function here expects the slot's row to be locked already (`store.lock_slot`): all
changes to one slot's places queue on that lock, so the count never passes the capacity (the
database's CHECK would refuse it anyway) and the waitlist is served in arrival order.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking import store
from fc_shared.events import SlotBooked, WaitlistPromoted
from fc_shared.outbox import add_event
from fc_shared.problems import Problem
from fc_shared.settings import Settings

Row = dict[str, Any]


def check_bookable(slot: Row, now: datetime, *, as_series: bool = False) -> None:
    if slot["starts_at"] <= now:
        raise Problem(409, "Slot has started", "The slot has already started or is over.")
    if slot["kind"] == "network_meeting":
        raise Problem(409, "Not bookable", "A network meeting is booked by its organiser.")
    if slot["series_id"] is not None and not as_series:
        raise Problem(
            409,
            "Part of a series",
            "This session belongs to a series, which is booked as a whole: "
            f"POST /v1/series/{slot['series_id']}/bookings.",
        )


def booked_event(slot: Row, booking: Row, *, session_count: int = 1) -> SlotBooked:
    return SlotBooked(
        booking_id=booking["id"],
        slot_id=slot["id"],
        resource_id=slot["resource_id"],
        booked_by=booking["booked_by"],
        municipality_code=slot["municipality_code"],
        starts_at=slot["starts_at"],
        ends_at=slot["ends_at"],
        language=slot["language"],
        audience=slot["audience"],
        activity=slot["activity"],
        series_id=slot["series_id"],
        session_count=session_count,
        interpreter_language=booking["interpreter_language"],
    )


async def take(
    session: AsyncSession,
    settings: Settings,
    *,
    slot: Row,
    booked_by: UUID,
    now: datetime,
    child_id: UUID | None = None,
    interpreter_language: str | None = None,
    join_waitlist: bool = True,
    hold: bool = False,
    series_booking_id: UUID | None = None,
    announce: bool = True,
) -> Row:
    """A confirmed (or held) place if one is free, else a place in the queue, else 409."""
    booking: Row = {
        "id": uuid4(),
        "slot_id": slot["id"],
        "booked_by": booked_by,
        "child_id": child_id,
        "interpreter_language": interpreter_language,
        "series_booking_id": series_booking_id,
    }
    if slot["booked_count"] < slot["capacity"]:
        await store.add_taken(session, slot["id"], 1)
        slot["booked_count"] += 1
        if hold:
            booking.update(
                status="held",
                hold_expires_at=now + timedelta(seconds=settings.booking_hold_seconds),
            )
        else:
            booking["status"] = "confirmed"
    elif join_waitlist and not hold and series_booking_id is None:
        waited_behind = await store.count_waitlisted(session, slot["id"])
        booking.update(
            status="waitlisted",
            waited_behind=waited_behind,
            waitlist_position=await store.next_waitlist_position(session),
        )
    else:
        raise Problem(409, "Slot full", "The slot is full.")
    await store.insert_booking(session, booking)
    if booking["status"] == "confirmed" and announce:
        await add_event(session, settings, booked_event(slot, booking))
    if booking["status"] == "waitlisted":
        booking["queue_place"] = booking["waited_behind"] + 1  # the slot is locked: still true
    return booking


async def release(
    session: AsyncSession,
    settings: Settings,
    *,
    slot: Row,
    booking: Row,
    status: str,
    values: Row | None = None,
) -> None:
    """End a booking (cancelled, lapsed); a place it held goes to the head of the queue."""
    await store.update_booking(session, booking["id"], {"status": status, **(values or {})})
    if booking["status"] in ("confirmed", "held"):
        await store.add_taken(session, slot["id"], -1)
        slot["booked_count"] -= 1
        await promote(session, settings, slot=slot)


async def promote(session: AsyncSession, settings: Settings, *, slot: Row) -> list[UUID]:
    """Fill free places from the waitlist, first come first served."""
    promoted: list[UUID] = []
    if slot["starts_at"] <= datetime.now(UTC):
        return promoted  # nobody is promoted into something already under way
    while slot["booked_count"] < slot["capacity"]:
        waiting = await store.first_waitlisted(session, slot["id"])
        if waiting is None:
            break
        await store.update_booking(session, waiting["id"], {"status": "confirmed"})
        await store.add_taken(session, slot["id"], 1)
        slot["booked_count"] += 1
        promoted.append(waiting["id"])
        await add_event(
            session,
            settings,
            WaitlistPromoted(
                booking_id=waiting["id"],
                slot_id=slot["id"],
                resource_id=slot["resource_id"],
                booked_by=waiting["booked_by"],
                municipality_code=slot["municipality_code"],
                starts_at=slot["starts_at"],
                ends_at=slot["ends_at"],
                waited_behind=waiting["waited_behind"] or 0,
            ),
        )
    return promoted


async def release_lapsed_hold(session: AsyncSession, settings: Settings, hold: Row) -> None:
    """Give back the place of one hold nobody confirmed in time (one hold per transaction:
    holding several slots' locks at once could deadlock with a reschedule)."""
    slot = await store.lock_slot(session, hold["slot_id"])
    booking = await store.get_booking(session, hold["id"], lock=True)
    if (
        slot is None
        or booking is None
        or booking["status"] != "held"
        or booking["hold_expires_at"] >= datetime.now(UTC)
    ):
        return  # confirmed or released meanwhile
    await release(session, settings, slot=slot, booking=booking, status="lapsed")
