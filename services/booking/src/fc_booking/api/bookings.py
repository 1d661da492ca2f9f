"""Bookings over HTTP: book, list, read (also as .ics, and by signed link), cancel,
reschedule, attendance."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.api.common import (
    IdempotencyKey,
    idempotent_booking,
    now,
    second_booking_refused,
    settings_of,
)
from fc_booking.api.schemas import AttendanceIn, Booking, BookingIn, RescheduleIn
from fc_booking.domain.bookings import BookingStatus
from fc_booking.use_cases import attendance, bookings, cancellations, reschedules
from fc_shared.auth import CurrentPrincipal, Family, Staff
from fc_shared.etags import IfMatch, etag
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["bookings"])


@router.post(
    "/bookings",
    status_code=201,
    response_model=Booking,
    responses={202: {"model": Booking, "description": "Full: waitlisted"}},
)
async def book_slot(
    body: BookingIn,
    principal: Family,
    context: Context,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Book a place for oneself or one's child: 201 confirmed, or 202 on the waitlist when
    the slot is full (409 instead if `join_waitlist` is false)."""

    async def create(session: AsyncSession) -> tuple[int, BaseModel]:
        booking = await bookings.book_slot(
            session,
            settings_of(context),
            principal,
            slot_id=body.slot_id,
            child_id=body.child_id,
            child_birth_date=body.child_birth_date,
            interpreter_language=body.interpreter_language,
            join_waitlist=body.join_waitlist,
            now=now(),
        )
        status = 201 if booking.status == BookingStatus.CONFIRMED else 202
        return status, Booking.of(booking)

    return await idempotent_booking(context, request, principal, idempotency_key, create)


@router.get("/bookings", response_model=list[Booking])
async def list_bookings(
    principal: CurrentPrincipal, context: Context, resource_id: UUID | None = None
) -> list[Booking]:
    """A family's own bookings; with `resource_id`, the bookings on a calendar one manages
    (each of them then in its family's access log)."""
    async with context.transaction() as session:
        found = await bookings.list_bookings(session, principal, resource_id=resource_id)
    return [Booking.of(booking) for booking in found]


@router.get(
    "/bookings/{booking_id}.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
async def booking_ics(booking_id: UUID, principal: CurrentPrincipal, context: Context) -> Response:
    """The booking as an iCalendar file, to add to one's own calendar."""
    async with context.transaction() as session:
        body = await bookings.booking_calendar(session, settings_of(context), principal, booking_id)
    return _ics_response(booking_id, body)


@router.get(
    "/bookings/{booking_id}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, 404: {"description": "No such link"}},
)
async def signed_booking_ics(
    booking_id: UUID, context: Context, sig: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    """The booking's iCalendar file for the holder of its signed link (a letter's "add to
    calendar"): no token, as a mail client or calendar app opening it sends none. A link,
    not a login, suffices because the file holds no personal data; a wrong signature is
    answered as an unknown booking."""
    async with context.sessions() as session:
        body = await bookings.signed_booking_calendar(
            session, settings_of(context), booking_id=booking_id, signature=sig
        )
    return _ics_response(booking_id, body)


def _ics_response(booking_id: UUID, body: bytes) -> Response:
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{booking_id}.ics"'},
    )


@router.get("/bookings/{booking_id}", response_model=Booking)
async def get_booking(
    booking_id: UUID, principal: CurrentPrincipal, context: Context, response: Response
) -> Booking:
    """The booking, with an `ETag` for staff to send back in `If-Match` (attendance)."""
    async with context.transaction() as session:
        booking, version = await bookings.read_booking(session, principal, booking_id)
    response.headers["ETag"] = etag(version)
    return Booking.of(booking)


@router.post("/bookings/{booking_id}/cancel", response_model=Booking)
async def cancel_booking(
    booking_id: UUID, principal: CurrentPrincipal, context: Context
) -> Booking:
    """Cancel; after the slot's deadline it is recorded as a late cancellation. The freed
    place goes to the first on the waitlist."""
    async with context.transaction() as session:
        cancelled = await cancellations.cancel_booking(
            session, settings_of(context), principal, booking_id=booking_id, now=now()
        )
    return Booking.of(cancelled)


@router.post("/bookings/{booking_id}/reschedule", response_model=Booking)
async def reschedule_booking(
    booking_id: UUID, body: RescheduleIn, principal: Family, context: Context
) -> Booking:
    """Move a confirmed booking to another slot in one transaction: the new place is taken
    and the old one given back together, or neither happens."""
    with second_booking_refused():
        async with context.transaction() as session:
            moved = await reschedules.reschedule_booking(
                session,
                settings_of(context),
                principal,
                booking_id=booking_id,
                to_slot_id=body.slot_id,
                now=now(),
            )
    return Booking.of(moved)


@router.post("/bookings/{booking_id}/attendance", response_model=Booking)
async def record_attendance(
    booking_id: UUID,
    body: AttendanceIn,
    principal: Staff,
    context: Context,
    response: Response,
    if_match: IfMatch = None,
) -> Booking:
    """The resource's staff record attendance or a no-show once the activity has begun.
    `If-Match` (the booking's ETag) is required: two staff correcting one record must not
    silently overwrite each other (428 without it, 412 when stale)."""
    async with context.transaction() as session:
        recorded, version = await attendance.record_attendance(
            session,
            settings_of(context),
            principal,
            booking_id=booking_id,
            attended=body.attended,
            if_match=if_match,
            now=now(),
        )
    response.headers["ETag"] = etag(version)
    return Booking.of(recorded)
