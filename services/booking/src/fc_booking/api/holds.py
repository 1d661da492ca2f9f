"""Holds over HTTP: keep a place for a short while, confirm it, or give it back."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.api.common import (
    IdempotencyKey,
    idempotent_booking,
    now,
    second_booking_refused,
    settings_of,
)
from fc_booking.api.schemas import Booking, ConfirmIn, HoldIn
from fc_booking.use_cases import holds
from fc_shared.auth import Family
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["bookings"])


@router.post("/holds", status_code=201, response_model=Booking)
async def hold_slot(
    body: HoldIn,
    principal: Family,
    context: Context,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Keep a place for a short while (`hold_expires_at`) while the family fills in the
    details; it is given back by itself unless confirmed."""

    async def create(session: AsyncSession) -> tuple[int, BaseModel]:
        hold = await holds.hold_slot(
            session, settings_of(context), principal, slot_id=body.slot_id, now=now()
        )
        return 201, Booking.of(hold)

    return await idempotent_booking(context, request, principal, idempotency_key, create)


@router.post("/holds/{hold_id}/confirm", response_model=Booking)
async def confirm_hold(
    hold_id: UUID, body: ConfirmIn, principal: Family, context: Context
) -> Booking:
    """Turn one's hold into a confirmed booking, naming whom it is for."""
    with second_booking_refused():
        async with context.transaction() as session:
            confirmed, _ = await holds.confirm_hold(
                session,
                settings_of(context),
                principal,
                hold_id=hold_id,
                child_id=body.child_id,
                child_birth_date=body.child_birth_date,
                interpreter_language=body.interpreter_language,
                now=now(),
            )
    return Booking.of(confirmed)


@router.delete("/holds/{hold_id}", status_code=204, response_class=Response)
async def release_hold(hold_id: UUID, principal: Family, context: Context) -> Response:
    """Give one's hold back at once; the place goes to the first on the waitlist."""
    async with context.transaction() as session:
        await holds.release_hold(
            session, settings_of(context), principal, hold_id=hold_id, now=now()
        )
    return Response(status_code=204)
