"""Series: a weekly peer group or a family-school course, booked and cancelled as one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from fc_booking.domain.bookings import LIVE, Booking
from fc_booking.domain.slots import Slot, check_bookable
from fc_shared.refusals import conflict, not_found

MIXED = "mixed"


def sessions_to_book(slots: Iterable[Slot], now: datetime) -> list[Slot]:
    """Every future session of the series, in start order, each of them bookable."""
    future = sorted((slot for slot in slots if slot.starts_at > now), key=lambda s: s.starts_at)
    if not future:
        raise not_found("no_series_sessions", "No series with sessions still to come.")
    for slot in future:
        check_bookable(slot, now, as_series=True)
    return future


def sessions_to_cancel(bookings: Sequence[Booking], now: datetime) -> list[Booking]:
    live = [b for b in bookings if b.status in LIVE and b.starts_at > now]
    if not live:
        raise conflict("not_active", "Not active", "Nothing left to cancel in this series booking.")
    return live


def status(bookings: Sequence[Booking]) -> str:
    """The series booking's status: its sessions' own when they agree, else mixed."""
    statuses = {booking.status for booking in bookings}
    return str(statuses.pop()) if len(statuses) == 1 else MIXED


def check_found(bookings: Sequence[Booking]) -> None:
    if not bookings:
        raise not_found("no_such_series_booking", "No such series booking.")
