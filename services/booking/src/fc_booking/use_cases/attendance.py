"""Attendance: the resource's staff record it (or a no-show) once the activity has begun."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain import access
from fc_booking.domain import bookings as rules
from fc_booking.domain.bookings import Booking
from fc_booking.store import bookings as store
from fc_booking.use_cases.bookings import visible_booking
from fc_shared.etags import require_if_match
from fc_shared.events import AttendanceRecorded
from fc_shared.outbox import add_event
from fc_shared.principals import Principal
from fc_shared.settings import Settings


async def record_attendance(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    *,
    booking_id: UUID,
    attended: bool,
    if_match: str | None,
    now: datetime,
) -> tuple[Booking, str]:
    """The booking as recorded, and its new version (for an ETag). `if_match` must be the
    booking's version: two staff correcting one record must not overwrite each other."""
    booking, by_staff = await visible_booking(
        session, principal, booking_id, action="record_attendance", lock=True
    )
    if not by_staff:
        raise access.attendance_by_staff_only()
    require_if_match(if_match, await store.booking_version(session, booking_id))
    rules.check_attendance(booking, now)
    await store.record_attendance(
        session, booking_id, attended=attended, recorded_by=principal.subject
    )
    await add_event(
        session,
        settings,
        AttendanceRecorded(
            booking_id=booking_id,
            slot_id=booking.slot_id,
            resource_id=booking.resource_id,
            municipality_code=booking.municipality_code,
            starts_at=booking.starts_at,
            attended=attended,
            audience=booking.audience,
            activity=booking.activity,
        ),
    )
    version = await store.booking_version(session, booking_id)
    return replace(booking, attended=attended), version
