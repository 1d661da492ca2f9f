"""The FastAPI app factory every service uses.

The FastStream `KafkaBroker` runs inside the app's lifespan, in the same process: the API
starts even when Kafka or PostgreSQL is down, reports that on `/health/ready`, and catches up
by itself when they return.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Union

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from faststream.kafka import KafkaBroker
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from fc_shared.api_docs import install_api_pages
from fc_shared.asyncapi import document_consumed_events
from fc_shared.auth import JwksVerifier
from fc_shared.bus import create_broker, dead_letter_topic, keep_connected
from fc_shared.consumer import E, Handler, Route, subscribe_topic
from fc_shared.db import Sessions, create_engine, create_sessions, database_is_ready
from fc_shared.events.contracts import DomainEvent
from fc_shared.limits import DEFAULT_BODY_LIMIT, BodyLimitMiddleware
from fc_shared.openapi import install_openapi
from fc_shared.outbox import STAGED
from fc_shared.problems import LoggedRefusal, install_problem_handlers, problem_response
from fc_shared.relay import OutboxRelay
from fc_shared.settings import Settings
from fc_shared.telemetry import configure_telemetry


@dataclass
class ServiceContext:
    """What a service's routes and handlers share: settings, database, broker, relay."""

    name: str
    settings: Settings
    engine: AsyncEngine
    sessions: Sessions
    broker: KafkaBroker
    relay: OutboxRelay
    broker_ready: asyncio.Event = field(default_factory=asyncio.Event)
    # The handlers `subscribe` collected, by their topic's contract name, until
    # `create_subscribers` reads each topic in one group.
    routes: dict[str, list[Route[Any]]] = field(default_factory=dict)
    subscribers_created: bool = False

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits on success, and then wakes the relay if it staged
        events (a chat message or a read stages none: waking the relay for every request
        would cost a poll of the outbox each)."""
        async with self.sessions() as session:
            async with session.begin():
                yield session
            if session.info.pop(STAGED, False):
                self.relay.wake()

    def subscribe(self, event: type[E], purpose: str, handle: Handler[E]) -> None:
        """Handle `event` here. The service reads each topic in one consumer group,
        `<service>.<topic>`, so a key's events of several types come in their order; the
        inbox knows this handler as `<service>.<purpose>` (fc_shared.consumer.Route says
        why that name stays)."""
        if self.subscribers_created:
            raise RuntimeError(f"{event.TYPE}: registered after the subscribers were made")
        route = Route(event, f"{self.name}.{purpose}", handle)
        self.routes.setdefault(event.TOPIC, []).append(route)

    def create_subscribers(self) -> None:
        """One subscriber per topic a handler was registered for, in the group
        `<service>.<topic>`: the broker's ACLs let a service read only the groups under its
        own name. Before the broker starts: it starts only the subscribers it has then."""
        for topic, routes in self.routes.items():
            subscribe_topic(
                self.broker,
                self.settings,
                topic=topic,
                group=f"{self.name}.{topic}",
                routes=routes,
                sessions=self.sessions,
            )
        self.subscribers_created = True


def get_context(request: Request) -> ServiceContext:
    context: ServiceContext = request.app.state.context
    return context


Context = Annotated[ServiceContext, Depends(get_context)]

RegisterHandlers = Callable[[ServiceContext], None]
BackgroundWork = Callable[[ServiceContext], Coroutine[Any, Any, None]]


def create_service_app(
    *,
    name: str,
    title: str,
    settings: Settings,
    routers: Sequence[APIRouter],
    publishes: Iterable[type[DomainEvent]] = (),
    subscribes: Sequence[type[DomainEvent]] = (),
    register_handlers: RegisterHandlers | None = None,
    background: Sequence[BackgroundWork] = (),
    body_limits: Mapping[str, int] | None = None,
) -> FastAPI:
    """One service's app. `body_limits` raises the request-body limit (DEFAULT_BODY_LIMIT)
    for the path prefixes that need more, e.g. attachments; every other route stays small."""
    configure_telemetry(settings, name)
    engine = create_engine(settings, name)
    sessions = create_sessions(engine)
    broker = create_broker(settings)
    published = [settings.topic(event.TOPIC) for event in publishes]
    relay = OutboxRelay(sessions=sessions, broker=broker, settings=settings, topics=published)
    context = ServiceContext(name, settings, engine, sessions, broker, relay)
    if register_handlers is not None:
        register_handlers(context)
    context.create_subscribers()  # subscribers must exist before the broker starts
    _declare_publishers(broker, settings, list(publishes))
    document_consumed_events(broker, settings, subscribes)
    subscribed = [settings.topic(event.TOPIC) for event in subscribes]
    topics = {*published, *subscribed, *(dead_letter_topic(topic) for topic in subscribed)}
    return _app(context, title, routers, topics, background, body_limits)


def _app(
    context: ServiceContext,
    title: str,
    routers: Sequence[APIRouter],
    topics: set[str],
    background: Sequence[BackgroundWork],
    body_limits: Mapping[str, int] | None,
) -> FastAPI:
    """The FastAPI app around a service's context, with the platform's pages and handlers."""
    # /docs and /redoc are install_api_pages's, served without a CDN.
    app = FastAPI(
        title=title,
        version="1.0.0",
        lifespan=_lifespan(context, topics, background),
        docs_url=None,
        redoc_url=None,
    )
    app.state.context = context
    app.state.verifier = JwksVerifier(context.settings)
    install_problem_handlers(app)
    app.add_exception_handler(LoggedRefusal, _log_refusal)
    app.add_middleware(BodyLimitMiddleware, default=DEFAULT_BODY_LIMIT, limits=body_limits)
    app.include_router(_health_router())
    install_api_pages(app, context.broker, title)
    for router in routers:
        app.include_router(router)
    install_openapi(app)
    # One server span per request; the ASGI receive/send sub-spans say nothing an operator
    # needs and cost as much as the request's own span.
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls="health/.*", exclude_spans=["receive", "send"]
    )
    return app


def _lifespan(
    context: ServiceContext, topics: set[str], background: Sequence[BackgroundWork]
) -> Callable[[FastAPI], contextlib.AbstractAsyncContextManager[None]]:
    """Start the broker connection, the outbox relay and the background work with the app;
    stop them, then the broker and the database pool, when it stops."""
    name, broker = context.name, context.broker

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async def connect() -> None:
            await keep_connected(broker, context.settings, topics)
            context.broker_ready.set()

        tasks = [
            asyncio.create_task(connect(), name=f"{name}-broker"),
            asyncio.create_task(context.relay.run(context.broker_ready), name=f"{name}-relay"),
            *(asyncio.create_task(work(context)) for work in background),
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await broker.stop()
            await context.engine.dispose()

    return lifespan


async def _log_refusal(request: Request, error: Exception) -> Response:
    """Write a refusal to its access log, in its own transaction, then answer it."""
    assert isinstance(error, LoggedRefusal)
    async with get_context(request).transaction() as session:
        await error.record(session)
    return problem_response(error, request)


def _declare_publishers(
    broker: KafkaBroker, settings: Settings, events: list[type[DomainEvent]]
) -> None:
    """Declare, for the AsyncAPI document, each topic with the events it carries; the outbox
    relay does the publishing."""
    by_topic: dict[str, list[type[DomainEvent]]] = {}
    for event in events:
        by_topic.setdefault(settings.topic(event.TOPIC), []).append(event)
    for topic, carried in by_topic.items():
        schema: Any = carried[0] if len(carried) == 1 else Union[tuple(carried)]  # noqa: UP007
        broker.publisher(
            topic,
            schema=schema,
            title=topic,
            description=", ".join(event.TYPE for event in carried),
        )


def _health_router() -> APIRouter:
    router = APIRouter(prefix="/health", tags=["health"])

    @router.get("/live")
    async def live() -> dict[str, str]:
        """The process answers: restart it if this fails."""
        return {"status": "live"}

    @router.get("/ready", responses={503: {"description": "database or broker down"}})
    async def ready(context: Context) -> JSONResponse:
        """Whether the database and the broker are reachable: send traffic only when both
        are. The service starts without them and catches up when they come back."""
        database_up = await database_is_ready(context.engine)
        broker_up = context.broker_ready.is_set() and await context.broker.ping(timeout=2.0)
        body = {
            "status": "ready" if database_up and broker_up else "not ready",
            "database": "up" if database_up else "down",
            "broker": "up" if broker_up else "down",
        }
        return JSONResponse(body, status_code=200 if database_up and broker_up else 503)

    return router
