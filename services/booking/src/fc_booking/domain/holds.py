"""Holds: a place kept for a short while as the family fills in the details, given back by
itself unless confirmed in time (over HTTP, or by a registration form's submission)."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from fc_booking.domain.bookings import Booking, BookingStatus
from fc_booking.domain.slots import Slot
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


class ByForm(StrEnum):
    """What a registration form's submission does to the hold it carries: confirm it, take
    its place again and confirm it, or (every other member: why) nothing."""

    CONFIRM = "confirm"
    RETAKE = "retake"
    NO_SUCH_HOLD = "no_such_hold"
    NOT_THE_OWNER = "not_the_owner"
    NOT_HELD = "not_held"  # confirmed (a second submission), cancelled, waitlisted
    SUBMITTED_AFTER_EXPIRY = "submitted_after_expiry"
    RELEASED_BY_OWNER = "released_by_owner"
    PLACE_GONE = "place_gone"  # lapsed in time, but the place is no longer free


def by_form(found: Booking | None, *, submitted_by: UUID, submitted_at: datetime) -> ByForm:
    """A registration form submitted at `submitted_at` by `submitted_by` for a hold confirms
    it when the submitter owns it and submitted before it expired, however late the event
    comes. Still held (the sweeper may not have been past yet): confirm. Lapsed by the
    sweeper (always after its time, so after the submission): take its place again
    (`may_retake`), since the family was in time and only the message was late. A hold its
    owner gave back (lapsed before its time; a lapsed hold's `updated_at` is when it lapsed)
    stays given back, whether before or after the submission: the owner's own word is not
    undone. Anything else changes nothing, a second submission for a confirmed hold included."""
    not_one = _not_a_hold_of(found, submitted_by)
    if not_one is not None or found is None or found.hold_expires_at is None:
        return not_one or ByForm.NO_SUCH_HOLD
    if submitted_at >= found.hold_expires_at:
        return ByForm.SUBMITTED_AFTER_EXPIRY
    if found.status == BookingStatus.HELD:
        return ByForm.CONFIRM
    if found.updated_at < found.hold_expires_at:
        return ByForm.RELEASED_BY_OWNER
    return ByForm.RETAKE


def _not_a_hold_of(found: Booking | None, submitted_by: UUID) -> ByForm | None:
    if found is None:
        return ByForm.NO_SUCH_HOLD
    if found.booked_by != submitted_by:
        return ByForm.NOT_THE_OWNER
    if found.status not in (BookingStatus.HELD, BookingStatus.LAPSED):
        return ByForm.NOT_HELD
    if found.hold_expires_at is None:  # never a hold: lapsed holds keep their time
        return ByForm.NOT_HELD
    return None


def may_retake(slot: Slot, now: datetime, *, owner_has_another: bool) -> bool:
    """A lapsed hold takes its place again only while the slot has a free place (if the
    place went to the queue or to someone else meanwhile, the hold stays lapsed), has not
    started, and its owner has not booked the slot again for the same participant."""
    return slot.has_room and slot.starts_at > now and not owner_has_another
