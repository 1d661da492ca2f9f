"""Routes for the professional on duty: take the next chat or a chosen one (within your
limit), write, transfer with a note, show 112 and the crisis line, close with a closing
code, block an anonymous visitor's token; read a chat you took part in (every read is in
the access log)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request

from fc_chat.api.callers import settings_of
from fc_chat.api.schemas import (
    CloseIn,
    EntryOut,
    MessageIn,
    PostedOut,
    StaffChatOut,
    StaffTranscriptOut,
    TransferIn,
)
from fc_chat.domain.chats import ClosingCode
from fc_chat.use_cases import chats, messages
from fc_chat.use_cases.queues import find_queue
from fc_shared.auth import Professional
from fc_shared.service import Context

router = APIRouter(prefix="/v1/chat/staff", tags=["chat staff"])
QueueCode = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")]
After = Annotated[int, Query(ge=0, le=2**31 - 1)]


@router.get("/chats", response_model=list[StaffChatOut])
async def my_active_chats(principal: Professional, context: Context) -> list[StaffChatOut]:
    """The chats you have open now."""
    async with context.sessions() as session:
        found = await messages.active_of(session, professional=principal.subject)
    return [StaffChatOut.of_staff(chat) for chat in found]


@router.post("/queues/{code}/next", response_model=StaffChatOut)
async def take_next(
    code: QueueCode, principal: Professional, context: Context, request: Request
) -> StaffChatOut:
    """Take the longest-waiting chat of a queue you are on duty in. 409 `over_chat_limit`
    at your limit; 403 `not_your_queue`; 404 `nothing_waiting`."""
    async with context.transaction() as session:
        queue = await find_queue(session, code, None)
        chat = await chats.take_next(
            session,
            settings_of(request),
            professional=principal.subject,
            queue=queue,
            now=datetime.now(UTC),
        )
    return StaffChatOut.of_staff(chat)


@router.post("/chats/{chat_id}/take", response_model=StaffChatOut)
async def take(
    chat_id: UUID, principal: Professional, context: Context, request: Request
) -> StaffChatOut:
    """Take a waiting chat you chose from a queue you are on duty in."""
    async with context.transaction() as session:
        chat = await chats.take(
            session,
            settings_of(request),
            chat_id=chat_id,
            professional=principal.subject,
            now=datetime.now(UTC),
        )
    return StaffChatOut.of_staff(chat)


@router.get("/chats/{chat_id}", response_model=StaffTranscriptOut)
async def read(
    chat_id: UUID, principal: Professional, context: Context, request: Request, after: After = 0
) -> StaffTranscriptOut:
    """A chat you have or took part in, with its entries after `after` (transfer notes
    included). Each read is written to the access log."""
    async with context.transaction() as session:
        chat, found = await messages.read_as_staff(
            session,
            settings_of(request),
            chat_id=chat_id,
            professional=principal.subject,
            after=after,
        )
    return StaffTranscriptOut(
        chat=StaffChatOut.of_staff(chat), entries=[EntryOut.of(e, staff=True) for e in found]
    )


@router.post("/chats/{chat_id}/messages", status_code=201, response_model=PostedOut)
async def post(
    chat_id: UUID, body: MessageIn, principal: Professional, context: Context, request: Request
) -> PostedOut:
    """Write to the visitor. An identified visitor who has left the page is told (once per
    absence, by notify) that an answer waits, never what it says."""
    async with context.transaction() as session:
        seq = await messages.post_as_professional(
            session,
            settings_of(request),
            chat_id=chat_id,
            professional=principal.subject,
            text=body.text,
            now=datetime.now(UTC),
        )
    return PostedOut(seq=seq)


@router.post("/chats/{chat_id}/transfer", response_model=StaffChatOut)
async def transfer(
    chat_id: UUID, body: TransferIn, principal: Professional, context: Context, request: Request
) -> StaffChatOut:
    """Hand the chat to a colleague on duty in its queue (`to_professional`, within their
    limit), or back to a queue to wait (`to_queue`, or its own); the note is for staff."""
    async with context.transaction() as session:
        to_queue = await find_queue(session, body.to_queue, None) if body.to_queue else None
        chat = await chats.transfer(
            session,
            settings_of(request),
            chat_id=chat_id,
            professional=principal.subject,
            to_professional=body.to_professional,
            to_queue=to_queue,
            note=body.note,
            now=datetime.now(UTC),
        )
    return StaffChatOut.of_staff(chat)


@router.post("/chats/{chat_id}/emergency", response_model=StaffChatOut)
async def show_emergency(
    chat_id: UUID, principal: Professional, context: Context, request: Request
) -> StaffChatOut:
    """Show the visitor the emergency number 112 and the crisis line, in the chat."""
    async with context.transaction() as session:
        chat = await chats.show_emergency(
            session, settings_of(request), chat_id=chat_id, professional=principal.subject
        )
    return StaffChatOut.of_staff(chat)


@router.post("/chats/{chat_id}/close", response_model=StaffChatOut)
async def close(
    chat_id: UUID, body: CloseIn, principal: Professional, context: Context, request: Request
) -> StaffChatOut:
    """End the chat with a closing code; `acute_danger` shows 112 and the crisis line first
    if you have not."""
    async with context.transaction() as session:
        chat = await chats.close(
            session,
            settings_of(request),
            chat_id=chat_id,
            professional=principal.subject,
            code=ClosingCode(body.closing_code),
            now=datetime.now(UTC),
        )
    return StaffChatOut.of_staff(chat)


@router.post("/chats/{chat_id}/block", response_model=StaffChatOut)
async def block(
    chat_id: UUID, principal: Professional, context: Context, request: Request
) -> StaffChatOut:
    """End the chat and block its anonymous visitor's token: it opens nothing again."""
    async with context.transaction() as session:
        chat = await chats.block(
            session,
            settings_of(request),
            chat_id=chat_id,
            professional=principal.subject,
            now=datetime.now(UTC),
        )
    return StaffChatOut.of_staff(chat)
