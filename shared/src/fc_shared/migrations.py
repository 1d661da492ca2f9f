"""Alembic, run programmatically: each service keeps its migrations in its own package."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from fc_shared.settings import Settings


async def ensure_database(settings: Settings, service: str) -> None:
    """Create the service's database on the server when it is missing."""
    url = settings.admin_database_url()
    connection = await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database=url.database or "postgres",
    )
    try:
        name = settings.database_name(service)
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


def alembic_config(settings: Settings, service: str, migrations_dir: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option(
        "sqlalchemy.url",
        settings.service_database_url(service).render_as_string(hide_password=False),
    )
    return config


async def upgrade(settings: Settings, service: str, migrations_dir: Path) -> None:
    await ensure_database(settings, service)
    config = alembic_config(settings, service, migrations_dir)
    # Alembic's command API is synchronous; env.py runs its own event loop.
    await asyncio.to_thread(command.upgrade, config, "head")


def run_env(target_metadata: MetaData) -> None:
    """The body of every service's migrations/env.py (online mode, asyncpg)."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None

    def run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()

    async def main() -> None:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(run)
            await connection.commit()
        await engine.dispose()

    asyncio.run(main())
