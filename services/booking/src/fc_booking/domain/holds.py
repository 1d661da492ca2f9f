"""Holds: a place kept for a short while as the family fills in the details, given back by
itself unless confirmed in time."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from fc_booking.domain.bookings import Booking, BookingStatus
from fc_shared.refusals import conflict, not_found


def expires_at(now: datetime, hold_seconds: int) -> datetime:
    return now + timedelta(seconds=hold_seconds)


def check_own(found: Booking | None, subject: UUID) -> Booking:
    if found is None or found.booked_by != subject:
        raise not_found("no_such_hold", "No such hold of yours.")
    return found


def is_usable(hold: Booking, now: datetime) -> bool:
    return (
        hold.status == BookingStatus.HELD
        and hold.hold_expires_at is not None
        and hold.hold_expires_at > now
    )


def check_usable(hold: Booking, now: datetime) -> None:
    if not is_usable(hold, now):
        raise conflict("hold_lapsed", "Hold lapsed", "The hold has lapsed or was used; book again.")


def has_lapsed(hold: Booking, now: datetime) -> bool:
    """Past its time and still held (not confirmed or released meanwhile)."""
    return (
        hold.status == BookingStatus.HELD
        and hold.hold_expires_at is not None
        and hold.hold_expires_at < now
    )
