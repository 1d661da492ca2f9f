"""Rate-limit counts in SQL, shared by every replica (domain/limits.py says why an address
is counted only under a daily salt that is later deleted)."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.store.tables import rate_counts, rate_salts


async def salt_of(session: AsyncSession, day: date) -> bytes:
    """The day's salt: the first replica to need it draws it, the others read that one."""
    await session.execute(
        insert(rate_salts).values(day=day, salt=secrets.token_bytes(32)).on_conflict_do_nothing()
    )
    salt = await session.scalar(select(rate_salts.c.salt).where(rate_salts.c.day == day))
    assert salt is not None
    return bytes(salt)


async def count(session: AsyncSession, key: bytes, window_start: datetime) -> int:
    """Count one more for the key in the window; the count including this one."""
    statement = (
        insert(rate_counts)
        .values(key=key, window_start=window_start, count=1)
        .on_conflict_do_update(
            index_elements=["key", "window_start"], set_={"count": rate_counts.c.count + 1}
        )
        .returning(rate_counts.c.count)
    )
    return int((await session.execute(statement)).scalar_one())


async def forget_before(session: AsyncSession, day: date, window_start: datetime) -> None:
    """Drop older salts and counts: after this, nothing links a count to an address."""
    await session.execute(delete(rate_salts).where(rate_salts.c.day < day))
    await session.execute(delete(rate_counts).where(rate_counts.c.window_start < window_start))
