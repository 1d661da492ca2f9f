"""Which chats have news, across replicas: PostgreSQL LISTEN on one direct connection.

Why PostgreSQL and not Kafka: the entries already live in PostgreSQL, and `NOTIFY` sent in
the writing transaction is delivered only when that transaction commits, so a woken reader
can always read what woke it; a replica needs no consumer group of its own and nothing
about a chat (not even ids) goes on the broker. The payload is ids only (`<chat>:<seq>`,
or a queue's id); the reader then reads the truth from the table. A notification missed
while the connection was down is healed on reconnecting: every watcher is woken and reads
what it has not seen, so nothing is lost, only delayed.

The connection is a direct asyncpg one, not from the pool (a LISTEN outlives any
transaction), so a transaction-pooling pgbouncer must not sit in front of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable
from typing import Any
from uuid import UUID

import asyncpg
import structlog

from fc_chat.store.entries import CHANNEL, QUEUE_CHANNEL
from fc_shared.settings import Settings

log = structlog.get_logger(__name__)

# How an operator (and the fault test) tells the listening connection in pg_stat_activity.
APPLICATION_NAME = "chat-listener"
Wake = Callable[[int], None]  # called with the new sequence number (0: unknown, read all)


class Listener:
    """Calls each chat's and each queue's watchers when PostgreSQL says something changed."""

    def __init__(self, settings: Settings, service: str, retry_seconds: float) -> None:
        url = settings.service_database_url(service).set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        self._retry = retry_seconds
        self._chats: dict[UUID, set[Wake]] = {}
        self._queues: dict[UUID, set[Wake]] = {}
        self.connected = asyncio.Event()

    def watch_chat(self, chat_id: UUID, wake: Wake) -> None:
        self._chats.setdefault(chat_id, set()).add(wake)

    def unwatch_chat(self, chat_id: UUID, wake: Wake) -> None:
        _drop(self._chats, chat_id, wake)

    def watch_queue(self, queue_id: UUID, wake: Wake) -> None:
        self._queues.setdefault(queue_id, set()).add(wake)

    def unwatch_queue(self, queue_id: UUID, wake: Wake) -> None:
        _drop(self._queues, queue_id, wake)

    @property
    def watched_queues(self) -> int:
        return len(self._queues)

    def _on_entry(self, _: Any, __: int, ___: str, payload: str) -> None:
        chat, _sep, seq = payload.partition(":")
        with contextlib.suppress(ValueError):
            for wake in list(self._chats.get(UUID(chat), ())):
                wake(int(seq or 0))

    def _on_queue(self, _: Any, __: int, ___: str, payload: str) -> None:
        with contextlib.suppress(ValueError):
            for wake in list(self._queues.get(UUID(payload), ())):
                wake(0)

    def _wake_everyone(self) -> None:
        for watchers in (*self._chats.values(), *self._queues.values()):
            for wake in list(watchers):
                wake(0)

    async def run_forever(self) -> None:
        """Keep listening; reconnect after any failure, then wake everyone to catch up."""
        while True:
            connection: asyncpg.Connection | None = None
            try:
                connection = await asyncpg.connect(
                    self._dsn, timeout=5, server_settings={"application_name": APPLICATION_NAME}
                )
                lost = asyncio.Event()
                connection.add_termination_listener(functools.partial(_set, lost))
                await connection.add_listener(CHANNEL, self._on_entry)
                await connection.add_listener(QUEUE_CHANNEL, self._on_queue)
                self.connected.set()
                self._wake_everyone()
                while not lost.is_set():
                    # A silent network drop shows only when something is sent: probe.
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(lost.wait(), timeout=10)
                    if not lost.is_set():
                        await connection.execute("SELECT 1", timeout=5)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the database away: wait it out, never give up
                log.warning("chat listener lost the database", error=type(error).__name__)
            finally:
                self.connected.clear()
                if connection is not None and not connection.is_closed():
                    connection.terminate()
            await asyncio.sleep(self._retry)


def _drop(watchers: dict[UUID, set[Wake]], key: UUID, wake: Wake) -> None:
    found = watchers.get(key)
    if found is not None:
        found.discard(wake)
        if not found:
            del watchers[key]


def _set(event: asyncio.Event, _: object) -> None:
    event.set()
