"""Series bookings over HTTP: every future session of a series, booked and cancelled as one."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.api.common import IdempotencyKey, idempotent_booking, now, settings_of
from fc_booking.api.schemas import SeriesBooking, SeriesBookingIn
from fc_booking.use_cases import series
from fc_shared.auth import CurrentPrincipal, Family
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["bookings"])


@router.post("/series/{series_id}/bookings", status_code=201, response_model=SeriesBooking)
async def book_series(
    series_id: UUID,
    body: SeriesBookingIn,
    principal: Family,
    context: Context,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Every future session of the series, all or nothing, with one confirmation."""

    async def create(session: AsyncSession) -> tuple[int, BaseModel]:
        series_booking_id, booked = await series.book_series(
            session,
            settings_of(context),
            principal,
            series_id=series_id,
            child_id=body.child_id,
            child_birth_date=body.child_birth_date,
            interpreter_language=body.interpreter_language,
            now=now(),
        )
        return 201, SeriesBooking.of(series_booking_id, booked)

    return await idempotent_booking(context, request, principal, idempotency_key, create)


@router.get("/series-bookings/{series_booking_id}", response_model=SeriesBooking)
async def get_series_booking(
    series_booking_id: UUID, principal: CurrentPrincipal, context: Context
) -> SeriesBooking:
    """A series booking and each of its sessions' bookings."""
    async with context.transaction() as session:
        found = await series.read_series_booking(session, principal, series_booking_id)
    return SeriesBooking.of(series_booking_id, found)


@router.post("/series-bookings/{series_booking_id}/cancel", response_model=SeriesBooking)
async def cancel_series_booking(
    series_booking_id: UUID, principal: CurrentPrincipal, context: Context
) -> SeriesBooking:
    """Every session still to come is given back together; one cancellation event."""
    async with context.transaction() as session:
        found = await series.cancel_series_booking(
            session,
            settings_of(context),
            principal,
            series_booking_id=series_booking_id,
            now=now(),
        )
    return SeriesBooking.of(series_booking_id, found)
