"""A chat from taking to close (asking for one is admission.py): a professional
taking it within their limit, transferring it, showing 112, closing it with a code, the
visitor leaving or choosing to become identified, and staff blocking an anonymous token.

Every change takes the chat's row lock first (store.chats.get(lock=True)), writes its entry
and stages its event in the same transaction; taking a chat also locks the professional's
duty row, so two replicas never give one professional more chats than their limit.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.domain import chats as rules
from fc_chat.domain.chats import AbandonReason, Chat, ChatStatus, ClosingCode, Visitor
from fc_chat.domain.emergency import emergency_text
from fc_chat.domain.entries import Author, EntryKind, NewEntry
from fc_chat.domain.queues import Queue
from fc_chat.settings import ChatSettings
from fc_chat.store import chats, entries, queues, visitors
from fc_chat.use_cases import entries as writing
from fc_shared.events import (
    ChatAbandoned,
    ChatClosed,
    ChatStarted,
    ChatTransferred,
)
from fc_shared.outbox import add_event
from fc_shared.refusals import conflict, not_allowed, not_found


def about(chat: Chat) -> dict[str, object]:
    return {
        "chat_id": chat.id,
        "queue": chat.queue_code,
        "municipality_code": chat.municipality_code,
        "language": chat.language,
    }


async def locked(session: AsyncSession, chat_id: UUID) -> Chat:
    chat = await chats.get(session, chat_id, lock=True)
    if chat is None:
        raise rules.no_such_chat(chat_id)
    return chat


async def take_next(
    session: AsyncSession,
    settings: ChatSettings,
    *,
    professional: UUID,
    queue: Queue | None,
    now: datetime,
) -> Chat:
    """The longest-waiting chat of the given queue (or of every queue the professional is
    on duty in), within their limit."""
    limit, on_duty_in = await _on_duty(session, professional)
    if queue is not None:
        _check_serves(on_duty_in, queue.id)
        on_duty_in = {queue.id}
    rules.check_under_limit(await chats.active_count(session, professional), limit)
    chat_id = await chats.next_waiting(session, on_duty_in)
    if chat_id is None:
        raise not_found("nothing_waiting", "No chat is waiting in your queues.")
    return await _take(session, settings, await locked(session, chat_id), professional, now)


async def take(
    session: AsyncSession,
    settings: ChatSettings,
    *,
    chat_id: UUID,
    professional: UUID,
    now: datetime,
) -> Chat:
    """A chat the professional chose from the queue."""
    limit, on_duty_in = await _on_duty(session, professional)
    chat = await locked(session, chat_id)
    _check_serves(on_duty_in, chat.queue_id)
    rules.check_waiting(chat)
    rules.check_under_limit(await chats.active_count(session, professional), limit)
    return await _take(session, settings, chat, professional, now)


async def _on_duty(session: AsyncSession, professional: UUID) -> tuple[int, set[UUID]]:
    found = await queues.duty_of(session, professional, lock=True)
    if found is None:
        raise not_allowed("not_on_duty", "Go on duty in a queue first (PUT /v1/chat/duty).")
    return found


def _check_serves(on_duty_in: set[UUID], queue_id: UUID) -> None:
    if queue_id not in on_duty_in:
        raise not_allowed("not_your_queue", "You are not on duty in this chat's queue.")


async def _take(
    session: AsyncSession, settings: ChatSettings, chat: Chat, professional: UUID, now: datetime
) -> Chat:
    await chats.change(
        session,
        chat.id,
        status=ChatStatus.ACTIVE.value,
        professional_id=professional,
        started_at=now,
    )
    await chats.add_participant(session, chat.id, professional)
    await writing.write(
        session, settings, chat.id, NewEntry(EntryKind.TAKEN, Author.SYSTEM, professional)
    )
    await add_event(
        session,
        settings,
        ChatStarted(
            **about(chat),
            professional_id=professional,
            started_at=now,
            waited_seconds=rules.waited_seconds(chat, now),
        ),
    )
    await entries.queue_changed(session, chat.queue_id)
    return await locked(session, chat.id)


async def transfer(
    session: AsyncSession,
    settings: ChatSettings,
    *,
    chat_id: UUID,
    professional: UUID,
    to_professional: UUID | None,
    to_queue: Queue | None,
    note: str | None,
    now: datetime,
) -> Chat:
    """Hand the chat to another professional on duty in its queue (within their limit), or
    back to a queue to wait; the conversation goes with it, the note for staff only."""
    chat = await locked(session, chat_id)
    rules.check_professional_of(chat, professional)
    target_queue = to_queue.id if to_queue else chat.queue_id
    if to_professional is not None:
        found = await queues.duty_of(session, to_professional, lock=True)
        if found is None or target_queue not in found[1]:
            raise conflict(
                "colleague_not_on_duty", "That professional is not on duty in this queue"
            )
        if await chats.active_count(session, to_professional) >= found[0]:
            raise conflict("colleague_at_limit", "That professional is at their limit of chats")
        await chats.change(session, chat.id, professional_id=to_professional, queue_id=target_queue)
        await chats.add_participant(session, chat.id, to_professional)
    else:
        await chats.change(
            session,
            chat.id,
            status=ChatStatus.WAITING.value,
            professional_id=None,
            queue_id=target_queue,
        )
        await entries.queue_changed(session, target_queue)
    await writing.write(
        session,
        settings,
        chat.id,
        NewEntry(
            EntryKind.TRANSFERRED,
            Author.SYSTEM,
            professional,
            details={"to": "professional" if to_professional else "queue"},
        ),
    )
    if note:
        text = rules.clean_text(note, settings.chat_message_max_chars)
        await writing.write(
            session,
            settings,
            chat.id,
            NewEntry(EntryKind.NOTE, Author.PROFESSIONAL, professional, text, staff_only=True),
        )
    moved = await locked(session, chat.id)
    await add_event(
        session,
        settings,
        ChatTransferred(
            **about(moved),
            from_queue=chat.queue_code,
            from_professional_id=professional,
            to_professional_id=to_professional,
            transferred_at=now,
        ),
    )
    return moved


async def show_emergency(
    session: AsyncSession, settings: ChatSettings, *, chat_id: UUID, professional: UUID
) -> Chat:
    chat = await locked(session, chat_id)
    rules.check_professional_of(chat, professional)
    await _emergency(session, settings, chat)
    return await locked(session, chat.id)


async def _emergency(session: AsyncSession, settings: ChatSettings, chat: Chat) -> None:
    text = emergency_text(chat.language)
    await writing.write(
        session, settings, chat.id, NewEntry(EntryKind.EMERGENCY, Author.SYSTEM, text=text)
    )
    await chats.change(session, chat.id, emergency_shown=True)


async def close(
    session: AsyncSession,
    settings: ChatSettings,
    *,
    chat_id: UUID,
    professional: UUID,
    code: ClosingCode,
    now: datetime,
) -> Chat:
    """End the chat with a closing code; closing for acute danger first shows 112 and the
    crisis line if the professional has not yet, so the visitor always sees them."""
    chat = await locked(session, chat_id)
    rules.check_professional_of(chat, professional)
    if code is ClosingCode.BLOCKED:
        raise conflict("use_block", "Block the token instead", "POST /v1/chats/{id}/block.")
    return await _close(session, settings, chat, professional, code, now)


async def _close(
    session: AsyncSession,
    settings: ChatSettings,
    chat: Chat,
    professional: UUID,
    code: ClosingCode,
    now: datetime,
) -> Chat:
    if code is ClosingCode.ACUTE_DANGER and not chat.emergency_shown:
        await _emergency(session, settings, chat)
        chat = await locked(session, chat.id)
    await writing.write(
        session,
        settings,
        chat.id,
        NewEntry(
            EntryKind.CLOSED, Author.SYSTEM, professional, details={"closing_code": code.value}
        ),
    )
    await chats.change(
        session, chat.id, status=ChatStatus.CLOSED.value, ended_at=now, closing_code=code.value
    )
    await add_event(
        session,
        settings,
        ChatClosed(
            **about(chat),
            professional_id=professional,
            closed_at=now,
            duration_seconds=rules.chat_seconds(chat, now),
            closing_code=code.value,
            messages=await entries.count_messages(session, chat.id),
            emergency_info_shown=chat.emergency_shown,
        ),
    )
    return await locked(session, chat.id)


async def block(
    session: AsyncSession,
    settings: ChatSettings,
    *,
    chat_id: UUID,
    professional: UUID,
    now: datetime,
) -> Chat:
    """End the chat and block the anonymous visitor's token: it opens nothing again, and
    the token's other chats still waiting leave the queue (nobody should take them)."""
    chat = await locked(session, chat_id)
    rules.check_professional_of(chat, professional)
    if chat.visitor_id is None:
        raise conflict("not_anonymous", "Only an anonymous visitor's token can be blocked")
    await visitors.block(session, chat.visitor_id)
    for other in await chats.waiting_of_visitor(session, chat.visitor_id):
        waiting = await locked(session, other)
        if waiting.status is ChatStatus.WAITING:
            await abandon(session, settings, waiting, AbandonReason.VISITOR_GONE, now)
    return await _close(session, settings, chat, professional, ClosingCode.BLOCKED, now)


async def leave(
    session: AsyncSession, settings: ChatSettings, *, chat_id: UUID, visitor: Visitor, now: datetime
) -> Chat:
    """The visitor leaves: a waiting chat is abandoned; an active one stays for its
    professional to close, who is told."""
    chat = await locked(session, chat_id)
    rules.check_visitor(chat, visitor)
    rules.check_open(chat)
    if chat.status is ChatStatus.WAITING:
        return await abandon(session, settings, chat, AbandonReason.VISITOR_LEFT, now)
    await writing.write(session, settings, chat.id, NewEntry(EntryKind.VISITOR_LEFT, Author.SYSTEM))
    await chats.change(session, chat.id, visitor_present_until=now)
    return await locked(session, chat.id)


async def abandon(
    session: AsyncSession, settings: ChatSettings, chat: Chat, reason: AbandonReason, now: datetime
) -> Chat:
    await writing.write(
        session,
        settings,
        chat.id,
        NewEntry(EntryKind.ABANDONED, Author.SYSTEM, details={"reason": reason.value}),
    )
    await chats.change(session, chat.id, status=ChatStatus.ABANDONED.value, ended_at=now)
    await add_event(
        session,
        settings,
        ChatAbandoned(
            **about(chat),
            abandoned_at=now,
            waited_seconds=rules.waited_seconds(chat, now),
            reason=reason.value,
        ),
    )
    await entries.queue_changed(session, chat.queue_id)
    return await locked(session, chat.id)


async def identify(
    session: AsyncSession,
    settings: ChatSettings,
    *,
    chat_id: UUID,
    token_holder: UUID,
    subject: UUID,
    acr: str | None,
) -> Chat:
    """The anonymous visitor chose to become identified, after a strong sign-in: from now
    on the chat is theirs as that person, and the professional sees it verified."""
    chat = await locked(session, chat_id)
    rules.check_visitor(chat, Visitor(token_holder=token_holder))
    rules.check_identifiable(chat)
    if acr not in settings.chat_strong_acr:
        raise not_allowed(
            "strong_sign_in_required",
            "Sign in with strong electronic identification (bank codes, mobile "
            "certificate) to identify yourself in the chat.",
        )
    await chats.change(session, chat.id, visitor_subject=subject, identity_verified=True)
    await writing.write(
        session,
        settings,
        chat.id,
        NewEntry(EntryKind.IDENTIFIED, Author.SYSTEM, details={"verified": True}),
    )
    return await locked(session, chat.id)
