"""Test fixtures shared by every suite: a real PostgreSQL, a real Kafka-protocol broker,
an SMTP sink, and the services themselves served over HTTP on loopback ports.

Set FC_TEST_DATABASE_URL and/or FC_TEST_KAFKA_BOOTSTRAP_SERVERS to test against external
servers; otherwise an embedded PostgreSQL and a Tansu broker start once per session.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from familjecentret.devstack import EmbeddedPostgres, SmtpSink, Tansu, free_port
from familjecentret.testing import Infra, Stack, make_settings, prepare_databases, start_stack
from fc_shared.settings import Settings


@pytest.fixture(scope="session")
def infra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infra]:
    data_dir = tmp_path_factory.mktemp("familjecentret")
    started: list[EmbeddedPostgres | Tansu | SmtpSink] = []
    database_url = os.environ.get("FC_TEST_DATABASE_URL")
    if not database_url:
        database = EmbeddedPostgres(data_dir / "postgres", free_port(), durable=False)
        database.start()
        started.append(database)
        database_url = database.url
    kafka = os.environ.get("FC_TEST_KAFKA_BOOTSTRAP_SERVERS")
    if not kafka:
        broker = Tansu(free_port(), log_path=data_dir / "tansu.log")
        broker.start()
        started.append(broker)
        kafka = broker.bootstrap_servers
    smtp = SmtpSink(free_port())
    smtp.start()
    started.append(smtp)
    try:
        yield Infra(data_dir=data_dir, database_url=database_url, kafka=kafka, smtp=smtp)
    finally:
        for part in reversed(started):
            part.stop()


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
