"""Steps of the chat's tests: queues that are open (or never), professionals on duty,
visitors starting chats and staff acting in them, over HTTP (the stream's reader is in
sse.py, what only the database shows in chat_db.py)."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import httpx

from familjecentret.testing.chat_db import chat_rows
from familjecentret.testing.stack import Stack, eventually
from fc_shared.events import FamilyChanged, FamilyChild

ALWAYS = [
    {"weekday": day, "start": "00:00", "end": "00:00"}
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
]


STRONG = "http://ftn.ficora.fi/2017/loa3"


HELP = [{"names": {"sv": "Kristelefonen", "fi": "Kriisipuhelin"}, "number": "09 2525 0112"}]


def new_code(prefix: str = "q") -> str:
    return f"{prefix}-{uuid4().hex[:10]}"


async def open_queue(
    stack: Stack,
    code: str | None = None,
    *,
    hours: list[dict[str, str]] | None = None,
    url: str | None = None,
    **settings: Any,
) -> str:
    """A queue (open round the clock, holidays too, unless `hours` says otherwise) that
    allows anonymous youths; its code."""
    code = code or new_code()
    body: dict[str, Any] = {
        "names": {"sv": "Ungdomschatten", "fi": "Nuorten chat", "en": "Youth chat"},
        "language": "sv",
        "audience": "everyone",
        "allows_anonymous": True,
        "hours": ALWAYS if hours is None else hours,
        "closed_on_public_holidays": hours is not None,
        "away_messages": {"sv": "Chatten är stängd nu.", "fi": "Chat on nyt suljettu."},
        "help_numbers": HELP,
        **settings,
    }
    response = await stack.client.put(
        f"{url or stack.url('chat', '')}/v1/chat/queues/{code}",
        json=body,
        headers=stack.auth("admin"),
    )
    assert response.status_code == 200, response.text
    return code


async def on_duty(
    stack: Stack, queue: str, *, limit: int = 3, professional: UUID | None = None
) -> UUID:
    """A professional who serves the queue and is on duty in it; their id."""
    professional = professional or uuid4()
    member = await stack.client.put(
        stack.url("chat", f"/v1/chat/queues/{queue}/members/{professional}"),
        headers=stack.auth("admin"),
    )
    assert member.status_code == 204, member.text
    duty = await stack.client.put(
        stack.url("chat", "/v1/chat/duty"),
        json={"queues": [queue], "limit": limit},
        headers=stack.auth("professional", subject=professional),
    )
    assert duty.status_code == 200, duty.text
    return professional


@dataclass
class Visit:
    """An anonymous visitor's chat: its id and the token only they hold."""

    chat_id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Chat-Token": self.token}


async def start_anonymous(
    stack: Stack, queue: str, message: str | None = None, *, url: str | None = None
) -> Visit:
    body: dict[str, Any] = {"queue": queue}
    if message:
        body["message"] = message
    response = await stack.client.post(f"{url or stack.url('chat', '')}/v1/chats", json=body)
    assert response.status_code == 201, response.text
    return Visit(response.json()["id"], response.json()["token"])


async def take_next(stack: Stack, queue: str, professional: UUID) -> dict[str, Any]:
    response = await stack.client.post(
        stack.url("chat", f"/v1/chat/staff/queues/{queue}/next"),
        headers=stack.auth("professional", subject=professional),
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@contextlib.asynccontextmanager
async def chat_with(stack: Stack, **settings: Any) -> AsyncIterator[str]:
    """Another chat app on the stack's database and topics whose own settings differ
    (`chat_post_limit_per_minute=3`, ...), as a replica configured so would be; its URL."""
    from familjecentret.devstack import free_port
    from familjecentret.testing.stack import serve
    from fc_chat.app import create_app

    port = free_port()
    server, task = await serve(create_app(stack.settings.model_copy(update=settings)), port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def start_signed_in(
    stack: Stack,
    queue: str,
    role: str,
    subject: UUID,
    message: str | None = None,
    *,
    acr: str | None = None,
    url: str | None = None,
    on_behalf_of: UUID | None = None,
) -> httpx.Response:
    """A guardian or youth, signed in, asks for a chat (a guardian maybe for a child)."""
    body: dict[str, Any] = {"queue": queue}
    if message:
        body["message"] = message
    if on_behalf_of:
        body["on_behalf_of"] = str(on_behalf_of)
    return await stack.client.post(
        f"{url or stack.url('chat', '')}/v1/chats",
        json=body,
        headers=stack.auth(role, subject=subject, acr=acr),
    )


async def staff_post(stack: Stack, chat_id: str, professional: UUID, words: str) -> httpx.Response:
    return await stack.client.post(
        stack.url("chat", f"/v1/chat/staff/chats/{chat_id}/messages"),
        json={"text": words},
        headers=stack.auth("professional", subject=professional),
    )


async def visitor_absent(stack: Stack, chat_id: str) -> None:
    """Wait until chat counts the chat's visitor as gone (their stream closed)."""

    async def gone() -> bool:
        rows = await chat_rows(
            stack,
            "SELECT visitor_present_until <= now() AS gone FROM chats WHERE id = :chat",
            chat=UUID(chat_id),
        )
        return bool(rows[0]["gone"])

    await eventually(gone, timeout=20, what="the visitor to count as gone")


async def family_known_to_chat(
    stack: Stack, *, guardians: list[UUID], children: list[FamilyChild]
) -> UUID:
    """A family as network publishes it, once chat has handled the snapshot; its id."""
    from familjecentret.testing.broker import publish_as_owner
    from familjecentret.testing.probes import handled

    event = FamilyChanged(family_id=uuid4(), revision=1, guardians=guardians, children=children)
    assert event.SOURCE == "/network"  # consumers take families only from network
    envelope = await publish_as_owner(stack, event)
    await handled(stack, "chat", "chat.families", envelope.id)
    return event.family_id


HELSINKI = ZoneInfo("Europe/Helsinki")


def own_address() -> str:
    """A loopback address of one visitor's own (127.x.y.z; Linux answers the whole /8).
    Chat counts the chats an address starts per hour, so the many visitors of one test
    session must not all come from 127.0.0.1, as no real visitors would."""
    return f"127.{secrets.randbelow(254) + 1}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


async def ask_for_chat(
    stack: Stack,
    queue: str,
    message: str | None = None,
    *,
    url: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """A visitor's request for a chat, from an address of their own; the answer as it is
    (201 admitted, 409 turned away, ...)."""
    body: dict[str, Any] = {"queue": queue}
    if message:
        body["message"] = message
    transport = httpx.AsyncHTTPTransport(local_address=own_address())
    async with httpx.AsyncClient(transport=transport, timeout=30) as client:
        return await client.post(
            f"{url or stack.url('chat', '')}/v1/chats", json=body, headers=headers or {}
        )


async def new_visitor(
    stack: Stack, queue: str, message: str | None = None, *, url: str | None = None
) -> Visit:
    """An anonymous visitor, from an address of their own, whose chat waits in the queue."""
    response = await ask_for_chat(stack, queue, message, url=url)
    assert response.status_code == 201, response.text
    return Visit(response.json()["id"], response.json()["token"])


def hours_on_another_day(days_ahead: int = 3) -> tuple[list[dict[str, str]], datetime]:
    """Office hours that do not cover now: one hour on the weekday `days_ahead` days from
    today (Helsinki); and when the queue next opens (with holidays not closing it)."""
    day = datetime.now(HELSINKI).date() + timedelta(days=days_ahead)
    weekday = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]
    opening = datetime.combine(day, time(10, 0), HELSINKI)
    return [{"weekday": weekday, "start": "10:00", "end": "11:00"}], opening


def as_professional(stack: Stack, professional: UUID) -> dict[str, str]:
    return stack.auth("professional", subject=professional)


async def staff_call(
    stack: Stack,
    professional: UUID,
    path: str,
    json: dict[str, Any] | None = None,
    *,
    url: str | None = None,
) -> httpx.Response:
    """A professional's POST under /v1/chat/staff (take, messages, transfer, close, ...)."""
    return await stack.client.post(
        f"{url or stack.url('chat', '')}/v1/chat/staff{path}",
        json=json,
        headers=as_professional(stack, professional),
    )


async def waiting_list(
    stack: Stack, queue: str, professional: UUID, *, url: str | None = None
) -> httpx.Response:
    return await stack.client.get(
        f"{url or stack.url('chat', '')}/v1/chat/queues/{queue}/waiting",
        headers=as_professional(stack, professional),
    )


async def visitor_entries(stack: Stack, visit: Visit) -> list[dict[str, Any]]:
    response = await stack.client.get(
        stack.url("chat", f"/v1/chats/{visit.chat_id}/entries"), headers=visit.headers
    )
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["entries"]
    return found


async def visitor_view(stack: Stack, visit: Visit) -> dict[str, Any]:
    response = await stack.client.get(
        stack.url("chat", f"/v1/chats/{visit.chat_id}"), headers=visit.headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
