"""The waitlist: a full slot queues bookings in arrival order, and a freed place goes to the
first in the queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from fc_booking.domain.bookings import BookingStatus
from fc_booking.domain.slots import Slot
from fc_shared.events import BookedAs
from fc_shared.refusals import conflict


@dataclass(frozen=True, slots=True, kw_only=True)
class Waiting:
    """The first in a slot's queue: who booked, for whom, and how many waited ahead of it
    when it joined."""

    booking_id: UUID
    booked_by: UUID
    booked_as: BookedAs | None
    child_id: UUID | None
    waited_behind: int

    @property
    def child_ids(self) -> list[UUID]:
        return [self.child_id] if self.child_id is not None else []


def status_of_new_booking(
    slot: Slot, *, join_waitlist: bool, hold: bool, in_series: bool
) -> BookingStatus:
    """A confirmed (or held) place if one is free, else a place in the queue, else no: a hold
    and a series session never queue."""
    if slot.has_room:
        return BookingStatus.HELD if hold else BookingStatus.CONFIRMED
    if join_waitlist and not hold and not in_series:
        return BookingStatus.WAITLISTED
    raise conflict("slot_full", "Slot full", "The slot is full.")


def may_promote(slot: Slot, now: datetime) -> bool:
    """Nobody is promoted into something already under way."""
    return slot.starts_at > now
