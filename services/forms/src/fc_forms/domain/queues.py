"""Handling queues: one per form type and municipality, each with the professionals assigned
to handle what arrives in it. A submission with no queue of its own goes to its form type's
fallback queue (no municipality), so nothing sent is left unhandled."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from fc_shared.refusals import Refused, conflict, not_allowed, not_found


@dataclass(frozen=True, slots=True, kw_only=True)
class Queue:
    id: UUID
    form_type: str
    municipality_code: str | None  # None: the form type's fallback queue
    created_at: datetime
    handlers: tuple[UUID, ...] = ()  # the professionals assigned to it, in a stable order


def new_queue(*, form_type: str, municipality_code: str | None, now: datetime) -> Queue:
    return Queue(
        id=uuid4(), form_type=form_type, municipality_code=municipality_code, created_at=now
    )


def check_queue_found(queue: Queue | None) -> Queue:
    if queue is None:
        raise not_found("queue_not_found", "No such handling queue.")
    return queue


def queue_exists(form_type: str, municipality_code: str | None) -> Refused:
    where = municipality_code or "every municipality without a queue of its own"
    return conflict(
        "queue_exists",
        "Queue exists",
        f"There is already a queue for {form_type!r} in {where}.",
    )


def check_handler(actor: UUID, handlers: Collection[UUID]) -> None:
    """Only the professionals assigned to a queue see and handle its submissions."""
    if actor not in handlers:
        raise not_allowed(
            "not_a_handler", "You are not assigned to handle this queue's submissions."
        )
