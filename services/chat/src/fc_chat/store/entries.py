"""A chat's entries in SQL: appended in order, read after a sequence number.

Appending bumps the chat's `last_seq` (under the chat's row lock, which the use case holds)
and sends `NOTIFY chat_entries, '<chat id>:<seq>'` in the same transaction: PostgreSQL
delivers it to every replica's listener only when the transaction commits, so no reader is
ever woken for an entry it cannot yet read. The payload is ids only.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import RowMapping, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.domain.entries import Author, Entry, EntryKind, NewEntry
from fc_chat.store.tables import chat_entries, chats

CHANNEL = "chat_entries"
QUEUE_CHANNEL = "chat_queues"


def _entry(row: RowMapping) -> Entry:
    return Entry(
        chat_id=row["chat_id"],
        seq=row["seq"],
        kind=EntryKind(row["kind"]),
        author=Author(row["author"]),
        author_id=row["author_id"],
        text=row["text_token"],  # still the encrypted token: the use case opens it
        staff_only=row["staff_only"],
        at=row["at"],
        details=dict(row["details"]),
    )


async def append(
    session: AsyncSession, chat_id: UUID, entry: NewEntry, text_token: str | None
) -> int:
    """Write the entry as the chat's next; its sequence number."""
    seq = await session.scalar(
        update(chats)
        .where(chats.c.id == chat_id)
        .values(last_seq=chats.c.last_seq + 1)
        .returning(chats.c.last_seq)
    )
    assert seq is not None
    await session.execute(
        insert(chat_entries).values(
            chat_id=chat_id,
            seq=seq,
            kind=entry.kind.value,
            author=entry.author.value,
            author_id=entry.author_id,
            text_token=text_token,
            staff_only=entry.staff_only,
            details=entry.details,
            at=func.clock_timestamp(),
        )
    )
    await session.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": CHANNEL, "payload": f"{chat_id}:{seq}"},
    )
    return int(seq)


async def after(
    session: AsyncSession, chat_id: UUID, seq: int, *, with_staff_only: bool, limit: int = 500
) -> list[Entry]:
    statement = select(chat_entries).where(
        chat_entries.c.chat_id == chat_id, chat_entries.c.seq > seq
    )
    if not with_staff_only:
        statement = statement.where(chat_entries.c.staff_only.is_(False))
    statement = statement.order_by(chat_entries.c.seq).limit(limit)
    return [_entry(row) for row in (await session.execute(statement)).mappings()]


async def count_messages(session: AsyncSession, chat_id: UUID) -> int:
    found = await session.scalar(
        select(func.count()).where(
            chat_entries.c.chat_id == chat_id, chat_entries.c.kind == EntryKind.MESSAGE.value
        )
    )
    return int(found or 0)


async def recent_posts(session: AsyncSession, chat_id: UUID, author: Author, seconds: int) -> int:
    """Messages this side wrote in the chat in the last `seconds` (the posting limit)."""
    found = await session.scalar(
        select(func.count()).where(
            chat_entries.c.chat_id == chat_id,
            chat_entries.c.kind == EntryKind.MESSAGE.value,
            chat_entries.c.author == author.value,
            chat_entries.c.at
            > func.clock_timestamp() - func.make_interval(0, 0, 0, 0, 0, 0, seconds),
        )
    )
    return int(found or 0)


async def queue_changed(session: AsyncSession, queue_id: UUID) -> None:
    """Wake the readers waiting in this queue (their place may have moved); on commit."""
    await session.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": QUEUE_CHANNEL, "payload": str(queue_id)},
    )
