"""Live delivery: what an open stream is sent, in order, none lost.

A reader is given first what it missed (the entries after its Last-Event-ID, read from the
table), then each new entry as it is written. Per process there is one feed per chat that
has readers here: when the listener (adapters/fanout.py) says a chat has news, the feed reads
the new entries once, opens their text once, and hands them to each of its readers, which
drop what they already have (by sequence number) and what is not for them (staff notes).
So the database is read once per entry per replica, however many readers follow a chat.
A waiting visitor's reader is also woken when its queue moves, to be told its new place.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fc_chat.adapters.fanout import Listener
from fc_chat.domain.chats import Chat, ChatStatus
from fc_chat.domain.entries import ENDING_KINDS, Entry, EntryKind, visible_to_visitor
from fc_chat.settings import ChatSettings
from fc_chat.store import chats
from fc_chat.use_cases import entries as reading
from fc_chat.use_cases import messages
from fc_chat.use_cases.queues import Place, place_of

_BACKLOG_PAGE = 500


class _QueueMoved:
    """A reader's signal that its queue changed (not an entry)."""


QUEUE_MOVED = _QueueMoved()


@dataclass(eq=False)
class _Reader:
    staff: bool
    sent: int
    queue_id: UUID | None = None  # the queue a waiting visitor's reader is watching
    inbox: asyncio.Queue[Entry | _QueueMoved] = field(default_factory=asyncio.Queue)

    def offer(self, entry: Entry) -> None:
        if entry.seq > self.sent and (self.staff or visible_to_visitor(entry)):
            self.inbox.put_nowait(entry)

    def queue_moved(self, _: int) -> None:
        self.inbox.put_nowait(QUEUE_MOVED)


@dataclass(eq=False)
class _Feed:
    chat_id: UUID
    last_seq: int
    readers: set[_Reader] = field(default_factory=set)
    dirty: bool = False
    task: asyncio.Task[None] | None = None
    wake: Callable[[int], None] | None = None


class Feeds:
    """This process's feeds, one per chat with readers here."""

    def __init__(
        self,
        listener: Listener,
        sessions: async_sessionmaker[AsyncSession],
        settings: ChatSettings,
    ) -> None:
        self.listener = listener
        self._sessions = sessions
        self._settings = settings
        self._feeds: dict[UUID, _Feed] = {}
        # The chats whose visitor has a stream open here, with how many streams each.
        self._visitors: Counter[UUID] = Counter()

    def _join(self, chat: Chat, reader: _Reader) -> _Feed:
        feed = self._feeds.get(chat.id)
        if feed is None:
            feed = _Feed(chat.id, chat.last_seq)
            self._feeds[chat.id] = feed
            feed.wake = functools.partial(self._wake, feed)
            self.listener.watch_chat(chat.id, feed.wake)
        feed.readers.add(reader)
        return feed

    def _leave(self, feed: _Feed, reader: _Reader) -> None:
        feed.readers.discard(reader)
        if not feed.readers and self._feeds.get(feed.chat_id) is feed:
            del self._feeds[feed.chat_id]
            if feed.wake is not None:
                self.listener.unwatch_chat(feed.chat_id, feed.wake)
            if feed.task is not None:
                feed.task.cancel()

    def _wake(self, feed: _Feed, seq: int) -> None:
        if seq and seq <= feed.last_seq:
            return  # already read (a notification for an entry this feed has)
        feed.dirty = True
        if feed.task is None or feed.task.done():
            feed.task = asyncio.get_running_loop().create_task(self._refresh(feed))

    async def _refresh(self, feed: _Feed) -> None:
        while feed.dirty:
            feed.dirty = False
            try:
                async with self._sessions() as session:
                    found = await reading.read_after(
                        session, self._settings, feed.chat_id, feed.last_seq, staff=True
                    )
            except Exception:  # the database away: the listener's reconnect wakes us again
                await asyncio.sleep(0.5)
                feed.dirty = True
                continue
            for entry in found:
                feed.last_seq = max(feed.last_seq, entry.seq)
                for reader in list(feed.readers):
                    reader.offer(entry)
            if len(found) >= _BACKLOG_PAGE:
                feed.dirty = True

    async def follow(
        self, chat: Chat, *, staff: bool, after: int
    ) -> AsyncIterator[Entry | Place | None]:
        """The chat's entries after `after`, then each new one, until the chat ends; a
        waiting visitor's new place whenever its queue moves; None every heartbeat (the
        caller's moment to renew presence and keep the connection alive)."""
        reader = _Reader(staff=staff, sent=after)
        feed = self._join(chat, reader)  # before reading the backlog: nothing falls between
        if not staff:
            self._visitors[chat.id] += 1
        try:
            async for entry in self._backlog(chat.id, staff, after):
                reader.sent = entry.seq
                yield entry
                if entry.kind in ENDING_KINDS:
                    return
            if not staff and chat.status is ChatStatus.WAITING:
                # Only a waiting chat's visitor follows its queue: a busy queue would
                # otherwise wake every visitor stream in it, answered or not.
                self._watch_queue(reader, chat.queue_id)
                reader.queue_moved(0)
            async for item in self._tail(chat.id, reader):
                yield item
        finally:
            if not staff:
                self._visitors[chat.id] -= 1
                if self._visitors[chat.id] <= 0:
                    del self._visitors[chat.id]
            self._watch_queue(reader, None)
            self._leave(feed, reader)

    def visitor_listening(self, chat_id: UUID) -> bool:
        """Whether the chat's visitor still has a stream open here (another tab)."""
        return self._visitors[chat_id] > 0

    async def renew_presence_forever(self) -> None:
        """Once a heartbeat, mark every visitor with a stream open here as still present, in
        one statement (the streams of a replica would otherwise all write at one moment)."""
        while True:
            await asyncio.sleep(self._settings.chat_heartbeat_seconds)
            present = list(self._visitors)
            if not present:
                continue
            try:
                async with self._sessions() as session, session.begin():
                    await messages.renew_presence(
                        session, self._settings, chat_ids=present, now=datetime.now(UTC)
                    )
            except Exception:  # the database away: presence is a hint; the next beat retries
                continue

    def _watch_queue(self, reader: _Reader, queue_id: UUID | None) -> None:
        """Follow the queue the visitor's chat waits in (a transfer may change it)."""
        if reader.queue_id == queue_id:
            return
        if reader.queue_id is not None:
            self.listener.unwatch_queue(reader.queue_id, reader.queue_moved)
        reader.queue_id = queue_id
        if queue_id is not None:
            self.listener.watch_queue(queue_id, reader.queue_moved)

    async def _tail(self, chat_id: UUID, reader: _Reader) -> AsyncIterator[Entry | Place | None]:
        """What the feed hands the reader, in order and once each, until the chat ends."""
        while True:
            try:
                item = await asyncio.wait_for(
                    reader.inbox.get(), self._settings.chat_heartbeat_seconds
                )
            except TimeoutError:
                yield None
                continue
            if isinstance(item, _QueueMoved):
                place = await self._place(chat_id, reader)
                if place is not None:
                    yield place
            elif item.seq > reader.sent:
                reader.sent = item.seq
                yield item
                if item.kind in ENDING_KINDS:
                    return
                if not reader.staff and item.kind in (EntryKind.TAKEN, EntryKind.TRANSFERRED):
                    reader.queue_moved(0)  # taken, or back in a (maybe other) queue

    async def _backlog(self, chat_id: UUID, staff: bool, after: int) -> AsyncIterator[Entry]:
        while True:
            async with self._sessions() as session:
                page = await reading.read_after(
                    session, self._settings, chat_id, after, staff=staff
                )
            for entry in page:
                after = entry.seq
                yield entry
            if len(page) < _BACKLOG_PAGE:
                return

    async def _place(self, chat_id: UUID, reader: _Reader) -> Place | None:
        with contextlib.suppress(Exception):  # a database blip: the next wake says it
            async with self._sessions() as session:
                chat = await chats.get(session, chat_id)
                if chat is None or chat.status is not ChatStatus.WAITING:
                    self._watch_queue(reader, None)  # taken or ended: no place to follow
                    return None
                self._watch_queue(reader, chat.queue_id)
                return await place_of(session, chat, datetime.now(UTC))
        return None
