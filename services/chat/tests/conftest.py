"""Chat's tests run the chat service alone over the real PostgreSQL and broker; a second
replica, where a test needs one, is another copy of the app on the same database
(`another_replica(stack, "chat")`). What chat learns from network (families) the tests
publish on the broker as network would."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from familjecentret.testing import Infra, Stack, service_alone


@pytest_asyncio.fixture(scope="session")
async def stack(infra: Infra) -> AsyncIterator[Stack]:
    async with service_alone(infra, "chat") as chat:
        yield chat
