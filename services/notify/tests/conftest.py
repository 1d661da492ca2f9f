"""Notify's tests run the notify service alone, over the real PostgreSQL, broker and SMTP
and SMS sinks. What notify learns from others (bookings, forms, referrals, families) the
tests publish on the broker as their owners would (`publish_as_owner`).

The scheduler's clock is the test's (`run_scheduler(stack, now)`): the `clock` fixture
gives it back to the real time after each test that set it, since the tests share one
notify.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from sqlalchemy import text

from familjecentret.testing import Infra, Stack, service_alone
from fc_shared.db import create_engine


@pytest_asyncio.fixture(scope="session")
async def stack(infra: Infra) -> AsyncIterator[Stack]:
    async with service_alone(infra, "notify") as notify:
        yield notify


@pytest_asyncio.fixture
async def clock(stack: Stack) -> AsyncIterator[None]:
    yield
    engine = create_engine(stack.settings, "notify")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DELETE FROM scheduler_clock"))
    finally:
        await engine.dispose()
