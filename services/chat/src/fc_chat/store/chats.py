"""Chats in SQL: created, read (with their queue's code and municipality), locked, changed."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, Select, and_, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.domain.chats import Chat, ChatStatus
from fc_chat.domain.entries import EntryKind
from fc_chat.store.tables import chat_entries, chat_participants, chats, queues

_COLUMNS = (*chats.c, queues.c.code.label("queue_code"), queues.c.municipality_code)


def _select() -> Select[Any]:
    return select(*_COLUMNS).join(queues, queues.c.id == chats.c.queue_id)


def _chat(row: RowMapping) -> Chat:
    return Chat(
        id=row["id"],
        queue_id=row["queue_id"],
        queue_code=row["queue_code"],
        municipality_code=row["municipality_code"],
        language=row["language"],
        status=ChatStatus(row["status"]),
        visitor_id=row["visitor_id"],
        visitor_subject=row["visitor_subject"],
        on_behalf_of=row["on_behalf_of"],
        identity_verified=row["identity_verified"],
        professional_id=row["professional_id"],
        topic=row["topic"],
        requested_at=row["requested_at"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        closing_code=row["closing_code"],
        emergency_shown=row["emergency_shown"],
        last_seq=row["last_seq"],
        visitor_present_until=row["visitor_present_until"],
        visitor_seen_at=row["visitor_seen_at"],
        answer_waiting_at=row["answer_waiting_at"],
    )


async def insert_chat(session: AsyncSession, **values: Any) -> None:
    await session.execute(insert(chats).values(**values))


async def get(session: AsyncSession, chat_id: UUID, *, lock: bool = False) -> Chat | None:
    """One chat; `lock` holds its row to the end of the transaction (every change of a chat
    and every entry written to it takes this lock first, so they happen one at a time)."""
    statement = _select().where(chats.c.id == chat_id)
    if lock:
        statement = statement.with_for_update(of=chats)
    row = (await session.execute(statement)).mappings().first()
    return _chat(row) if row else None


async def change(session: AsyncSession, chat_id: UUID, **values: Any) -> None:
    await session.execute(update(chats).where(chats.c.id == chat_id).values(**values))


async def active_count(session: AsyncSession, professional: UUID) -> int:
    count = await session.scalar(
        select(func.count()).where(
            chats.c.professional_id == professional, chats.c.status == ChatStatus.ACTIVE.value
        )
    )
    return int(count or 0)


async def next_waiting(session: AsyncSession, queue_ids: set[UUID]) -> UUID | None:
    """The longest-waiting chat of these queues, skipping any another replica is taking."""
    statement = (
        select(chats.c.id)
        .where(chats.c.queue_id.in_(queue_ids), chats.c.status == ChatStatus.WAITING.value)
        .order_by(chats.c.requested_at, chats.c.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def waiting_in(session: AsyncSession, queue_id: UUID) -> list[Chat]:
    statement = (
        _select()
        .where(chats.c.queue_id == queue_id, chats.c.status == ChatStatus.WAITING.value)
        .order_by(chats.c.requested_at, chats.c.id)
    )
    return [_chat(row) for row in (await session.execute(statement)).mappings()]


async def position(session: AsyncSession, chat: Chat) -> int:
    """1 for the next chat to be taken in its queue."""
    ahead = await session.scalar(
        select(func.count()).where(
            chats.c.queue_id == chat.queue_id,
            chats.c.status == ChatStatus.WAITING.value,
            or_(
                chats.c.requested_at < chat.requested_at,
                and_(chats.c.requested_at == chat.requested_at, chats.c.id < chat.id),
            ),
        )
    )
    return int(ahead or 0) + 1


async def of_subject(session: AsyncSession, subject: UUID) -> list[Chat]:
    statement = (
        _select().where(chats.c.visitor_subject == subject).order_by(chats.c.requested_at.desc())
    )
    return [_chat(row) for row in (await session.execute(statement)).mappings()]


async def of_professional(session: AsyncSession, professional: UUID) -> list[Chat]:
    statement = (
        _select()
        .where(chats.c.professional_id == professional, chats.c.status == ChatStatus.ACTIVE.value)
        .order_by(chats.c.started_at)
    )
    return [_chat(row) for row in (await session.execute(statement)).mappings()]


async def add_participant(session: AsyncSession, chat_id: UUID, professional: UUID) -> None:
    await session.execute(
        insert(chat_participants)
        .values(chat_id=chat_id, professional_id=professional)
        .on_conflict_do_nothing()
    )


async def took_part(session: AsyncSession, chat_id: UUID, professional: UUID) -> bool:
    found = await session.scalar(
        select(chat_participants.c.chat_id).where(
            chat_participants.c.chat_id == chat_id,
            chat_participants.c.professional_id == professional,
        )
    )
    return found is not None


async def overdue(
    session: AsyncSession, now: datetime, limit: int = 100
) -> list[tuple[UUID, bool]]:
    """Waiting chats past their queue's longest wait, or whose visitor stopped listening
    longer than the queue allows, each with whether it waited too long; locked, skipping
    those another replica is handling. A chat a professional sent back to a queue waits
    from then on: its conversation before is no wait (a waiting chat's last transfer is
    always the one that sent it back)."""
    sent_back = (
        select(func.max(chat_entries.c.at))
        .where(
            chat_entries.c.chat_id == chats.c.id,
            chat_entries.c.kind == EntryKind.TRANSFERRED.value,
        )
        .scalar_subquery()
    )
    waiting_since = func.greatest(chats.c.requested_at, sent_back)  # NULLs are ignored
    too_long = waiting_since < now - func.make_interval(0, 0, 0, 0, 0, queues.c.max_wait_minutes)
    gone = chats.c.visitor_present_until < now - func.make_interval(
        0, 0, 0, 0, 0, 0, queues.c.visitor_gone_seconds
    )
    statement = (
        select(chats.c.id, too_long)
        .join(queues, queues.c.id == chats.c.queue_id)
        .where(chats.c.status == ChatStatus.WAITING.value, or_(too_long, gone))
        .limit(limit)
        .with_for_update(of=chats, skip_locked=True)
    )
    return [(chat_id, bool(late)) for chat_id, late in await session.execute(statement)]


async def expired(session: AsyncSession, now: datetime, limit: int = 100) -> list[UUID]:
    """Ended chats older than their queue's retention."""
    statement = (
        select(chats.c.id)
        .join(queues, queues.c.id == chats.c.queue_id)
        .where(
            chats.c.ended_at.is_not(None),
            chats.c.ended_at < now - func.make_interval(0, 0, 0, queues.c.retention_days),
        )
        .limit(limit)
        .with_for_update(of=chats, skip_locked=True)
    )
    return list((await session.execute(statement)).scalars())


async def remove(session: AsyncSession, chat_id: UUID) -> None:
    """The chat, its entries and its participants (they cascade)."""
    await session.execute(delete(chats).where(chats.c.id == chat_id))


async def waiting_of_visitor(session: AsyncSession, visitor: UUID) -> list[UUID]:
    """The anonymous visitor's chats still waiting in a queue."""
    statement = select(chats.c.id).where(
        chats.c.visitor_id == visitor, chats.c.status == ChatStatus.WAITING.value
    )
    return list((await session.execute(statement)).scalars())


async def renew_presence(
    session: AsyncSession, chat_ids: list[UUID], *, seen: datetime, until: datetime
) -> None:
    """The visitors of these chats are still listening (open chats only)."""
    await session.execute(
        update(chats)
        .where(
            chats.c.id.in_(chat_ids),
            chats.c.status.in_((ChatStatus.WAITING.value, ChatStatus.ACTIVE.value)),
        )
        .values(visitor_seen_at=seen, visitor_present_until=until)
    )
