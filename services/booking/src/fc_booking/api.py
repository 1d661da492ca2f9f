"""The booking service's HTTP routes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Header, Request, Response
from sqlalchemy.exc import IntegrityError

from fc_booking import domain, store
from fc_booking.schemas import Booking, BookingIn, Resource, Slot, SlotIn
from fc_shared.auth import Principal, Role, require_role
from fc_shared.events import SlotBooked
from fc_shared.idempotency import run_idempotent
from fc_shared.outbox import add_event
from fc_shared.problems import Problem
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["booking"])

Organiser = Annotated[Principal, Depends(require_role(
    Role.PROFESSIONAL, Role.COORDINATOR, Role.ORGANISER, Role.ADMIN))]
Guardian = Annotated[Principal, Depends(require_role(Role.GUARDIAN))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]

EXCLUSION_VIOLATION = "23P01"
UNIQUE_VIOLATION = "23505"


def _sqlstate(error: IntegrityError) -> str | None:
    return getattr(error.orig, "sqlstate", None)


@router.get("/resources")
async def list_resources(context: Context, meeting_point_id: UUID | None = None,
                         municipality: str | None = None) -> list[Resource]:
    async with context.sessions() as session:
        rows = await store.list_resources(session, meeting_point_id=meeting_point_id,
                                          municipality_code=municipality)
    return [Resource(**row) for row in rows]


@router.post("/slots", status_code=201, response_model=Slot)
async def create_slot(body: SlotIn, principal: Organiser, context: Context) -> Slot:
    domain.check_slot(starts_at=body.starts_at, ends_at=body.ends_at, capacity=body.capacity,
                      now=datetime.now(UTC))
    slot = Slot(id=uuid4(), booked_count=0, **body.model_dump())
    try:
        async with context.transaction() as session:
            if await store.get_resource(session, body.resource_id) is None:
                raise Problem(422, "Unknown resource", "No resource has this id.")
            await store.insert_slot(session, {**body.model_dump(), "id": slot.id,
                                              "created_by": principal.subject})
    except IntegrityError as error:
        if _sqlstate(error) == EXCLUSION_VIOLATION:
            raise Problem(409, "Slot overlaps",
                          "The resource already has a slot at an overlapping time.") from error
        raise
    return slot


@router.get("/slots")
async def list_slots(resource_id: UUID, context: Context) -> list[Slot]:
    async with context.sessions() as session:
        return [Slot(**row) for row in await store.list_slots(session, resource_id)]


@router.post("/bookings", status_code=201, response_model=Booking)
async def book_slot(
    body: BookingIn, principal: Guardian, context: Context, request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    try:
        async with context.transaction() as session:
            async def create() -> tuple[int, Booking]:
                taken = await store.take_place(session, body.slot_id)
                if taken is None:
                    if not await store.slot_exists(session, body.slot_id):
                        raise Problem(404, "Not Found", "No such slot.")
                    raise Problem(409, "Slot full", "The slot is full or has already started.")
                booking = Booking(id=uuid4(), slot_id=body.slot_id, status="confirmed",
                                  starts_at=taken["starts_at"], ends_at=taken["ends_at"])
                await store.insert_booking(session, {
                    "id": booking.id, "slot_id": booking.slot_id,
                    "booked_by": principal.subject, "status": booking.status,
                })
                resource = await store.get_resource(session, taken["resource_id"])
                await add_event(session, context.settings, SlotBooked(
                    booking_id=booking.id, slot_id=booking.slot_id,
                    resource_id=taken["resource_id"], booked_by=principal.subject,
                    municipality_code=resource["municipality_code"] if resource else None,
                    starts_at=booking.starts_at, ends_at=booking.ends_at,
                    language=taken["language"],
                ))
                return 201, booking

            return await run_idempotent(
                session, subject=principal.subject, key=idempotency_key, method="POST",
                path=request.url.path, body=await request.body(), create=create,
            )
    except IntegrityError as error:
        if _sqlstate(error) == UNIQUE_VIOLATION:
            raise Problem(409, "Already booked", "You already have a booking on this slot."
                          ) from error
        raise


@router.get("/bookings")
async def my_bookings(principal: Guardian, context: Context) -> list[Booking]:
    async with context.sessions() as session:
        return [Booking(**row) for row in await store.list_bookings(session, principal.subject)]
