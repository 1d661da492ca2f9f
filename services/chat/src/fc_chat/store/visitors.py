"""Anonymous visitors in SQL: a token's hash, and whether staff blocked it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.store.tables import visitors


@dataclass(frozen=True, slots=True)
class TokenHolder:
    id: UUID
    blocked_at: datetime | None


async def add(session: AsyncSession, token_hash: bytes) -> UUID:
    visitor = uuid4()
    await session.execute(insert(visitors).values(id=visitor, token_hash=token_hash))
    return visitor


async def by_hash(session: AsyncSession, token_hash: bytes) -> TokenHolder | None:
    row = (
        await session.execute(
            select(visitors.c.id, visitors.c.blocked_at).where(visitors.c.token_hash == token_hash)
        )
    ).first()
    return TokenHolder(row.id, row.blocked_at) if row else None


async def block(session: AsyncSession, visitor: UUID) -> None:
    await session.execute(
        update(visitors)
        .where(visitors.c.id == visitor, visitors.c.blocked_at.is_(None))
        .values(blocked_at=func.now())
    )


async def remove(session: AsyncSession, visitor: UUID) -> None:
    await session.execute(delete(visitors).where(visitors.c.id == visitor))
