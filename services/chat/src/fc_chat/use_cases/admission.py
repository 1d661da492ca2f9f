"""Asking for a chat: who may ask where, and a queue admitting the chat or turning it away
(closed or full) with its away message; the request is recorded either way
(ChatRequested), since the demand nobody could answer is what the county most needs to see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.domain import chats as rules
from fc_chat.domain.chats import Chat, ChatStatus, Visitor
from fc_chat.domain.entries import Author, EntryKind, NewEntry
from fc_chat.domain.queues import Queue, admission, check_may_start, state_of, turned_away
from fc_chat.settings import ChatSettings
from fc_chat.store import chats, entries, families, queues
from fc_chat.use_cases import entries as writing
from fc_chat.use_cases.chats import locked
from fc_chat.use_cases.queues import find_queue
from fc_shared.events import ChatRequested
from fc_shared.outbox import add_event
from fc_shared.refusals import Refused, not_allowed


@dataclass(frozen=True, slots=True)
class Request:
    """What a visitor asks for when starting a chat."""

    language: str
    queue_code: str | None = None
    topic: str | None = None
    on_behalf_of: UUID | None = None
    first_message: str | None = None


@dataclass(frozen=True, slots=True)
class Admitted:
    chat: Chat  # its place and expected wait: use_cases/queues.py place_of


@dataclass(frozen=True, slots=True)
class TurnedAway:
    """The queue could not take the chat: the refusal to answer with, after the
    transaction that recorded the request (ChatRequested) commits."""

    refusal: Refused


async def start(
    session: AsyncSession,
    settings: ChatSettings,
    *,
    queue: Queue,
    request: Request,
    visitor: Visitor,
    verified: bool,
    now: datetime,
) -> Admitted | TurnedAway:
    """Put the visitor's chat in the queue (check_starter's), or say why it cannot take it."""
    await queues.lock_queue(session, queue.id)
    load = (await queues.loads(session, [queue.id], now - timedelta(days=7)))[queue.id]
    state = state_of(queue, load, now)
    away = admission(state)
    kind = "identified" if visitor.subject else "anonymous"
    chat_id = uuid4()
    requested = {
        "chat_id": chat_id,
        "queue": queue.code,
        "municipality_code": queue.municipality_code,
        "language": request.language,
        "visitor": kind,
        "on_behalf_of_child": request.on_behalf_of is not None,
        "requested_at": now,
        "topic": request.topic,
    }
    if away is not None:
        outcome = "closed" if away.availability.value == "closed" else "full"
        await add_event(session, settings, ChatRequested(**requested, outcome=outcome))
        return TurnedAway(turned_away(away, request.language))
    await chats.insert_chat(
        session,
        id=chat_id,
        queue_id=queue.id,
        language=request.language,
        status=ChatStatus.WAITING.value,
        visitor_id=visitor.token_holder if visitor.subject is None else None,
        visitor_subject=visitor.subject,
        on_behalf_of=request.on_behalf_of,
        identity_verified=verified,
        topic=request.topic,
        requested_at=now,
        visitor_present_until=now + timedelta(seconds=settings.chat_presence_seconds),
        visitor_seen_at=now,
    )
    await writing.write(session, settings, chat_id, NewEntry(EntryKind.QUEUED, Author.SYSTEM))
    if request.first_message:
        text = rules.clean_text(request.first_message, settings.chat_message_max_chars)
        await writing.write(
            session, settings, chat_id, NewEntry(EntryKind.MESSAGE, Author.VISITOR, text=text)
        )
    await add_event(session, settings, ChatRequested(**requested, outcome="queued"))
    await entries.queue_changed(session, queue.id)
    chat = await locked(session, chat_id)
    return Admitted(chat)


async def check_starter(
    session: AsyncSession, *, request: Request, visitor: Visitor, guardian: bool, youth: bool
) -> Queue:
    """The queue asked for, where the visitor may start a chat (on behalf of that child)."""
    queue = await find_queue(session, request.queue_code, request.topic, request.language)
    check_may_start(
        queue,
        anonymous=visitor.subject is None,
        guardian=guardian,
        youth=youth,
        for_child=request.on_behalf_of is not None,
    )
    if request.on_behalf_of is not None:
        assert visitor.subject is not None
        if not await families.is_guardian_of(session, visitor.subject, request.on_behalf_of):
            raise not_allowed("not_your_child", "You chat only on behalf of your own children.")
    return queue
