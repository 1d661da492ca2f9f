"""Routes for queues: what a visitor sees of each, what an admin sets up, who serves it,
and a professional's duty."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Path, Query, Response

from fc_chat.api.schemas import DutyIn, DutyOut, QueueIn, QueueOut, StaffChatOut
from fc_chat.use_cases import queues
from fc_chat.use_cases.queues import Place
from fc_shared.auth import Admin, Professional
from fc_shared.service import Context

router = APIRouter(prefix="/v1/chat", tags=["chat queues"])
QueueCode = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$", examples=["youth-chat-sv"])]
Lang = Annotated[str, Query(pattern=r"^(sv|fi|en)$")]


@router.get("/queues", response_model=list[QueueOut])
async def list_queues(context: Context, lang: Lang = "sv") -> list[QueueOut]:
    """Every chat queue as it is now: open, closed (with when it opens) or full, how many
    are on duty and waiting, the expected wait, the away message and other help numbers.
    No login needed."""
    async with context.sessions() as session:
        found = await queues.states(session, datetime.now(UTC))
    return [QueueOut.of(state, lang) for state in found]


@router.put("/queues/{code}", response_model=QueueOut)
async def put_queue(code: QueueCode, body: QueueIn, principal: Admin, context: Context) -> QueueOut:
    """Create a queue or replace its settings (admins): office hours in Helsinki time,
    closed on Finnish public holidays unless told otherwise, the default limit of chats per
    professional, the longest wait, when a silent waiting visitor counts as gone, the away
    message and other help numbers, and how long its chats are kept."""
    async with context.transaction() as session:
        queue = await queues.put_queue(session, body.queue(code, uuid4()))
        state = await queues.state(session, queue, datetime.now(UTC))
    return QueueOut.of(state, queue.language)


@router.put("/queues/{code}/members/{professional_id}", status_code=204)
async def add_member(
    code: QueueCode, professional_id: UUID, principal: Admin, context: Context
) -> Response:
    """Let a professional serve a queue (admins)."""
    async with context.transaction() as session:
        await queues.add_member(session, code=code, professional=professional_id)
    return Response(status_code=204)


@router.delete("/queues/{code}/members/{professional_id}", status_code=204)
async def remove_member(
    code: QueueCode, professional_id: UUID, principal: Admin, context: Context
) -> Response:
    """Stop a professional serving a queue (admins); their chats there stay theirs."""
    async with context.transaction() as session:
        await queues.remove_member(session, code=code, professional=professional_id)
    return Response(status_code=204)


@router.put("/duty", response_model=DutyOut)
async def go_on_duty(body: DutyIn, principal: Professional, context: Context) -> DutyOut:
    """Go on duty in queues you serve, with your limit of simultaneous chats (the first
    queue's default when not given). Replaces your earlier duty."""
    async with context.transaction() as session:
        duty = await queues.go_on_duty(
            session, professional=principal.subject, codes=body.queues, limit=body.limit
        )
    return DutyOut(limit=duty.limit, queues=duty.queues, active=duty.active)


@router.delete("/duty", status_code=204)
async def go_off_duty(principal: Professional, context: Context) -> Response:
    """Go off duty: no new chats; your open chats stay yours to close."""
    async with context.transaction() as session:
        await queues.go_off_duty(session, professional=principal.subject)
    return Response(status_code=204)


@router.get("/queues/{code}/waiting", response_model=list[StaffChatOut])
async def waiting(code: QueueCode, principal: Professional, context: Context) -> list[StaffChatOut]:
    """The chats waiting in a queue you are on duty in, first in line first: to take the
    next or choose one (no messages are shown before a chat is taken)."""
    async with context.sessions() as session:
        found = await queues.waiting(session, professional=principal.subject, code=code)
    return [StaffChatOut.of_staff(chat, Place(place, None)) for chat, place in found]
