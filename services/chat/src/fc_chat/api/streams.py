"""The live stream of a chat (server-sent events), for its visitor and its professional.

Each entry is an SSE event `entry` whose `id` is its sequence number, so a browser's
EventSource resumes after a dropped connection with `Last-Event-ID` and is sent exactly
what it missed, from PostgreSQL. A waiting visitor also gets `place` events (position and
expected wait; no id, so they never disturb the resume point). The stream ends after the
chat's last entry (closed or abandoned). An open visitor stream keeps the visitor present,
which is how chat knows to tell an identified visitor who left that an answer waits.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import anyio
from fastapi import APIRouter, Header, Query, Request
from sse_starlette import EventSourceResponse

from fc_chat.api.callers import CallerOf, settings_of
from fc_chat.api.schemas import EntryOut, PlaceOut
from fc_chat.domain.chats import Chat
from fc_chat.domain.entries import Entry
from fc_chat.settings import chat_settings
from fc_chat.use_cases import messages
from fc_chat.use_cases.live import Feeds
from fc_chat.use_cases.queues import Place
from fc_shared.principals import Role
from fc_shared.service import Context, ServiceContext

router = APIRouter(prefix="/v1", tags=["chats"])
LastEventId = Annotated[
    str | None,
    Header(alias="Last-Event-ID", max_length=20, description="The last entry's number you have."),
]


@router.get(
    "/chats/{chat_id}/stream",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "The live chat."}},
)
async def stream(
    chat_id: UUID,
    caller: CallerOf,
    context: Context,
    request: Request,
    last_event_id: LastEventId = None,
    after: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> EventSourceResponse:
    """The chat live: `entry` events (id = the entry's number) from after `Last-Event-ID`
    (or `after`), then each new one as it is written on any replica; `place` events while
    waiting. As the chat's visitor (Chat-Token or bearer), or as its professional."""
    settings = settings_of(request)
    staff = bool(caller.principal and caller.principal.has_any(Role.PROFESSIONAL))
    now = datetime.now(UTC)
    async with context.transaction() as session:
        if staff:
            assert caller.principal is not None
            chat = await messages.staff_view(
                session, chat_id=chat_id, professional=caller.principal.subject
            )
        else:
            visitor = await caller.visitor(session)
            chat = await messages.visitor_view(session, chat_id=chat_id, visitor=visitor)
            if chat.is_open:
                await messages.presence(session, settings, chat_id=chat.id, present=True, now=now)
    start = int(last_event_id) if last_event_id and last_event_id.isdigit() else after
    feeds: Feeds = request.app.state.feeds
    return EventSourceResponse(
        _events(feeds, context, chat, staff=staff, after=start),
        ping=int(settings.chat_heartbeat_seconds),
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _events(
    feeds: Feeds, context: ServiceContext, chat: Chat, *, staff: bool, after: int
) -> AsyncIterator[dict[str, Any]]:
    try:
        async for item in feeds.follow(chat, staff=staff, after=after):
            # (None is a heartbeat: sse-starlette's ping keeps the connection; the feeds renew
            # the presence of every open visitor stream at once.)
            if isinstance(item, Entry):
                yield {
                    "id": str(item.seq),
                    "event": "entry",
                    "data": EntryOut.of(item, staff=staff).model_dump_json(),
                }
            elif isinstance(item, Place):
                yield {"event": "place", "data": PlaceOut.of(item).model_dump_json()}
    finally:
        if not staff and not feeds.visitor_listening(chat.id):
            # The connection is being cancelled: shield the write that says the visitor left
            # (unless another stream of theirs, another tab, is still open here).
            with anyio.CancelScope(shield=True):
                await _presence(context, chat, present=False)


async def _presence(context: ServiceContext, chat: Chat, *, present: bool) -> None:
    try:
        async with context.transaction() as session:
            await messages.presence(
                session,
                chat_settings(context.settings),
                chat_id=chat.id,
                present=present,
                now=datetime.now(UTC),
            )
    except Exception:  # the database away: presence is a hint, the next heartbeat retries
        return
