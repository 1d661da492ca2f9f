"""SQLAlchemy async engine and sessions on asyncpg, one database per service."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from fc_shared.settings import Settings

Sessions = async_sessionmaker[AsyncSession]


def create_engine(settings: Settings, service: str) -> AsyncEngine:
    # pool_pre_ping lets a service survive a database restart without being restarted itself.
    return create_async_engine(
        settings.service_database_url(service),
        pool_size=settings.database_pool_size,
        pool_pre_ping=True,
        connect_args={"timeout": settings.database_timeout_seconds},
    )


def create_sessions(engine: AsyncEngine) -> Sessions:
    return async_sessionmaker(engine, expire_on_commit=False)


async def database_is_ready(engine: AsyncEngine) -> bool:
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:  # any failure means "not ready"; the reason goes to the log
        return False
    return True
