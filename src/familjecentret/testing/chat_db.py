"""What chat's tests read or change where no API reaches: chat's database (rows, the
access log, staged events, times moved back) and the events on its topic."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from familjecentret.testing.broker import Record, read_topic
from familjecentret.testing.stack import Stack
from fc_shared.db import create_engine
from fc_shared.events.base import DomainEvent


async def chat_database(stack: Stack) -> dict[str, list[str]]:
    """Every row of every table in chat's database, each as PostgreSQL's JSON text of it
    (bytea as \\x-hex), by table: what a copy of the database would show anyone."""
    engine = create_engine(stack.settings, "chat")
    dump: dict[str, list[str]] = {}
    try:
        async with engine.connect() as connection:
            tables = await connection.execute(
                text(
                    "SELECT table_schema, table_name FROM information_schema.tables "
                    "WHERE table_type = 'BASE TABLE' "
                    "AND table_schema NOT IN ('pg_catalog', 'information_schema')"
                )
            )
            for schema, table in tables.all():
                rows = await connection.scalars(
                    text(f'SELECT row_to_json(t)::text FROM "{schema}"."{table}" t')
                )
                dump[f"{schema}.{table}"] = list(rows)
    finally:
        await engine.dispose()
    return dump


def tables_holding(dump: dict[str, list[str]], secret: str) -> list[str]:
    """The tables where `secret` appears in some row, as text or as bytes."""
    forms = (secret, secret.encode().hex())
    return [table for table, rows in dump.items() if any(f in row for row in rows for f in forms)]


async def chat_rows(stack: Stack, sql: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of a query on chat's own database."""
    engine = create_engine(stack.settings, "chat")
    try:
        async with engine.connect() as connection:
            result = await connection.execute(text(sql), params)
            return [dict(row) for row in result.mappings()]
    finally:
        await engine.dispose()


async def chat_sql(stack: Stack, sql: str, **params: Any) -> None:
    """A change made directly in chat's database (time moved back, as if long ago)."""
    engine = create_engine(stack.settings, "chat")
    try:
        async with engine.begin() as connection:
            await connection.execute(text(sql), params)
    finally:
        await engine.dispose()


async def reads_logged(stack: Stack, chat_id: str) -> list[tuple[UUID, str, bool]]:
    """The access log's entries about a chat, oldest first: (actor, action, allowed)."""
    rows = await chat_rows(
        stack,
        "SELECT actor, action, allowed FROM access_log WHERE subject_id = :chat ORDER BY id",
        chat=UUID(chat_id),
    )
    return [(row["actor"], row["action"], row["allowed"]) for row in rows]


async def events_staged(stack: Stack, chat_id: str, event_type: str) -> int:
    """How many events of this type chat has written for the chat (its outbox keeps every
    one, sent or not, written in the transaction of the change that caused it)."""
    rows = await chat_rows(
        stack,
        "SELECT count(*) AS n FROM outbox WHERE key = :key AND type = :type",
        key=chat_id,
        type=event_type,
    )
    return int(rows[0]["n"])


async def entry_count(stack: Stack, chat_id: str) -> int:
    rows = await chat_rows(
        stack, "SELECT count(*) AS n FROM chat_entries WHERE chat_id = :chat", chat=UUID(chat_id)
    )
    return int(rows[0]["n"])


E = TypeVar("E", bound=DomainEvent)


async def chat_events(
    stack: Stack, kind: type[E], where: Callable[[E], bool], *, count: int = 1
) -> list[E]:
    """The chat events of this kind that `where` picks, read back from the broker once at
    least `count` of them are there."""

    def picked(records: list[Record]) -> list[E]:
        typed = [
            kind.model_validate_json(r.value)
            for r in records
            if r.headers.get("ce_type") == kind.TYPE
        ]
        return [event for event in typed if where(event)]

    records = await read_topic(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic(kind.TOPIC),
        until=lambda records: len(picked(records)) >= count,
    )
    return picked(records)


@contextlib.asynccontextmanager
async def chat_connection(stack: Stack) -> AsyncIterator[AsyncConnection]:
    """A connection to chat's own database, in one transaction, for what no API shows or
    changes: a wait or a conversation made older than the test could wait for."""
    engine = create_engine(stack.settings, "chat")
    try:
        async with engine.begin() as connection:
            yield connection
    finally:
        await engine.dispose()


async def backdate(stack: Stack, chat_id: str, *, column: str, seconds: int) -> None:
    """Move one of the chat's times (`requested_at` or `started_at`) back by `seconds`."""
    assert column in ("requested_at", "started_at")
    async with chat_connection(stack) as connection:
        await connection.execute(
            text(
                f"UPDATE chats SET {column} = {column} - make_interval(secs => :s) WHERE id = :id"
            ),
            {"s": seconds, "id": UUID(chat_id)},
        )


async def chats_in_queue(stack: Stack, queue: str) -> int:
    """How many chats chat's table holds for the queue, in any status."""
    async with chat_connection(stack) as connection:
        found = await connection.scalar(
            text(
                "SELECT count(*) FROM chats JOIN queues ON queues.id = chats.queue_id "
                "WHERE queues.code = :code"
            ),
            {"code": queue},
        )
    return int(found or 0)


async def anonymous_visitors(stack: Stack) -> int:
    """How many anonymous visitors (token holders) chat keeps."""
    async with chat_connection(stack) as connection:
        found = await connection.scalar(text("SELECT count(*) FROM visitors"))
    return int(found or 0)
