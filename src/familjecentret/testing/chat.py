"""Steps of the chat's tests: queues that are open (or never), professionals on duty,
visitors starting chats, and a server-sent-events reader that can drop its connection and
resume with Last-Event-ID as a browser's EventSource does."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any, TypeVar
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from familjecentret.testing.broker import Record, read_topic
from familjecentret.testing.stack import Stack, eventually
from fc_shared.db import create_engine
from fc_shared.events.base import DomainEvent

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


# ---------------------------------------------------------------------------------------
# Protection and identity (test_protection.py, test_identity.py, test_chat_answer_waiting):
# a chat replica with settings of its own, chat's whole database as text, its access log
# and outbox, identified visitors, and the family snapshots chat learns from network.
# ---------------------------------------------------------------------------------------


from fc_shared.events import FamilyChanged, FamilyChild  # noqa: E402


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


async def chat_database(stack: Stack) -> dict[str, list[str]]:
    """Every row of every table in chat's database, each as PostgreSQL's JSON text of it
    (bytea as \\x-hex), by table: what a copy of the database would show anyone."""
    engine = create_engine(stack.settings, "chat")
    dump: dict[str, list[str]] = {}
    try:
        async with engine.connect() as connection:
            tables = await connection.execute(
                text(
                    "SELECT table_schema, table_name FROM information_schema.tables "
                    "WHERE table_type = 'BASE TABLE' "
                    "AND table_schema NOT IN ('pg_catalog', 'information_schema')"
                )
            )
            for schema, table in tables.all():
                rows = await connection.scalars(
                    text(f'SELECT row_to_json(t)::text FROM "{schema}"."{table}" t')
                )
                dump[f"{schema}.{table}"] = list(rows)
    finally:
        await engine.dispose()
    return dump


def tables_holding(dump: dict[str, list[str]], secret: str) -> list[str]:
    """The tables where `secret` appears in some row, as text or as bytes."""
    forms = (secret, secret.encode().hex())
    return [table for table, rows in dump.items() if any(f in row for row in rows for f in forms)]


async def chat_rows(stack: Stack, sql: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of a query on chat's own database."""
    engine = create_engine(stack.settings, "chat")
    try:
        async with engine.connect() as connection:
            result = await connection.execute(text(sql), params)
            return [dict(row) for row in result.mappings()]
    finally:
        await engine.dispose()


async def chat_sql(stack: Stack, sql: str, **params: Any) -> None:
    """A change made directly in chat's database (time moved back, as if long ago)."""
    engine = create_engine(stack.settings, "chat")
    try:
        async with engine.begin() as connection:
            await connection.execute(text(sql), params)
    finally:
        await engine.dispose()


async def reads_logged(stack: Stack, chat_id: str) -> list[tuple[UUID, str, bool]]:
    """The access log's entries about a chat, oldest first: (actor, action, allowed)."""
    rows = await chat_rows(
        stack,
        "SELECT actor, action, allowed FROM access_log WHERE subject_id = :chat ORDER BY id",
        chat=UUID(chat_id),
    )
    return [(row["actor"], row["action"], row["allowed"]) for row in rows]


async def events_staged(stack: Stack, chat_id: str, event_type: str) -> int:
    """How many events of this type chat has written for the chat (its outbox keeps every
    one, sent or not, written in the transaction of the change that caused it)."""
    rows = await chat_rows(
        stack,
        "SELECT count(*) AS n FROM outbox WHERE key = :key AND type = :type",
        key=chat_id,
        type=event_type,
    )
    return int(rows[0]["n"])


async def entry_count(stack: Stack, chat_id: str) -> int:
    rows = await chat_rows(
        stack, "SELECT count(*) AS n FROM chat_entries WHERE chat_id = :chat", chat=UUID(chat_id)
    )
    return int(rows[0]["n"])


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


# Steps of the queue and staff tests.

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


E = TypeVar("E", bound=DomainEvent)


async def chat_events(
    stack: Stack, kind: type[E], where: Callable[[E], bool], *, count: int = 1
) -> list[E]:
    """The chat events of this kind that `where` picks, read back from the broker once at
    least `count` of them are there."""

    def picked(records: list[Record]) -> list[E]:
        typed = [
            kind.model_validate_json(r.value)
            for r in records
            if r.headers.get("ce_type") == kind.TYPE
        ]
        return [event for event in typed if where(event)]

    records = await read_topic(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic(kind.TOPIC),
        until=lambda records: len(picked(records)) >= count,
    )
    return picked(records)


@contextlib.asynccontextmanager
async def chat_connection(stack: Stack) -> AsyncIterator[AsyncConnection]:
    """A connection to chat's own database, in one transaction, for what no API shows or
    changes: a wait or a conversation made older than the test could wait for."""
    engine = create_engine(stack.settings, "chat")
    try:
        async with engine.begin() as connection:
            yield connection
    finally:
        await engine.dispose()


async def backdate(stack: Stack, chat_id: str, *, column: str, seconds: int) -> None:
    """Move one of the chat's times (`requested_at` or `started_at`) back by `seconds`."""
    assert column in ("requested_at", "started_at")
    async with chat_connection(stack) as connection:
        await connection.execute(
            text(
                f"UPDATE chats SET {column} = {column} - make_interval(secs => :s) WHERE id = :id"
            ),
            {"s": seconds, "id": UUID(chat_id)},
        )


async def chats_in_queue(stack: Stack, queue: str) -> int:
    """How many chats chat's table holds for the queue, in any status."""
    async with chat_connection(stack) as connection:
        found = await connection.scalar(
            text(
                "SELECT count(*) FROM chats JOIN queues ON queues.id = chats.queue_id "
                "WHERE queues.code = :code"
            ),
            {"code": queue},
        )
    return int(found or 0)


async def anonymous_visitors(stack: Stack) -> int:
    """How many anonymous visitors (token holders) chat keeps."""
    async with chat_connection(stack) as connection:
        found = await connection.scalar(text("SELECT count(*) FROM visitors"))
    return int(found or 0)
