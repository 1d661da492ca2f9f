"""Queues, their members and who is on duty, in SQL."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, delete, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.domain.queues import Audience, HelpNumber, Load, Queue, Window
from fc_chat.store.tables import chats, duty, duty_queues, queue_members, queues


def _queue(row: RowMapping) -> Queue:
    return Queue(
        id=row["id"],
        code=row["code"],
        names=dict(row["names"]),
        language=row["language"],
        municipality_code=row["municipality_code"],
        audience=Audience(row["audience"]),
        allows_anonymous=row["allows_anonymous"],
        topics=tuple(row["topics"]),
        hours=tuple(
            Window(w["weekday"], time.fromisoformat(w["start"]), time.fromisoformat(w["end"]))
            for w in row["hours"]
        ),
        closed_on_public_holidays=row["closed_on_public_holidays"],
        default_limit=row["default_limit"],
        max_wait_minutes=row["max_wait_minutes"],
        visitor_gone_seconds=row["visitor_gone_seconds"],
        away_messages=dict(row["away_messages"]),
        help_numbers=tuple(HelpNumber(dict(h["names"]), h["number"]) for h in row["help_numbers"]),
        retention_days=row["retention_days"],
    )


def _values(queue: Queue) -> dict[str, Any]:
    return {
        "id": queue.id,
        "code": queue.code,
        "names": queue.names,
        "language": queue.language,
        "municipality_code": queue.municipality_code,
        "audience": queue.audience.value,
        "allows_anonymous": queue.allows_anonymous,
        "topics": list(queue.topics),
        "hours": [
            {
                "weekday": w.weekday,
                "start": w.start.isoformat("minutes"),
                "end": w.end.isoformat("minutes"),
            }
            for w in queue.hours
        ],
        "closed_on_public_holidays": queue.closed_on_public_holidays,
        "default_limit": queue.default_limit,
        "max_wait_minutes": queue.max_wait_minutes,
        "visitor_gone_seconds": queue.visitor_gone_seconds,
        "away_messages": queue.away_messages,
        "help_numbers": [{"names": h.names, "number": h.number} for h in queue.help_numbers],
        "retention_days": queue.retention_days,
    }


async def put(session: AsyncSession, queue: Queue) -> Queue:
    """Create the queue, or replace its settings (its id stays the first one's)."""
    values = _values(queue)
    changed = {k: v for k, v in values.items() if k not in ("id", "code")}
    statement = (
        insert(queues)
        .values(values)
        .on_conflict_do_update(index_elements=["code"], set_={**changed, "updated_at": func.now()})
        .returning(*queues.c)
    )
    row = (await session.execute(statement)).mappings().one()
    return _queue(row)


async def by_code(session: AsyncSession, code: str) -> Queue | None:
    row = (await session.execute(select(queues).where(queues.c.code == code))).mappings().first()
    return _queue(row) if row else None


async def by_id(session: AsyncSession, queue_id: UUID) -> Queue | None:
    row = (await session.execute(select(queues).where(queues.c.id == queue_id))).mappings().first()
    return _queue(row) if row else None


async def by_topic(session: AsyncSession, topic: str, language: str) -> Queue | None:
    """A queue answering the topic, one in the visitor's language first."""
    statement = (
        select(queues)
        .where(queues.c.topics.contains([topic]))
        .order_by(queues.c.language != language, queues.c.code)
        .limit(1)
    )
    row = (await session.execute(statement)).mappings().first()
    return _queue(row) if row else None


async def every(session: AsyncSession) -> list[Queue]:
    rows = (await session.execute(select(queues).order_by(queues.c.code))).mappings()
    return [_queue(row) for row in rows]


async def loads(
    session: AsyncSession, queue_ids: Iterable[UUID], since: datetime
) -> dict[UUID, Load]:
    """Each queue's duty limits, waiting chats and average chat length since `since`."""
    wanted = list(queue_ids)
    limits: dict[UUID, list[int]] = {queue_id: [] for queue_id in wanted}
    rows = await session.execute(
        select(duty_queues.c.queue_id, duty.c.chat_limit)
        .join(duty, duty.c.professional_id == duty_queues.c.professional_id)
        .where(duty_queues.c.queue_id.in_(wanted))
    )
    for queue_id, limit in rows:
        limits[queue_id].append(limit)
    counted = await session.execute(
        select(chats.c.queue_id, chats.c.status, func.count())
        .where(chats.c.queue_id.in_(wanted), chats.c.status.in_(("waiting", "active")))
        .group_by(chats.c.queue_id, chats.c.status)
    )
    waiting: dict[UUID, int] = {}
    active: dict[UUID, int] = {}
    for queue_id, status, count in counted:
        (waiting if status == "waiting" else active)[queue_id] = count
    minutes = func.avg(func.extract("epoch", chats.c.ended_at - chats.c.started_at) / 60)
    averaged = await session.execute(
        select(chats.c.queue_id, minutes)
        .where(
            chats.c.queue_id.in_(wanted),
            chats.c.status == "closed",
            chats.c.started_at.is_not(None),
            chats.c.ended_at > since,
        )
        .group_by(chats.c.queue_id)
    )
    averages: dict[UUID, Decimal | float | None] = {q: average for q, average in averaged}
    return {
        queue_id: Load(
            tuple(limits[queue_id]),
            int(waiting.get(queue_id, 0)),
            _minutes(averages.get(queue_id)),
            active.get(queue_id, 0),
        )
        for queue_id in wanted
    }


async def add_member(session: AsyncSession, queue_id: UUID, professional: UUID) -> None:
    await session.execute(
        insert(queue_members)
        .values(queue_id=queue_id, professional_id=professional)
        .on_conflict_do_nothing()
    )


async def remove_member(session: AsyncSession, queue_id: UUID, professional: UUID) -> bool:
    await session.execute(
        delete(duty_queues).where(
            duty_queues.c.queue_id == queue_id, duty_queues.c.professional_id == professional
        )
    )
    result = await session.execute(
        delete(queue_members).where(
            queue_members.c.queue_id == queue_id, queue_members.c.professional_id == professional
        )
    )
    return bool(getattr(result, "rowcount", 0))


async def memberships(session: AsyncSession, professional: UUID) -> set[UUID]:
    rows = await session.scalars(
        select(queue_members.c.queue_id).where(queue_members.c.professional_id == professional)
    )
    return set(rows)


async def go_on_duty(
    session: AsyncSession, professional: UUID, limit: int, queue_ids: Iterable[UUID]
) -> None:
    await session.execute(
        insert(duty)
        .values(professional_id=professional, chat_limit=limit)
        .on_conflict_do_update(index_elements=["professional_id"], set_={"chat_limit": limit})
    )
    await session.execute(delete(duty_queues).where(duty_queues.c.professional_id == professional))
    rows = [{"professional_id": professional, "queue_id": q} for q in queue_ids]
    if rows:
        await session.execute(insert(duty_queues), rows)


async def go_off_duty(session: AsyncSession, professional: UUID) -> None:
    await session.execute(delete(duty).where(duty.c.professional_id == professional))


async def duty_of(
    session: AsyncSession, professional: UUID, *, lock: bool = False
) -> tuple[int, set[UUID]] | None:
    """The professional's limit and the queues they are on duty in, or None when off duty.
    `lock` holds their duty row until the transaction ends: taking chats one at a time per
    professional is what keeps two replicas from both giving them one over their limit."""
    statement = select(duty.c.chat_limit).where(duty.c.professional_id == professional)
    if lock:
        statement = statement.with_for_update()
    limit = await session.scalar(statement)
    if limit is None:
        return None
    queue_ids = await session.scalars(
        select(duty_queues.c.queue_id).where(duty_queues.c.professional_id == professional)
    )
    return int(limit), set(queue_ids)


async def lock_queue(session: AsyncSession, queue_id: UUID) -> None:
    """Serialise admissions to one queue, so two replicas cannot both admit its last place."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"chat-queue:{queue_id}"},
    )


def _minutes(average: Decimal | float | None) -> float | None:
    """PostgreSQL's avg() is a numeric (Decimal); None when no chat closed lately."""
    return None if average is None else float(average)
