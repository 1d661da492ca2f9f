"""What several of booking's routers share: the clock, idempotent writes and the wording of
refusals the database's constraints make."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Header, Request, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.settings import BookingSettings, booking_settings
from fc_shared.idempotency import idempotent_request
from fc_shared.principals import Principal
from fc_shared.problems import EXCLUSION_VIOLATION, UNIQUE_VIOLATION, refused_by_constraint
from fc_shared.service import ServiceContext

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


def now() -> datetime:
    return datetime.now(UTC)


def settings_of(context: ServiceContext) -> BookingSettings:
    return booking_settings(context.settings)


def second_booking_refused() -> AbstractContextManager[None]:
    """The unique index refused a second live booking by one participant on one slot."""
    return refused_by_constraint(
        UNIQUE_VIOLATION, 409, "Already booked", "You already have a booking on this slot."
    )


def overlaps_refused() -> AbstractContextManager[None]:
    """The exclusion constraint refused a slot overlapping another of the same resource."""
    return refused_by_constraint(
        EXCLUSION_VIOLATION,
        409,
        "Slot overlaps",
        "The resource already has a slot at an overlapping time.",
    )


def meeting_refused() -> AbstractContextManager[None]:
    """The exclusion constraint refused one of a network meeting's slots: taken meanwhile."""
    return refused_by_constraint(
        EXCLUSION_VIOLATION,
        409,
        "Someone is no longer free",
        "A calendar, room or interpreter was taken meanwhile; nothing was booked.",
    )


def calendar_refused() -> AbstractContextManager[None]:
    return refused_by_constraint(
        UNIQUE_VIOLATION, 409, "Calendar exists", "You already have a calendar."
    )


async def idempotent_booking(
    context: ServiceContext,
    request: Request,
    principal: Principal,
    key: str | None,
    create: Callable[[AsyncSession], Awaitable[tuple[int, BaseModel]]],
) -> Response:
    """One booking write in one transaction, once per Idempotency-Key; a second live
    booking by the same participant on a slot is refused by the database's unique index."""
    with second_booking_refused():
        async with context.transaction() as session:

            async def run() -> tuple[int, BaseModel]:
                return await create(session)

            return await idempotent_request(
                session, request, subject=principal.subject, key=key, create=run
            )
