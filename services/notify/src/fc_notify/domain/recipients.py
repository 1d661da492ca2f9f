"""Who is told about what. Confidentiality lives here: what a youth did for themselves
(their own bookings, forms and chats) reaches only them, never a guardian's channels, while
a letter about a child's booking reaches every guardian who manages that child."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

YOUTH = "youth"
STAFF = "staff"


def for_booking(
    *, booked_by: UUID, booked_as: str | None, child_guardians: Iterable[UUID]
) -> frozenset[UUID]:
    """A youth's own booking: the youth alone. A guardian's booking for a child: the
    booker and the child's other guardians who manage it. A booking staff made for a
    family: the child's guardians (staff are not told of their own work)."""
    if booked_as == YOUTH:
        return frozenset({booked_by})
    guardians = frozenset(child_guardians)
    if booked_as == STAFF:
        return guardians
    return guardians | {booked_by}


def for_own_matter(subject: UUID) -> frozenset[UUID]:
    """A form is its submitter's and a chat its visitor's: a youth's form or chat reaches
    the youth, a guardian's the guardian who sent or chatted, never anyone else (not even
    when a guardian chatted on behalf of a child: the letter is the chatting guardian's)."""
    return frozenset({subject})


def for_family(guardians: Iterable[UUID]) -> frozenset[UUID]:
    """A referral concerns the family: its confirmed guardians."""
    return frozenset(guardians)
