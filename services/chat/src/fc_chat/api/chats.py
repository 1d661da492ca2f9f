"""Routes for a chat's visitor: start one (admitted, or turned away with the away message
and other help), see it and its place in the queue, post, leave, choose to become
identified, and (identified) read one's own chats' transcripts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request

from fc_chat.api.callers import CallerOf, client_address, settings_of
from fc_chat.api.schemas import (
    ChatOut,
    EntryOut,
    MessageIn,
    PostedOut,
    StartedOut,
    StartIn,
    TranscriptOut,
)
from fc_chat.domain.chats import Visitor
from fc_chat.use_cases import admission, chats, messages, visitors
from fc_chat.use_cases.queues import place_of
from fc_shared.auth import Family
from fc_shared.principals import Role
from fc_shared.problems import Problem
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["chats"])
After = Annotated[int, Query(ge=0, le=2**31 - 1, description="Entries after this number.")]


@router.post("/chats", status_code=201, response_model=StartedOut)
async def start_chat(
    body: StartIn, caller: CallerOf, context: Context, request: Request
) -> StartedOut:
    """Ask for a chat in a queue (or let a topic choose it). Signed in as a guardian (for
    yourself, or `on_behalf_of` one of your children) or a youth, the chat is identified
    (and `verified` when the sign-in was strong). With no login, the chat is anonymous where
    the queue allows it: the answer carries a `token`, shown once, that only you hold; send
    it as `Chat-Token` from then on (a token you already hold starts another chat as you).
    Closed or full: 409 `queue_closed` / `queue_full` with `away_message`, `help_numbers`
    and `opens_at`, and nothing is kept. Starting is limited per caller and hour (429)."""
    settings = settings_of(request)
    now = datetime.now(UTC)
    principal = caller.principal
    ask = admission.Request(
        language=body.language or (principal.language if principal else "sv"),
        queue_code=body.queue,
        topic=body.topic,
        on_behalf_of=body.on_behalf_of,
        first_message=body.message,
    )
    token = None
    async with context.transaction() as session:
        if principal is not None or caller.token:
            visitor = await caller.visitor(session)
        else:
            holder, token = await visitors.new_holder(session)
            visitor = Visitor(token_holder=holder)
        if visitor.subject is not None:
            visitor = Visitor(subject=visitor.subject)  # signed in: the chat is the person's
        queue = await admission.check_starter(
            session,
            request=ask,
            visitor=visitor,
            guardian=bool(principal and principal.has_any(Role.GUARDIAN)),
            youth=bool(principal and principal.has_any(Role.YOUTH)),
        )
        counted = str(visitor.subject) if visitor.subject else client_address(request, settings)
        await visitors.count_start(session, settings, caller=counted, now=now)
        verified = bool(principal and principal.acr in settings.chat_strong_acr)
        result = await admission.start(
            session,
            settings,
            queue=queue,
            request=ask,
            visitor=visitor,
            verified=verified,
            now=now,
        )
        if isinstance(result, admission.Admitted):
            place = await place_of(session, result.chat, now)
        elif token is not None:  # turned away: the new token is never shown, so not kept
            await visitors.forget_holder(session, visitor)
    if isinstance(result, admission.TurnedAway):
        raise result.refusal  # after the commit: the request is counted and recorded
    return StartedOut(**ChatOut.of(result.chat, place).model_dump(), token=token)


@router.get("/chats/mine", response_model=list[ChatOut])
async def my_chats(principal: Family, context: Context) -> list[ChatOut]:
    """Your own identified chats, newest first (a youth's are the youth's alone)."""
    async with context.sessions() as session:
        found = await messages.mine(session, subject=principal.subject)
    return [ChatOut.of(chat) for chat in found]


@router.get("/chats/{chat_id}", response_model=ChatOut)
async def view_chat(chat_id: UUID, caller: CallerOf, context: Context) -> ChatOut:
    """Your chat: its status, and while it waits your place and the expected wait."""
    now = datetime.now(UTC)
    async with context.sessions() as session:
        visitor = await caller.visitor(session)
        chat = await messages.visitor_view(session, chat_id=chat_id, visitor=visitor)
        place = await place_of(session, chat, now) if chat.status == "waiting" else None
    return ChatOut.of(chat, place)


@router.get("/chats/{chat_id}/entries", response_model=TranscriptOut)
async def chat_entries(
    chat_id: UUID, caller: CallerOf, context: Context, request: Request, after: After = 0
) -> TranscriptOut:
    """Your chat's messages and turns after `after` (0: from the start), in order; also an
    identified family member's transcript of a closed chat."""
    settings = settings_of(request)
    async with context.transaction() as session:
        visitor = await caller.visitor(session)
        chat, found = await messages.read_as_visitor(
            session, settings, chat_id=chat_id, visitor=visitor, after=after, now=datetime.now(UTC)
        )
    return TranscriptOut(
        chat=ChatOut.of(chat), entries=[EntryOut.of(e, staff=False) for e in found]
    )


@router.post("/chats/{chat_id}/messages", status_code=201, response_model=PostedOut)
async def post_message(
    chat_id: UUID, body: MessageIn, caller: CallerOf, context: Context, request: Request
) -> PostedOut:
    """Write in your chat (also while it waits). Empty or too long: 422; the chat ended:
    409 `chat_closed`; too many in a minute: 429."""
    settings = settings_of(request)
    async with context.transaction() as session:
        visitor = await caller.visitor(session)
        seq = await messages.post_as_visitor(
            session,
            settings,
            chat_id=chat_id,
            visitor=visitor,
            text=body.text,
            now=datetime.now(UTC),
        )
    return PostedOut(seq=seq)


@router.post("/chats/{chat_id}/leave", response_model=ChatOut)
async def leave(chat_id: UUID, caller: CallerOf, context: Context, request: Request) -> ChatOut:
    """Leave the chat: a waiting chat ends; in an answered one the professional is told."""
    settings = settings_of(request)
    async with context.transaction() as session:
        visitor = await caller.visitor(session)
        chat = await chats.leave(
            session, settings, chat_id=chat_id, visitor=visitor, now=datetime.now(UTC)
        )
    return ChatOut.of(chat)


@router.post("/chats/{chat_id}/identity", response_model=ChatOut)
async def become_identified(
    chat_id: UUID, caller: CallerOf, context: Context, request: Request
) -> ChatOut:
    """Your choice to stop being anonymous: send both your Chat-Token and a bearer token
    from a strong sign-in (Suomi.fi: bank codes, mobile certificate). From then on the chat
    is yours as that person, and the professional sees it verified. Never done for you."""
    settings = settings_of(request)
    principal = caller.principal
    if principal is None or not caller.token:
        raise Problem(401, "Unauthorized", "Send both the Chat-Token and a strong sign-in's token.")
    if not principal.has_any(Role.GUARDIAN, Role.YOUTH):
        raise Problem(403, "Forbidden", "Only a family member becomes identified here.")
    async with context.transaction() as session:
        holder = await visitors.holder_of(session, caller.token)
        chat = await chats.identify(
            session,
            settings,
            chat_id=chat_id,
            token_holder=holder,
            subject=principal.subject,
            acr=principal.acr,
        )
    return ChatOut.of(chat)
