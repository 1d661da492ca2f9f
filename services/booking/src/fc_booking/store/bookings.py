"""Bookings' SQL: a booking with what it shows of its slot, a family's bookings, changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Row, func, insert, literal_column, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain.bookings import Booking, BookingStatus, Cancellation, NewBooking
from fc_booking.domain.slots import Activity, Audience, Slot
from fc_booking.store.tables import bookings, family_children, family_guardians, slots
from fc_booking.store.waitlist import queue_place

SLOT_VIEW = [
    slots.c.resource_id,
    slots.c.starts_at,
    slots.c.ends_at,
    slots.c.activity,
    slots.c.title,
    slots.c.audience,
    slots.c.language,
    slots.c.municipality_code,
    slots.c.cancel_deadline_hours,
    slots.c.series_id,
]
BOOKING_VIEW = [*bookings.c, *SLOT_VIEW]


def booking_of(row: Row[*tuple[Any, ...]]) -> Booking:
    values = row._asdict()
    return Booking(
        **{
            **values,
            "status": BookingStatus(values["status"]),
            "activity": Activity(values["activity"]),
            "audience": Audience(values["audience"]),
        }
    )


async def insert_booking(session: AsyncSession, new: NewBooking, slot: Slot) -> Booking:
    """Store the booking; it comes back as read, with what it shows of its slot."""
    row = (
        await session.execute(insert(bookings).values(**asdict(new)).returning(*bookings.c))
    ).one()
    return booking_of_inserted(row, slot)


def booking_of_inserted(row: Row[*tuple[Any, ...]], slot: Slot) -> Booking:
    values = row._asdict()
    values["status"] = BookingStatus(values["status"])
    return Booking(
        **values,
        resource_id=slot.resource_id,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        activity=slot.activity,
        title=slot.title,
        audience=slot.audience,
        language=slot.language,
        municipality_code=slot.municipality_code,
        cancel_deadline_hours=slot.cancel_deadline_hours,
        series_id=slot.series_id,
    )


async def booking_version(session: AsyncSession, booking_id: UUID) -> str:
    """The booking row's version (`xmin`), for its ETag."""
    return str(
        await session.scalar(
            select(literal_column("xmin::text"))
            .select_from(bookings)
            .where(bookings.c.id == booking_id)
        )
    )


async def get_booking(
    session: AsyncSession, booking_id: UUID, *, lock: bool = False
) -> Booking | None:
    query = select(*BOOKING_VIEW, queue_place()) if not lock else select(*BOOKING_VIEW)
    query = query.join(slots, slots.c.id == bookings.c.slot_id).where(bookings.c.id == booking_id)
    if lock:
        query = query.with_for_update(of=bookings)
    row = (await session.execute(query)).first()
    return booking_of(row) if row else None


async def series_booking(session: AsyncSession, series_booking_id: UUID) -> list[Booking]:
    rows = await session.execute(
        select(*BOOKING_VIEW)
        .join(slots, slots.c.id == bookings.c.slot_id)
        .where(bookings.c.series_booking_id == series_booking_id)
        .order_by(slots.c.starts_at)
    )
    return [booking_of(row) for row in rows]


def _families_bookings(subject: UUID) -> ColumnElement[bool]:
    """The bookings `subject` sees as family: their own, those made for a child of a family
    they are a confirmed guardian of (whichever guardian booked), and, for a youth, those
    their guardians made for them. A youth's bookings for themselves name the youth's child
    record too, but stay the youth's: the guardians' part leaves out what the child booked."""
    for_guardian = (
        select(family_children.c.child_id)
        .join(family_guardians, family_guardians.c.family_id == family_children.c.family_id)
        .where(
            family_guardians.c.guardian == subject,
            or_(
                family_children.c.subject.is_(None),
                family_children.c.subject != bookings.c.booked_by,
            ),
        )
        .correlate(bookings)
    )
    # As `domain.participants.youths_own_record`: a subject named by two child records is
    # nobody's child.
    naming = (
        select(func.count())
        .select_from(family_children)
        .where(family_children.c.subject == subject)
        .scalar_subquery()
    )
    for_youth = select(family_children.c.child_id).where(
        family_children.c.subject == subject, naming == 1
    )
    return or_(
        bookings.c.booked_by == subject,
        bookings.c.child_id.in_(for_guardian),
        bookings.c.child_id.in_(for_youth),
    )


async def list_bookings(
    session: AsyncSession,
    *,
    family_of: UUID | None = None,
    resource_ids: Sequence[UUID] | None = None,
) -> list[Booking]:
    query = (
        select(*BOOKING_VIEW, queue_place())
        .join(slots, slots.c.id == bookings.c.slot_id)
        .order_by(
            slots.c.starts_at, bookings.c.waitlist_position.nulls_first(), bookings.c.created_at
        )
    )
    if family_of is not None:
        query = query.where(_families_bookings(family_of))
    if resource_ids is not None:
        query = query.where(slots.c.resource_id.in_(resource_ids))
    return [booking_of(row) for row in await session.execute(query)]


async def is_family_booking(session: AsyncSession, booking_id: UUID, subject: UUID) -> bool:
    found = await session.scalar(
        select(bookings.c.id).where(bookings.c.id == booking_id, _families_bookings(subject))
    )
    return found is not None


async def childrens_booking_ids(session: AsyncSession, guardian: UUID) -> list[UUID]:
    """The bookings of the guardian's children (the other guardian's included): their
    access-log entries are the guardian's to read too."""
    rows = await session.scalars(
        select(bookings.c.id).where(bookings.c.child_id.isnot(None), _families_bookings(guardian))
    )
    return list(rows)


async def _update(session: AsyncSession, booking_id: UUID, **values: object) -> None:
    await session.execute(
        update(bookings).where(bookings.c.id == booking_id).values(**values, updated_at=func.now())
    )


async def confirm(
    session: AsyncSession,
    booking_id: UUID,
    *,
    child_id: UUID | None,
    interpreter_language: str | None,
) -> None:
    """A hold becomes a confirmed booking, for whom it was made for."""
    await _update(
        session,
        booking_id,
        status=BookingStatus.CONFIRMED,
        hold_expires_at=None,
        child_id=child_id,
        interpreter_language=interpreter_language,
    )


async def end(
    session: AsyncSession,
    booking_id: UUID,
    status: BookingStatus,
    cancellation: Cancellation | None = None,
) -> None:
    """A booking cancelled (with how) or lapsed."""
    await _update(
        session, booking_id, status=status, **(asdict(cancellation) if cancellation else {})
    )


async def move(session: AsyncSession, booking: Booking, to_slot_id: UUID) -> None:
    """On another slot; the sequence bumps so calendar apps update the event."""
    await _update(
        session,
        booking.id,
        slot_id=to_slot_id,
        rescheduled_from=booking.slot_id,
        sequence=booking.sequence + 1,
    )


async def record_attendance(
    session: AsyncSession, booking_id: UUID, *, attended: bool, recorded_by: UUID
) -> None:
    await _update(session, booking_id, attended=attended, attendance_recorded_by=recorded_by)
