"""Helpers for the test suites: the services served by uvicorn in the test's event loop,
real HTTP on loopback, a client with minted tokens, and polling for what arrives later."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as wall_time
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import httpx
import uvicorn

from familjecentret.devstack import SmtpSink, free_port
from familjecentret.operations import seed_reference_data
from familjecentret.services import SERVICES
from fc_shared.devkeys import ensure_dev_keys, mint_token
from fc_shared.migrations import upgrade
from fc_shared.settings import Settings

T = TypeVar("T")


@dataclass
class Infra:
    data_dir: Path
    database_url: str
    kafka: str
    smtp: SmtpSink


def make_settings(
    infra: Infra, *, kafka: str | None = None, database_url: str | None = None
) -> Settings:
    """Settings for one isolated set of services: own databases and own topics."""
    run = uuid4().hex[:8]
    settings = Settings(
        data_dir=infra.data_dir,
        database_url=database_url or infra.database_url,
        database_name_prefix=f"t{run}_",
        database_pool_size=20,
        kafka_bootstrap_servers=kafka or infra.kafka,
        topic_prefix=f"t{run}.",
        smtp_port=infra.smtp.port,
        outbox_poll_seconds=0.1,
        consumer_retry_backoff_seconds=0.05,
        booking_hold_seconds=4,  # short, so a test can watch a hold lapse
        booking_sweep_seconds=0.2,
        jwks_url="",
    )
    ensure_dev_keys(settings.dev_keys_dir)
    return settings


async def prepare_databases(settings: Settings, services: Iterable[str] | None = None) -> None:
    """Migrate the databases of `services` (every service's by default), and load network's
    reference data when network is among them."""
    wanted = set(services) if services is not None else {spec.name for spec in SERVICES}
    for spec in SERVICES:
        if spec.name in wanted:
            await upgrade(settings, spec.name, spec.migrations_dir)
    if "network" in wanted:
        await seed_reference_data(settings)


@dataclass
class Stack:
    settings: Settings
    smtp: SmtpSink
    urls: dict[str, str]
    client: httpx.AsyncClient
    servers: dict[str, uvicorn.Server] = field(default_factory=dict)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def url(self, service: str, path: str) -> str:
        if service not in self.urls:
            # A service's own tests run that service alone: they publish what the others
            # would (publish_as_network) instead of calling them.
            raise KeyError(f"{service} is not running in this stack, only {sorted(self.urls)}")
        return f"{self.urls[service]}{path}"

    def auth(self, *roles: str, subject: UUID | None = None) -> dict[str, str]:
        token = mint_token(self.settings, subject=subject or uuid4(), roles=list(roles))
        return {"Authorization": f"Bearer {token}"}

    def mail_to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.smtp.messages if message["To"] == address]


async def eventually(
    probe: Callable[[], Awaitable[T | None]], *, timeout: float = 45.0, what: str = "condition"
) -> T:
    """Poll until `probe` returns something truthy: events arrive when they arrive."""
    deadline = time.monotonic() + timeout
    while True:
        result = await probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.1)


async def serve(app: Any, port: int) -> tuple[uvicorn.Server, asyncio.Task[None]]:
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, lifespan="on", log_config=None, access_log=False
        )
    )
    task = asyncio.get_running_loop().create_task(server.serve())
    await eventually(_started(server), timeout=30, what="uvicorn to start")
    return server, task


def _started(server: uvicorn.Server) -> Callable[[], Awaitable[bool]]:
    async def probe() -> bool:
        return server.started

    return probe


@contextlib.asynccontextmanager
async def start_stack(
    settings: Settings,
    smtp: SmtpSink,
    services: Iterable[str] | None = None,
    wait_ready: bool = True,
) -> AsyncIterator[Stack]:
    wanted = set(services) if services is not None else {spec.name for spec in SERVICES}
    stack = Stack(settings, smtp, {}, httpx.AsyncClient(timeout=30))
    try:
        for spec in SERVICES:
            if spec.name in wanted:
                port = free_port()
                server, task = await serve(spec.create_app(settings), port)
                stack.servers[spec.name] = server
                stack.tasks.append(task)
                stack.urls[spec.name] = f"http://127.0.0.1:{port}"
        if wait_ready:
            for name in stack.urls:
                await wait_ready_for(stack, name)
        yield stack
    finally:
        for server in stack.servers.values():
            server.should_exit = True
        await asyncio.wait_for(asyncio.gather(*stack.tasks, return_exceptions=True), 30)
        await stack.client.aclose()


@contextlib.asynccontextmanager
async def service_alone(infra: Infra, service: str) -> AsyncIterator[Stack]:
    """One service by itself over the real PostgreSQL and broker, for that service's own
    tests: databases and topics of its own, so it never shares a consumer group with the
    full stack's copy of it when both run in one session."""
    settings = make_settings(infra)
    await prepare_databases(settings, [service])
    async with start_stack(settings, infra.smtp, [service]) as stack:
        yield stack


async def wait_ready_for(stack: Stack, service: str, timeout: float = 60) -> None:
    async def ready() -> bool:
        response = await stack.client.get(stack.url(service, "/health/ready"))
        return response.status_code == 200

    await eventually(ready, timeout=timeout, what=f"{service} to be ready")


# Steps of the journeys, as a frontend would take them.


async def open_meeting_point(stack: Stack, municipality: str = "905") -> dict[str, Any]:
    response = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        json={"municipality_code": municipality, "name": "Träffpunkten", "address": "Torget 1"},
        headers=stack.auth("coordinator"),
    )
    assert response.status_code == 201, response.text
    point: dict[str, Any] = response.json()
    return point


async def meeting_point_room(
    stack: Stack,
    *,
    municipality: str = "905",
    audience_bands: Iterable[str] | None = None,
    coordinator: UUID | None = None,
    title: str = "Träffpunkten",
) -> dict[str, Any]:
    """The booking room of a meeting point that network has opened, without network: its
    `MeetingPointOpened` published on the broker as network would (someone new is the
    coordinator unless one is given; every audience unless bands are given), once booking
    has made the room."""
    from fc_shared.events import MeetingPointOpened

    opening = MeetingPointOpened.model_validate(
        {
            "meeting_point_id": uuid4(),
            "municipality_code": municipality,
            "coordinator": coordinator or uuid4(),
            "title": title,
            **({} if audience_bands is None else {"audience_bands": list(audience_bands)}),
        }
    )
    await publish_as_network(stack, opening)
    return await room_for(stack, str(opening.meeting_point_id))


async def room_for(stack: Stack, meeting_point_id: str) -> dict[str, Any]:
    async def room() -> dict[str, Any] | None:
        response = await stack.client.get(
            stack.url("booking", "/v1/resources"), params={"meeting_point_id": meeting_point_id}
        )
        rooms: list[dict[str, Any]] = response.json()
        return rooms[0] if rooms else None

    return await eventually(room, what="booking to have the meeting point's room")


HELSINKI = ZoneInfo("Europe/Helsinki")


async def manager_of(stack: Stack, resource_id: str, role: str = "coordinator") -> dict[str, str]:
    """Headers of a fresh coordinator whom an admin has made the resource's manager."""
    subject = uuid4()
    response = await stack.client.put(
        stack.url("booking", f"/v1/resources/{resource_id}/managers"),
        json={"subject": str(subject)},
        headers=stack.auth("admin"),
    )
    assert response.status_code == 204, response.text
    return stack.auth(role, subject=subject)


async def managed_room(
    stack: Stack, municipality: str = "905"
) -> tuple[dict[str, Any], dict[str, str]]:
    """A new meeting point's booking room, and the headers of a coordinator managing it
    (the meeting point's opening is published on the broker: booking alone is enough)."""
    room = await meeting_point_room(stack, municipality=municipality)
    return room, await manager_of(stack, room["id"])


def helsinki_time(days_ahead: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Helsinki some days from today (slots in meeting-point rooms must
    fit the room's audience bands, so tests pick their hours)."""
    day = datetime.now(HELSINKI).date() + timedelta(days=days_ahead)
    return datetime.combine(day, wall_time(hour, minute), HELSINKI)


async def future_slot(
    stack: Stack,
    resource_id: str,
    *,
    capacity: int = 1,
    days_ahead: int = 7,
    hour: int = 9,
    headers: dict[str, str] | None = None,
    **offering: Any,
) -> dict[str, Any]:
    starts = helsinki_time(days_ahead, hour)
    response = await stack.client.post(
        stack.url("booking", "/v1/slots"),
        json={
            "resource_id": resource_id,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
            "capacity": capacity,
            **offering,
        },
        headers=headers or await manager_of(stack, resource_id),
    )
    assert response.status_code == 201, response.text
    slot: dict[str, Any] = response.json()
    return slot


async def register_email(stack: Stack, headers: dict[str, str], language: str = "sv") -> str:
    address = f"guardian-{uuid4().hex[:8]}@example.fi"
    response = await stack.client.put(
        stack.url("notify", "/v1/contact-points/me"),
        json={"email": address, "language": language},
        headers=headers,
    )
    assert response.status_code == 204, response.text
    return address


@dataclass(frozen=True)
class Record:
    topic: str
    key: bytes | None
    headers: dict[str, str]
    value: bytes


def _records(batches: dict[Any, list[Any]]) -> list[Record]:
    return [
        Record(
            message.topic,
            message.key,
            {name: value.decode() for name, value in message.headers},
            message.value or b"",
        )
        for batch in batches.values()
        for message in batch
    ]


async def read_topic(
    bootstrap_servers: str,
    topic: str,
    *,
    until: Callable[[list[Record]], bool],
    timeout: float = 30.0,
) -> list[Record]:
    """Read a topic from the beginning, as any Kafka client would, until `until` holds."""
    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    records: list[Record] = []
    deadline = time.monotonic() + timeout
    try:
        while not until(records):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out reading {topic}: {len(records)} records")
            records.extend(_records(await consumer.getmany(timeout_ms=500)))
    finally:
        await consumer.stop()
    return records


async def produce(
    bootstrap_servers: str, topic: str, *, key: bytes | None, headers: dict[str, str], value: bytes
) -> None:
    """Publish one raw record, as a replaying or misbehaving producer would."""
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            topic, value, key=key, headers=[(name, v.encode()) for name, v in headers.items()]
        )
    finally:
        await producer.stop()


async def read_all_topics(
    bootstrap_servers: str, prefix: str, *, quiet_seconds: float = 2.0
) -> list[Record]:
    """Every record on every topic whose name starts with `prefix`, read until quiet."""
    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    records: list[Record] = []
    try:
        topics = sorted(t for t in await consumer.topics() if t.startswith(prefix))
        consumer.subscribe(topics)
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < quiet_seconds:
            fresh = _records(await consumer.getmany(timeout_ms=300))
            if fresh:
                quiet_since = time.monotonic()
                records.extend(fresh)
    finally:
        await consumer.stop()
    return records


async def open_case_for(
    stack: Stack, family_id: str, *, guardian: UUID, professional: UUID
) -> dict[str, Any]:
    """The family's guardian asks `professional` (registered as staff first, if they are
    not yet) to open the case, who then opens it (a professional opens a case only when
    asked). The case."""
    await ensure_registered(stack, professional)
    asked = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/case-requests"),
        json={"professional": str(professional)},
        headers=stack.auth("guardian", subject=guardian),
    )
    assert asked.status_code == 201, asked.text
    case = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/case"),
        headers=stack.auth("professional", subject=professional),
    )
    assert case.status_code == 201, case.text
    opened: dict[str, Any] = case.json()
    return opened


async def ensure_registered(stack: Stack, subject: UUID) -> None:
    """`subject` is in network's professionals register, with a new organisation if they
    were not there yet."""
    await registered_professional(stack, subject, already_there_is_fine=True)


async def registered_professional(
    stack: Stack,
    subject: UUID | None = None,
    *,
    organisation_id: str | None = None,
    role: str = "social worker",
    already_there_is_fine: bool = False,
) -> UUID:
    """A professional in network's register (an admin registers them, with a new
    organisation unless one is given): a case is handed over only to one. Their subject."""
    admin = stack.auth("admin")
    if organisation_id is None:
        organisation = await stack.client.post(
            stack.url("network", "/v1/organisations"),
            headers=admin,
            json={"name": "Välfärdsområdet", "sector": "wellbeing_county"},
        )
        assert organisation.status_code == 201, organisation.text
        organisation_id = organisation.json()["id"]
    subject = subject or uuid4()
    registered = await stack.client.post(
        stack.url("network", "/v1/professionals"),
        headers=admin,
        json={
            "subject": str(subject),
            "organisation_id": organisation_id,
            "role": role,
            "languages": ["sv", "fi"],
            "municipalities": ["905"],
        },
    )
    accepted = (201, 409) if already_there_is_fine else (201,)
    assert registered.status_code in accepted, registered.text
    return subject


async def family_with_referral_consent(
    stack: Stack, professional: UUID, language: str = "sv", **guardian_fields: Any
) -> str:
    """A registered family whose case `professional` holds, with the guardian's consent to
    refer it onwards. The family's id."""
    guardian = uuid4()
    family = await stack.client.post(
        stack.url("network", "/v1/families"),
        json={
            "language": language,
            "guardians": [{"name": "Anna Andersson", **guardian_fields}],
            "children": [{"name": "Elsa", "birth_date": "2022-05-01"}],
        },
        headers=stack.auth("guardian", subject=guardian),
    )
    assert family.status_code == 201, family.text
    family_id: str = family.json()["id"]
    case = await open_case_for(stack, family_id, guardian=guardian, professional=professional)
    consent = await stack.client.post(
        stack.url("network", f"/v1/cases/{case['id']}/consents"),
        json={"member": str(professional), "scope": "referral"},
        headers=stack.auth("guardian", subject=guardian),
    )
    assert consent.status_code == 201, consent.text
    return family_id


# What booking knows from network (meeting points, families, case teams): booking's own
# tests publish network's events as network would (same topic, key and source), so they
# need no network service, and wait until booking has applied them.


async def publish_as_network(stack: Stack, event: Any) -> None:
    """One event on the real broker, enveloped as the network service's relay would."""
    assert event.SOURCE == "/network"  # consumers refuse events not from the topic's owner
    await publish_as_owner(stack, event)


async def publish_as_owner(stack: Stack, event: Any) -> None:
    """One event on the real broker, enveloped as the relay of the service that owns its
    topic would: same topic, key (so partition), headers and source."""
    from fc_shared.events.envelope import Envelope

    envelope = Envelope.wrap(event)
    await produce(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic(event.TOPIC),
        key=envelope.key.encode(),
        headers=envelope.headers(),
        value=envelope.data,
    )


async def _booking_holds(stack: Stack, sql: str, **params: Any) -> bool:
    from sqlalchemy import text

    from fc_shared.db import create_engine

    engine = create_engine(stack.settings, "booking")
    try:
        async with engine.connect() as connection:
            return bool(await connection.scalar(text(sql), params))
    finally:
        await engine.dispose()


async def family_known_to_booking(
    stack: Stack,
    *,
    guardians: Iterable[UUID],
    children: Iterable[Any] = (),
    family_id: UUID | None = None,
    revision: int = 1,
) -> Any:
    """A FamilyChanged snapshot published as network would, once booking has applied it.
    `children` are FamilyChild records or birth dates (then with fresh ids). The event."""
    from datetime import date

    from fc_shared.events import FamilyChanged
    from fc_shared.events.contracts import FamilyChild

    event = FamilyChanged(
        family_id=family_id or uuid4(),
        revision=revision,
        guardians=list(guardians),
        children=[
            FamilyChild(child_id=uuid4(), birth_date=child) if isinstance(child, date) else child
            for child in children
        ],
    )
    await publish_as_network(stack, event)

    async def applied() -> bool:
        return await _booking_holds(
            stack,
            "SELECT revision >= :revision FROM families WHERE family_id = :family_id",
            revision=revision,
            family_id=event.family_id,
        )

    await eventually(applied, what="booking to know the family")
    return event


async def case_team_known_to_booking(
    stack: Stack,
    *,
    family_id: UUID,
    responsible: UUID | None,
    consented_members: Iterable[UUID] = (),
    case_id: UUID | None = None,
    revision: int = 1,
) -> Any:
    """A CaseTeamChanged snapshot published as network would, once booking has applied it."""
    from fc_shared.events import CaseTeamChanged

    event = CaseTeamChanged(
        case_id=case_id or uuid4(),
        family_id=family_id,
        revision=revision,
        responsible=responsible,
        consented_members=list(consented_members),
    )
    await publish_as_network(stack, event)

    async def applied() -> bool:
        return await _booking_holds(
            stack,
            "SELECT revision >= :revision FROM case_teams WHERE case_id = :case_id",
            revision=revision,
            case_id=event.case_id,
        )

    await eventually(applied, what="booking to know the case team")
    return event
