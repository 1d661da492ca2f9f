"""The scheduler's clock: the real time, or the time a test set (FC_NOTIFY_TEST_CLOCK)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.store.tables import scheduler_clock


async def test_now(session: AsyncSession) -> datetime | None:
    return await session.scalar(select(scheduler_clock.c.now).where(scheduler_clock.c.id == 1))


async def set_test_now(session: AsyncSession, now: datetime) -> None:
    statement = pg_insert(scheduler_clock).values(id=1, now=now)
    await session.execute(
        statement.on_conflict_do_update(index_elements=[scheduler_clock.c.id], set_={"now": now})
    )


async def now(session: AsyncSession, *, test_clock: bool) -> datetime:
    """Every rule in notify asks this for the time, so a test that sets the clock sees the
    handlers, the scheduler and quiet hours all agree on it; production reads the real time."""
    if test_clock:
        chosen = await test_now(session)
        if chosen is not None:
            return chosen
    return datetime.now(UTC)
