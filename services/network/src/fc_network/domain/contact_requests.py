"""A contact request a professional took in the forms service: the family turned to them, so
they may open its case (the second opening ground, beside a guardian's case request).

What network learns is only who took whose request and when (FormStatusChanged: ids and
statuses); the request's text stays in the forms service. The ground:
- is the professional's who took it (the event's `assignee`), nobody else's;
- opens the case of a family whose **confirmed** guardian sent it: a guardian who registers
  their own family is confirmed at once; a family a professional registers confirms nobody,
  so its named guardian confirms with their own sign-in before the case can open (a
  professional must not turn "someone wrote to me" into a case of a family they typed in);
- lasts until a case is opened from it or `GROUND_LASTS` after it was taken, whatever
  the request's handling status: closing the contact request is how a handler often ends
  it once the case work begins, so `closed` does not end the ground."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

CONTACT_REQUEST = "contact-request"
GROUND_LASTS = timedelta(days=30)


@dataclass(frozen=True, slots=True, kw_only=True)
class TakenContactRequest:
    submission_id: UUID
    professional: UUID
    submitted_by: UUID
    taken_at: datetime


def taken_by(
    *, form_type: str, status: str, previous_status: str, assignee: UUID | None
) -> UUID | None:
    """The professional who took a contact request in this status change, or None: the one
    step received → in_handling, which the forms workflow allows once per submission."""
    taken = form_type == CONTACT_REQUEST and (previous_status, status) == (
        "received",
        "in_handling",
    )
    return assignee if taken else None


def in_force(taken: TakenContactRequest, now: datetime) -> bool:
    return now - taken.taken_at < GROUND_LASTS


def from_family(
    taken: Iterable[TakenContactRequest], confirmed_guardians: Set[UUID], *, now: datetime
) -> TakenContactRequest | None:
    """The professional's oldest unused contact request in force that a confirmed guardian of
    the family sent, or None. (`taken` are the professional's own, not yet used.)"""
    found = [
        request
        for request in taken
        if request.submitted_by in confirmed_guardians and in_force(request, now)
    ]
    return min(found, key=lambda request: request.taken_at, default=None)
