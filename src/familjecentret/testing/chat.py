"""Steps of the chat's tests: queues that are open (or never), professionals on duty,
visitors starting chats, and a server-sent-events reader that can drop its connection and
resume with Last-Event-ID as a browser's EventSource does."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

import httpx

from familjecentret.testing.stack import Stack, eventually

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


@dataclass
class SseEvent:
    event: str
    data: dict[str, Any]
    id: str | None


@dataclass
class SseReader:
    """Reads a chat's stream in the background, keeping every event; `drop()` cuts the
    connection, `resume()` opens a new one with Last-Event-ID = the last id received."""

    url: str
    headers: dict[str, str]
    events: list[SseEvent] = field(default_factory=list)
    last_id: str | None = None
    task: asyncio.Task[None] | None = None
    client: httpx.AsyncClient = field(
        default_factory=lambda: httpx.AsyncClient(timeout=httpx.Timeout(30, read=None))
    )
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    status: int | None = None

    def start(self) -> SseReader:
        self.connected.clear()
        self.task = asyncio.get_running_loop().create_task(self._read())
        return self

    async def _read(self) -> None:
        headers = dict(self.headers)
        if self.last_id is not None:
            headers["Last-Event-ID"] = self.last_id
        async with self.client.stream("GET", self.url, headers=headers) as response:
            self.status = response.status_code
            self.connected.set()
            if response.status_code != 200:
                return
            event, data, ident = "message", "", None
            async for line in response.aiter_lines():
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data += line[5:].strip()
                elif line.startswith("id:"):
                    ident = line[3:].strip()
                elif line == "" and data:
                    self.events.append(SseEvent(event, json.loads(data), ident))
                    if ident is not None:
                        self.last_id = ident
                    event, data, ident = "message", "", None

    async def drop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError):
                await self.task

    async def resume(self) -> SseReader:
        await self.drop()
        return self.start()

    async def close(self) -> None:
        await self.drop()
        await self.client.aclose()

    def entries(self) -> list[dict[str, Any]]:
        return [e.data for e in self.events if e.event == "entry"]

    def texts(self) -> list[str]:
        return [e["text"] for e in self.entries() if e["kind"] == "message"]

    async def wait_for(
        self, probe: Callable[[SseReader], bool], what: str, timeout: float = 20
    ) -> None:
        async def check() -> bool:
            return probe(self)

        await eventually(check, timeout=timeout, what=what)


async def reader(
    stack: Stack, chat_id: str, headers: dict[str, str], *, url: str | None = None
) -> SseReader:
    """A started SSE reader of the chat's stream, once its connection is open."""
    base = url or stack.url("chat", "")
    opened = SseReader(f"{base}/v1/chats/{chat_id}/stream", headers).start()
    await asyncio.wait_for(opened.connected.wait(), 20)
    return opened
