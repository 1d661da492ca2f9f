"""Test fixtures shared by every suite: a real PostgreSQL, a real Kafka-protocol broker,
an SMTP sink, and the services themselves served over HTTP on loopback ports.

Set FC_TEST_DATABASE_URL and/or FC_TEST_KAFKA_BOOTSTRAP_SERVERS to test against external
servers; otherwise an embedded PostgreSQL and a Tansu broker start once per session.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from familjecentret.devstack import SmtpSink, free_port, servers_for_testing
from familjecentret.testing import Infra, Stack, make_settings, prepare_databases, start_stack
from fc_shared.settings import Settings


@pytest.fixture(scope="session")
def infra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infra]:
    data_dir = tmp_path_factory.mktemp("familjecentret")
    smtp = SmtpSink(free_port())
    smtp.start()
    try:
        with servers_for_testing(data_dir) as (database_url, kafka):
            yield Infra(data_dir=data_dir, database_url=database_url, kafka=kafka, smtp=smtp)
    finally:
        smtp.stop()


@pytest.fixture(scope="session")
def settings(infra: Infra) -> Settings:
    settings = make_settings(infra)
    asyncio.run(prepare_databases(settings))
    return settings


@pytest_asyncio.fixture(scope="session")
async def stack(settings: Settings, infra: Infra) -> AsyncIterator[Stack]:
    async with start_stack(settings, infra.smtp) as running:
        yield running


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).parent
