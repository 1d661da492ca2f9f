"""The forms service's tests run it alone, over the real PostgreSQL and broker, with its
built-in forms loaded as the reference data loads them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from familjecentret.testing import Infra, Stack, service_alone


@pytest_asyncio.fixture(scope="session")
async def stack(infra: Infra) -> AsyncIterator[Stack]:
    async with service_alone(infra, "forms") as forms:
        yield forms
