"""Booking's access log: who on the staff read or changed a family's bookings, and every
refused attempt, in the log of the guardians concerned (fc_shared.access_log writes and reads
it). A booking's entry is its booker's (`person`); a child's other confirmed guardian sees it
through the booking, as with staff reads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain.access import PURPOSE, REFUSED
from fc_booking.domain.bookings import Booking
from fc_booking.store import bookings as booking_store
from fc_shared.access_log import AccessEntry, LoggedAccess, entries_about, record
from fc_shared.problems import LoggedRefusal
from fc_shared.refusals import Refused

BOOKING = "booking"
FAMILY = "family"


def about_bookings(
    actor: UUID, seen: Iterable[Booking], *, action: str, purpose: str, allowed: bool = True
) -> list[AccessEntry]:
    return [
        AccessEntry(
            actor=actor,
            action=action,
            purpose=purpose,
            subject_kind=BOOKING,
            subject_id=booking.id,
            person=booking.booked_by,
            allowed=allowed,
        )
        for booking in seen
    ]


def about_family(
    actor: UUID, guardians: Iterable[UUID], *, action: str, purpose: str, allowed: bool = True
) -> list[AccessEntry]:
    """A read (or a refused attempt) about a family as a whole, in each guardian's log."""
    return [
        AccessEntry(
            actor=actor,
            action=action,
            purpose=purpose,
            subject_kind=FAMILY,
            person=guardian,
            allowed=allowed,
        )
        for guardian in sorted(set(guardians))
    ]


async def log_bookings_seen(
    session: AsyncSession,
    actor: UUID,
    seen: Iterable[Booking],
    *,
    action: str,
    purpose: str = PURPOSE,
) -> None:
    """Staff saw or changed these bookings (in the caller's transaction)."""
    await record(session, about_bookings(actor, seen, action=action, purpose=purpose))


async def log_family_read(
    session: AsyncSession, actor: UUID, guardians: Iterable[UUID], *, action: str, purpose: str
) -> None:
    await record(session, about_family(actor, guardians, action=action, purpose=purpose))


class Refusal(LoggedRefusal):
    """A refusal about a family's data, answered as the rule's refusal and in the access log
    of the guardians concerned. Raise it anywhere in a request: the platform's handler logs
    it after the request's transaction (fc_shared LoggedRefusal)."""

    def __init__(self, refused: Refused, entries: Sequence[AccessEntry]) -> None:
        super().__init__(
            int(refused.kind),
            refused.title,
            refused.detail,
            code=refused.code,
            **refused.extensions,
        )
        self.entries = list(entries)

    async def record(self, session: AsyncSession) -> None:
        await record(session, self.entries)


def refused_on_bookings(
    refused: Refused, *, actor: UUID, action: str, seen: Iterable[Booking]
) -> Refusal:
    """A refused attempt at bookings: in the log of each booking's booker."""
    return Refusal(
        refused, about_bookings(actor, seen, action=action, purpose=REFUSED, allowed=False)
    )


def refused_on_family(
    refused: Refused,
    *,
    actor: UUID,
    action: str,
    guardians: Iterable[UUID],
    purpose: str = REFUSED,
) -> Refusal:
    """A refused attempt at a family as a whole: in each guardian's log."""
    return Refusal(
        refused, about_family(actor, guardians, action=action, purpose=purpose, allowed=False)
    )


async def entries_for(session: AsyncSession, guardian: UUID) -> list[LoggedAccess]:
    """The entries about the guardian, and about the bookings of their children that the
    other guardian made."""
    childrens = await booking_store.childrens_booking_ids(session, guardian)
    return await entries_about(session, persons=[guardian], subject_ids=childrens)
