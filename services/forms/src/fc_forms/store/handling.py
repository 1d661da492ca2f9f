"""Handling queues, their handlers, and where each submission is in its handling, in SQL."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Row, Select, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain.handling import Handling, HandlingStatus, Step
from fc_forms.domain.queues import Queue
from fc_forms.store.tables import handling, handling_history, handling_queues, queue_handlers
from fc_forms.store.tables import submissions as submissions_table


async def insert_queue(session: AsyncSession, queue: Queue) -> bool:
    """Add the queue; False if its form type and municipality already have one."""
    added = await session.execute(
        upsert(handling_queues)
        .values(
            id=queue.id,
            form_type=queue.form_type,
            municipality_code=queue.municipality_code,
            created_at=queue.created_at,
        )
        .on_conflict_do_nothing(constraint="handling_queues_one_per_pair")
        .returning(handling_queues.c.id)
    )
    return added.first() is not None


async def queue_for(
    session: AsyncSession, form_type: str, municipality_code: str | None
) -> Queue | None:
    """The queue of exactly this pair (`None`: the form type's fallback)."""
    code = handling_queues.c.municipality_code
    query = select(handling_queues).where(
        handling_queues.c.form_type == form_type,
        code.is_(None) if municipality_code is None else code == municipality_code,
    )
    row = (await session.execute(query)).first()
    return _queue(row) if row else None


async def get_queue(session: AsyncSession, queue_id: UUID) -> Queue | None:
    row = (
        await session.execute(select(handling_queues).where(handling_queues.c.id == queue_id))
    ).first()
    if row is None:
        return None
    return _queue(row, tuple(await handlers_of(session, queue_id)))


async def all_queues(session: AsyncSession, *, handled_by: UUID | None = None) -> list[Queue]:
    """Every queue (or those `handled_by` is assigned to) with its handlers, in order."""
    query = select(handling_queues).order_by(
        handling_queues.c.form_type, handling_queues.c.municipality_code.nulls_last()
    )
    if handled_by is not None:
        mine = select(queue_handlers.c.queue_id).where(queue_handlers.c.subject == handled_by)
        query = query.where(handling_queues.c.id.in_(mine))
    rows = (await session.execute(query)).all()
    assigned = await session.execute(
        select(queue_handlers.c.queue_id, queue_handlers.c.subject).order_by(
            queue_handlers.c.assigned_at, queue_handlers.c.subject
        )
    )
    handlers: dict[UUID, list[UUID]] = {}
    for queue_id, subject in assigned:
        handlers.setdefault(queue_id, []).append(subject)
    return [_queue(row, tuple(handlers.get(row.id, ()))) for row in rows]


async def handlers_of(session: AsyncSession, queue_id: UUID) -> list[UUID]:
    query = (
        select(queue_handlers.c.subject)
        .where(queue_handlers.c.queue_id == queue_id)
        .order_by(queue_handlers.c.assigned_at, queue_handlers.c.subject)
    )
    return list((await session.scalars(query)).all())


async def assign(
    session: AsyncSession, *, queue_id: UUID, subject: UUID, by: UUID, now: datetime
) -> None:
    """Assign the professional to the queue; assigning again changes nothing."""
    await session.execute(
        upsert(queue_handlers)
        .values(queue_id=queue_id, subject=subject, assigned_by=by, assigned_at=now)
        .on_conflict_do_nothing()
    )


async def unassign(session: AsyncSession, *, queue_id: UUID, subject: UUID) -> None:
    await session.execute(
        delete(queue_handlers).where(
            queue_handlers.c.queue_id == queue_id, queue_handlers.c.subject == subject
        )
    )


async def insert_handling(
    session: AsyncSession, *, submission_id: UUID, queue_id: UUID, now: datetime
) -> None:
    await session.execute(
        insert(handling).values(
            submission_id=submission_id,
            queue_id=queue_id,
            status=HandlingStatus.RECEIVED,
            updated_at=now,
        )
    )


async def submitter_of(session: AsyncSession, submission_id: UUID) -> UUID:
    query = select(submissions_table.c.submitted_by).where(submissions_table.c.id == submission_id)
    submitter: UUID = (await session.execute(query)).scalar_one()
    return submitter


def _handling_query() -> Select[tuple[object, ...]]:
    return select(
        handling,
        submissions_table.c.form_type,
        submissions_table.c.municipality_code,
        submissions_table.c.submitted_by,
    ).join(submissions_table, submissions_table.c.id == handling.c.submission_id)


async def get_handling(
    session: AsyncSession, submission_id: UUID, *, lock: bool = False
) -> Handling | None:
    """The submission's handling; with `lock`, held until the transaction ends, so two steps
    at once are taken one after the other (the second sees the first's status)."""
    query = _handling_query().where(handling.c.submission_id == submission_id)
    if lock:
        query = query.with_for_update(of=handling)
    row = (await session.execute(query)).first()
    return _handling(row) if row else None


async def in_queue(session: AsyncSession, queue_id: UUID) -> list[Handling]:
    """The queue's submissions, the longest-waiting first."""
    query = (
        _handling_query()
        .where(handling.c.queue_id == queue_id)
        .order_by(handling.c.updated_at, handling.c.submission_id)
    )
    return [_handling(row) for row in await session.execute(query)]


async def update_handling(session: AsyncSession, moved: Handling) -> None:
    await session.execute(
        update(handling)
        .where(handling.c.submission_id == moved.submission_id)
        .values(status=moved.status, assignee=moved.assignee, updated_at=moved.updated_at)
    )


async def add_step(session: AsyncSession, submission_id: UUID, step: Step) -> None:
    await session.execute(
        insert(handling_history).values(
            submission_id=submission_id,
            status=step.status,
            previous_status=step.previous_status,
            actor=step.actor,
            at=step.at,
            message=step.message,
        )
    )


async def history(session: AsyncSession, submission_id: UUID) -> list[Step]:
    """The submission's steps, oldest first."""
    query = (
        select(handling_history)
        .where(handling_history.c.submission_id == submission_id)
        .order_by(handling_history.c.id)
    )
    return [
        Step(
            status=HandlingStatus(row.status),
            previous_status=HandlingStatus(row.previous_status) if row.previous_status else None,
            actor=row.actor,
            at=row.at,
            message=row.message,
        )
        for row in await session.execute(query)
    ]


def _queue(row: Row[tuple[object, ...]], handlers: tuple[UUID, ...] = ()) -> Queue:
    return Queue(
        id=row.id,
        form_type=row.form_type,
        municipality_code=row.municipality_code,
        created_at=row.created_at,
        handlers=handlers,
    )


def _handling(row: Row[tuple[object, ...]]) -> Handling:
    return Handling(
        submission_id=row.submission_id,
        queue_id=row.queue_id,
        form_type=row.form_type,
        municipality_code=row.municipality_code,
        submitted_by=row.submitted_by,
        status=HandlingStatus(row.status),
        assignee=row.assignee,
        updated_at=row.updated_at,
    )
