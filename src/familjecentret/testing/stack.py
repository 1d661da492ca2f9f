"""The services served by uvicorn in the test's event loop, real HTTP on loopback, with their
own databases and topics, a client with minted tokens, and polling for what arrives later."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID, uuid4

import httpx
import uvicorn

from familjecentret.devstack import SmtpSink, free_port
from familjecentret.operations import seed_reference_data
from familjecentret.services import SERVICES
from familjecentret.settings import StackSettings
from familjecentret.sms_sink import SmsMessage, SmsSink
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
    sms: SmsSink


def make_settings(
    infra: Infra, *, kafka: str | None = None, database_url: str | None = None
) -> StackSettings:
    """Settings for one isolated set of services: own databases and own topics."""
    run = uuid4().hex[:8]
    settings = StackSettings(
        data_dir=infra.data_dir,
        database_url=database_url or infra.database_url,
        database_name_prefix=f"t{run}_",
        database_pool_size=20,
        kafka_bootstrap_servers=kafka or infra.kafka,
        topic_prefix=f"t{run}.",
        smtp_port=infra.smtp.port,
        sms_gateway_url=infra.sms.url,
        sms_gateway_token=infra.sms.token,
        sms_report_secret=infra.sms.report_secret,
        outbox_poll_seconds=0.1,
        consumer_retry_backoff_seconds=0.05,
        booking_hold_seconds=4,  # short, so a test can watch a hold lapse
        booking_sweep_seconds=0.2,
        chat_sweep_seconds=0.2,  # so a test sees an overdue waiting chat abandoned soon
        jwks_url="",
        # The tests choose notify's scheduler time (POST /v1/scheduler/runs); until one
        # does, notify reads the real time.
        notify_test_clock=True,
        notify_lease_seconds=5,
        notify_outage_pause_seconds=0.5,
        # Every test's anonymous chat visitor calls from 127.0.0.1, counted as one caller:
        # the start limit is tested on a replica with its own low limit (test_protection.py).
        chat_start_limit_per_hour=10_000,
    )
    ensure_dev_keys(settings.dev_keys_dir)
    return settings


async def prepare_databases(settings: Settings, services: Iterable[str] | None = None) -> None:
    """Migrate the databases of `services` (every service's by default), and load the
    reference data of those among them that have some (network's, forms' built-in forms)."""
    wanted = set(services) if services is not None else {spec.name for spec in SERVICES}
    for spec in SERVICES:
        if spec.name in wanted:
            await upgrade(settings, spec.name, spec.migrations_dir)
    await seed_reference_data(settings, wanted)


@dataclass
class Stack:
    settings: StackSettings
    smtp: SmtpSink
    urls: dict[str, str]
    client: httpx.AsyncClient
    servers: dict[str, uvicorn.Server] = field(default_factory=dict)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    sms: SmsSink | None = None

    def url(self, service: str, path: str) -> str:
        if service not in self.urls:
            # A service's own tests run that service alone: they publish what the others
            # would (publish_as_network) instead of calling them.
            raise KeyError(f"{service} is not running in this stack, only {sorted(self.urls)}")
        return f"{self.urls[service]}{path}"

    def auth(
        self, *roles: str, subject: UUID | None = None, acr: str | None = None
    ) -> dict[str, str]:
        token = mint_token(self.settings, subject=subject or uuid4(), roles=list(roles), acr=acr)
        return {"Authorization": f"Bearer {token}"}

    def mail_to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.smtp.messages if message["To"] == address]

    def sms_to(self, number: str) -> list[SmsMessage]:
        """The text messages the SMS sink received for `number` (E.164)."""
        if self.sms is None:
            raise RuntimeError("this stack was started without the SMS sink (start_stack(sms=))")
        return [message for message in self.sms.messages if message.to == number]


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
            app,
            host="127.0.0.1",
            port=port,
            lifespan="on",
            log_config=None,
            access_log=False,
            # Longer than the test client's keep-alive (httpx: 5 s), so the client always
            # drops an idle connection first: with equal times, a request sent just as the
            # server closes the connection fails with a ReadError under load.
            timeout_keep_alive=30,
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
    settings: StackSettings,
    smtp: SmtpSink,
    services: Iterable[str] | None = None,
    wait_ready: bool = True,
    *,
    sms: SmsSink | None = None,
) -> AsyncIterator[Stack]:
    wanted = set(services) if services is not None else {spec.name for spec in SERVICES}
    ports = {spec.name: free_port() for spec in SERVICES if spec.name in wanted}
    if "notify" in ports:
        # The SMS gateway reports deliveries back to notify where this run serves it.
        public = f"http://127.0.0.1:{ports['notify']}"
        settings = settings.model_copy(update={"notify_public_url": public})
    stack = Stack(settings, smtp, {}, httpx.AsyncClient(timeout=30), sms=sms)
    try:
        for spec in SERVICES:
            if spec.name in ports:
                port = ports[spec.name]
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
    async with start_stack(settings, infra.smtp, [service], sms=infra.sms) as stack:
        yield stack


async def wait_ready_for(stack: Stack, service: str, timeout: float = 60) -> None:
    async def ready() -> bool:
        response = await stack.client.get(stack.url(service, "/health/ready"))
        return response.status_code == 200

    await eventually(ready, timeout=timeout, what=f"{service} to be ready")


@contextlib.asynccontextmanager
async def another_replica(stack: Stack, service: str, **changes: Any) -> AsyncIterator[str]:
    """A second copy of a running service on the same database, topics and consumer groups,
    as a second replica would be (with `changes` to its settings); its base URL."""
    spec = next(spec for spec in SERVICES if spec.name == service)
    port = free_port()
    settings = stack.settings.model_copy(update=changes) if changes else stack.settings
    server, task = await serve(spec.create_app(settings), port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
