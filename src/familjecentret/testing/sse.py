"""A server-sent-events reader for the tests that can drop its connection and resume
with Last-Event-ID, as a browser's EventSource does."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from familjecentret.testing.stack import Stack, eventually


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
