"""A unit of work wakes the outbox relay only when it staged an event: a request that
stages none (a chat message, a read) must not cost a poll of the outbox."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any, cast
from uuid import uuid4

from fc_shared.events import ChatAnswerWaiting
from fc_shared.outbox import STAGED, add_event
from fc_shared.service import ServiceContext
from fc_shared.settings import Settings


class _Session:
    def __init__(self) -> None:
        self.info: dict[str, Any] = {}

    @contextlib.asynccontextmanager
    async def begin(self) -> AsyncIterator[None]:
        yield

    async def execute(self, statement: object) -> None:
        self.statements = [*getattr(self, "statements", []), statement]


class _Sessions:
    def __init__(self) -> None:
        self.made: list[_Session] = []

    @contextlib.asynccontextmanager
    async def __call__(self) -> AsyncIterator[_Session]:
        session = _Session()
        self.made.append(session)
        yield session


class _Relay:
    def __init__(self) -> None:
        self.woken = 0

    def wake(self) -> None:
        self.woken += 1


def _context() -> tuple[ServiceContext, _Relay]:
    relay = _Relay()
    context = ServiceContext(
        "test",
        Settings(),
        cast(Any, None),
        cast(Any, _Sessions()),
        cast(Any, None),
        cast(Any, relay),
    )
    return context, relay


async def test_a_unit_of_work_that_staged_nothing_does_not_wake_the_relay() -> None:
    context, relay = _context()
    async with context.transaction():
        pass
    assert relay.woken == 0


async def test_a_unit_of_work_that_staged_an_event_wakes_the_relay_once() -> None:
    context, relay = _context()
    async with context.transaction() as session:
        session.info[STAGED] = True  # what fc_shared.outbox.add_event marks
    assert relay.woken == 1
    async with context.transaction():
        pass
    assert relay.woken == 1  # the mark went with its session


async def test_staging_an_event_marks_its_session() -> None:
    session = _Session()
    event = ChatAnswerWaiting(
        chat_id=uuid4(),
        queue="youth-chat-sv",
        language="sv",
        visitor_id=uuid4(),
        answered_at=datetime.now(UTC),
    )
    await add_event(cast(Any, session), Settings(), event)
    assert session.info[STAGED] is True
