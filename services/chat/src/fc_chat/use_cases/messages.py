"""Messages and reading: posting (within the rate limit), reading a chat's entries as its
visitor or as staff (each staff read of a transcript in the access log), the visitor's
presence, and telling an identified visitor who left that an answer waits."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.domain import chats as rules
from fc_chat.domain.chats import Chat, Visitor
from fc_chat.domain.entries import Author, Entry, EntryKind, NewEntry
from fc_chat.domain.limits import too_many
from fc_chat.settings import ChatSettings
from fc_chat.store import chats, entries
from fc_chat.use_cases import entries as writing
from fc_chat.use_cases.chats import locked
from fc_shared.access_log import AccessEntry, record
from fc_shared.events import ChatAnswerWaiting
from fc_shared.outbox import add_event
from fc_shared.problems import LoggedRefusal
from fc_shared.refusals import Refused, not_found

_MINUTE = timedelta(minutes=1)
REFUSED = "refused: not a professional who took part in the chat"


class ReadRefused(LoggedRefusal):
    """A professional tried to read a chat they never took part in: answered as if there
    were no such chat, and written to the access log after the request's transaction (the
    platform's handler, fc_shared LoggedRefusal), so the attempt stays on record."""

    def __init__(self, refused: Refused, entry: AccessEntry) -> None:
        super().__init__(
            int(refused.kind),
            refused.title,
            refused.detail,
            code=refused.code,
            **refused.extensions,
        )
        self.entry = entry

    async def record(self, session: AsyncSession) -> None:
        await record(session, [self.entry])


async def post_as_visitor(
    session: AsyncSession,
    settings: ChatSettings,
    *,
    chat_id: UUID,
    visitor: Visitor,
    text: str,
    now: datetime,
) -> int:
    chat = await locked(session, chat_id)
    rules.check_visitor(chat, visitor)
    rules.check_open(chat)
    seq = await _post(session, settings, chat, Author.VISITOR, None, text)
    await _seen(session, settings, chat.id, now)
    return seq


async def post_as_professional(
    session: AsyncSession,
    settings: ChatSettings,
    *,
    chat_id: UUID,
    professional: UUID,
    text: str,
    now: datetime,
) -> int:
    chat = await locked(session, chat_id)
    rules.check_professional_of(chat, professional)
    seq = await _post(session, settings, chat, Author.PROFESSIONAL, professional, text)
    if _answer_waits(chat, now):
        assert chat.visitor_subject is not None
        await add_event(
            session,
            settings,
            ChatAnswerWaiting(
                chat_id=chat.id,
                queue=chat.queue_code,
                municipality_code=chat.municipality_code,
                language=chat.language,
                visitor_id=chat.visitor_subject,
                answered_at=now,
            ),
        )
        await chats.change(session, chat.id, answer_waiting_at=now)
    return seq


def _answer_waits(chat: Chat, now: datetime) -> bool:
    """Tell an identified visitor once per absence: they are not listening now, and have
    not been told since they were last seen."""
    if chat.visitor_subject is None:
        return False
    present = chat.visitor_present_until is not None and chat.visitor_present_until > now
    if present:
        return False
    told = chat.answer_waiting_at
    return told is None or (chat.visitor_seen_at is not None and chat.visitor_seen_at > told)


async def _post(
    session: AsyncSession,
    settings: ChatSettings,
    chat: Chat,
    author: Author,
    author_id: UUID | None,
    text: str,
) -> int:
    clean = rules.clean_text(text, settings.chat_message_max_chars)
    limit = settings.chat_post_limit_per_minute
    if await entries.recent_posts(session, chat.id, author, 60) >= limit:
        raise too_many("messages", limit, _MINUTE)
    return await writing.write(
        session, settings, chat.id, NewEntry(EntryKind.MESSAGE, author, author_id, clean)
    )


async def _seen(
    session: AsyncSession, settings: ChatSettings, chat_id: UUID, now: datetime
) -> None:
    await chats.change(
        session,
        chat_id,
        visitor_seen_at=now,
        visitor_present_until=now + timedelta(seconds=settings.chat_presence_seconds),
    )


async def visitor_view(session: AsyncSession, *, chat_id: UUID, visitor: Visitor) -> Chat:
    """The chat, to its own visitor only (its place: use_cases/queues.py place_of)."""
    chat = await chats.get(session, chat_id)
    if chat is None:
        raise rules.no_such_chat(chat_id)
    rules.check_visitor(chat, visitor)
    return chat


async def read_as_visitor(
    session: AsyncSession,
    settings: ChatSettings,
    *,
    chat_id: UUID,
    visitor: Visitor,
    after: int,
    now: datetime | None = None,
) -> tuple[Chat, list[Entry]]:
    chat = await visitor_view(session, chat_id=chat_id, visitor=visitor)
    if now is not None and chat.is_open:
        await _seen(session, settings, chat.id, now)
    return chat, await writing.read_after(session, settings, chat.id, after, staff=False)


async def staff_view(session: AsyncSession, *, chat_id: UUID, professional: UUID) -> Chat:
    """A chat its professional has now, or one they took part in; logged as a read."""
    chat = await chats.get(session, chat_id)
    if chat is None or not (
        chat.professional_id == professional
        or await chats.took_part(session, chat.id, professional)
    ):
        refused = not_found("chat_not_found", f"There is no chat {chat_id} of yours.")
        if chat is None:
            raise refused
        raise ReadRefused(
            refused,
            AccessEntry(
                actor=professional,
                action="read",
                purpose=REFUSED,
                subject_kind="chat",
                subject_id=chat.id,
                person=chat.visitor_subject,
                allowed=False,
            ),
        )
    await record(
        session,
        [
            AccessEntry(
                actor=professional,
                action="read",
                purpose="chat transcript" if not chat.is_open else "chat conversation",
                subject_kind="chat",
                subject_id=chat.id,
                person=chat.visitor_subject,
            )
        ],
    )
    return chat


async def read_as_staff(
    session: AsyncSession, settings: ChatSettings, *, chat_id: UUID, professional: UUID, after: int
) -> tuple[Chat, list[Entry]]:
    chat = await staff_view(session, chat_id=chat_id, professional=professional)
    return chat, await writing.read_after(session, settings, chat.id, after, staff=True)


async def mine(session: AsyncSession, *, subject: UUID) -> list[Chat]:
    """An identified visitor's own chats (a youth's are the youth's alone)."""
    return await chats.of_subject(session, subject)


async def presence(
    session: AsyncSession, settings: ChatSettings, *, chat_id: UUID, present: bool, now: datetime
) -> None:
    """An open stream renews its visitor's presence; a closed one ends it at once."""
    if present:
        await _seen(session, settings, chat_id, now)
    else:
        await chats.change(session, chat_id, visitor_present_until=now)


async def renew_presence(
    session: AsyncSession, settings: ChatSettings, *, chat_ids: list[UUID], now: datetime
) -> None:
    """Every visitor with an open stream on this replica is still here: one statement a
    heartbeat for all of them (one each, all at the same moment, stalled delivery)."""
    until = now + timedelta(seconds=settings.chat_presence_seconds)
    await chats.renew_presence(session, chat_ids, seen=now, until=until)


async def active_of(session: AsyncSession, *, professional: UUID) -> list[Chat]:
    return await chats.of_professional(session, professional)
