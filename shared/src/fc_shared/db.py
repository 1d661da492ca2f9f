"""SQLAlchemy async engine and sessions on asyncpg, one database per service."""

from __future__ import annotations

from sqlalchemy import exc, text
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
        hide_parameters=True,  # parameters may hold personal data; errors get logged
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


# SQLSTATE classes: 08 connection, 53 insufficient resources, 57P operator intervention
# (shutdown, starting up); 22 data exception (a value PostgreSQL cannot take, e.g. NUL).
_TRANSIENT_SQLSTATES = ("08", "53", "57P")


def sqlstate(error: BaseException) -> str:
    return str(getattr(getattr(error, "orig", None), "sqlstate", "") or "")


def is_database_unavailable(error: BaseException) -> bool:
    """The database is away or overloaded: the same request can succeed later."""
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, exc.TimeoutError | exc.InterfaceError | OSError):
        return True  # pool exhausted, connection gone, refused or timed out
    return isinstance(error, exc.DBAPIError) and sqlstate(error).startswith(_TRANSIENT_SQLSTATES)


def is_invalid_value(error: BaseException) -> bool:
    """PostgreSQL refused a value itself (data exception): the request is at fault."""
    return isinstance(error, exc.DBAPIError) and sqlstate(error).startswith("22")
