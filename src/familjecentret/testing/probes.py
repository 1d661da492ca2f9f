"""Probes into a service's own database: a value, and the positive signal that a consumer
has handled an event (its id in the service's inbox), instead of waiting and hoping."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import text

from familjecentret.testing.stack import Stack, eventually
from fc_shared.db import create_engine


async def service_db(stack: Stack, service: str, sql: str, **params: Any) -> Any:
    """One value from the service's database."""
    engine = create_engine(stack.settings, service)
    try:
        async with engine.connect() as connection:
            return await connection.scalar(text(sql), params)
    finally:
        await engine.dispose()


async def handled(stack: Stack, service: str, consumer: str, event_id: UUID) -> None:
    """Wait until the service's handler `consumer` (its inbox name, `<service>.<purpose>`)
    has handled the event."""

    async def in_inbox() -> bool:
        return bool(
            await service_db(
                stack,
                service,
                "SELECT count(*) FROM inbox WHERE event_id = :id AND consumer LIKE :consumer",
                id=event_id,
                consumer=f"%{consumer}",
            )
        )

    await eventually(in_inbox, what=f"{consumer} to handle event {event_id}")
