"""Test fixtures shared by every suite: a real PostgreSQL, a real Kafka-protocol broker,
an SMTP sink, an SMS gateway sink, and the services themselves served over HTTP on loopback
ports.

Set FC_TEST_DATABASE_URL and/or FC_TEST_KAFKA_BOOTSTRAP_SERVERS to test against external
servers; otherwise an embedded PostgreSQL and a Tansu broker start once per session.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from familjecentret.devstack import SmtpSink, free_port, servers_for_testing
from familjecentret.settings import StackSettings
from familjecentret.sms_sink import SmsSink
from familjecentret.testing import Infra, Stack, make_settings, prepare_databases, start_stack

# The kinds of test, as markers: `make test-unit` runs the first alone, `make test` all.
#   unit     no I/O: rules, parsing, files read from the repository
#   service  one service over HTTP, against real PostgreSQL and the broker (a service's
#            tests/conftest.py may narrow `stack` to that service alone, as booking's does)
#   journey  across services (the tests in tests/ that use the running stack)
# A test is sorted by the fixtures it uses; one doing I/O by other means says its kind
# itself (`pytestmark = pytest.mark.service`).
KINDS = ("unit", "service", "journey")
IO_FIXTURES = frozenset({"infra", "settings", "stack"})
JOURNEYS = Path(__file__).parent / "tests"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(kind) for kind in KINDS):
            continue
        if not IO_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.unit)
        elif item.path.is_relative_to(JOURNEYS):
            item.add_marker(pytest.mark.journey)
        else:
            item.add_marker(pytest.mark.service)


@pytest.fixture(scope="session")
def infra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infra]:
    data_dir = tmp_path_factory.mktemp("familjecentret")
    smtp = SmtpSink(free_port())
    sms = SmsSink(
        free_port(),
        token=secrets.token_hex(8),
        report_secret=secrets.token_hex(16),
        log_path=data_dir / "sms.jsonl",
    )
    smtp.start()
    sms.start()
    try:
        with servers_for_testing(data_dir) as (database_url, kafka):
            yield Infra(data_dir, database_url, kafka, smtp=smtp, sms=sms)
    finally:
        sms.stop()
        smtp.stop()


@pytest.fixture(scope="session")
def settings(infra: Infra) -> StackSettings:
    settings = make_settings(infra)
    asyncio.run(prepare_databases(settings))
    return settings


@pytest_asyncio.fixture(scope="session")
async def stack(settings: StackSettings, infra: Infra) -> AsyncIterator[Stack]:
    async with start_stack(settings, infra.smtp, sms=infra.sms) as running:
        yield running


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).parent
