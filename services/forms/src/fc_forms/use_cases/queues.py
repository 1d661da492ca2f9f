"""Handling queues: organisers and admins make them and assign professionals to them;
professionals see the queues they handle."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain import queues as rules
from fc_forms.domain.queues import Queue
from fc_forms.store import handling as store


async def create_queue(
    session: AsyncSession, *, form_type: str, municipality_code: str | None, now: datetime
) -> Queue:
    """A queue for the form type in the municipality (none: the form type's fallback, for
    municipalities without a queue of their own); one per pair."""
    queue = rules.new_queue(form_type=form_type, municipality_code=municipality_code, now=now)
    if not await store.insert_queue(session, queue):
        raise rules.queue_exists(form_type, municipality_code)
    return queue


async def all_queues(session: AsyncSession) -> list[Queue]:
    return await store.all_queues(session)


async def queues_handled_by(session: AsyncSession, *, handler: UUID) -> list[Queue]:
    return await store.all_queues(session, handled_by=handler)


async def assign_handler(
    session: AsyncSession, *, queue_id: UUID, subject: UUID, by: UUID, now: datetime
) -> Queue:
    """Assign a professional to the queue (again: no change); the queue as it now is."""
    rules.check_queue_found(await store.get_queue(session, queue_id))
    await store.assign(session, queue_id=queue_id, subject=subject, by=by, now=now)
    return rules.check_queue_found(await store.get_queue(session, queue_id))


async def unassign_handler(session: AsyncSession, *, queue_id: UUID, subject: UUID) -> Queue:
    """The professional no longer handles the queue (what they took stays theirs)."""
    rules.check_queue_found(await store.get_queue(session, queue_id))
    await store.unassign(session, queue_id=queue_id, subject=subject)
    return rules.check_queue_found(await store.get_queue(session, queue_id))
