"""Who calls as a visitor: a capability token's holder (a new one is made for a first
anonymous chat), and how many chats a caller may start."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.domain import limits, tokens
from fc_chat.domain.chats import Visitor
from fc_chat.settings import ChatSettings
from fc_chat.store import limits as counts
from fc_chat.store import visitors


async def holder_of(session: AsyncSession, token: str) -> UUID:
    """The visitor holding this token; refused when forged, unknown or blocked."""
    if not tokens.well_formed(token):
        raise tokens.token_invalid()
    holder = await visitors.by_hash(session, tokens.token_hash(token))
    if holder is None:
        raise tokens.token_invalid()
    if holder.blocked_at is not None:
        raise tokens.token_revoked()
    return holder.id


async def new_holder(session: AsyncSession) -> tuple[UUID, str]:
    """A new anonymous visitor and the token only they will hold (shown once)."""
    token = tokens.new_token()
    return await visitors.add(session, tokens.token_hash(token)), token


async def forget_holder(session: AsyncSession, visitor: Visitor) -> None:
    """A new anonymous visitor whose first chat was turned away: their token was never
    given out, so nothing of them is kept."""
    assert visitor.token_holder is not None
    await visitors.remove(session, visitor.token_holder)


async def count_start(
    session: AsyncSession, settings: ChatSettings, *, caller: str, now: datetime
) -> None:
    """One more chat started by this caller this hour; refused past the limit. The caller
    (an address or a subject id) is counted only as an HMAC under the day's salt."""
    salt = await counts.salt_of(session, limits.salt_day(now))
    key = limits.caller_key(salt, caller)
    if (
        await counts.count(session, key, limits.hour_window(now))
        > settings.chat_start_limit_per_hour
    ):
        raise limits.too_many(
            "chats started", settings.chat_start_limit_per_hour, timedelta(hours=1)
        )


async def forget_old_counts(session: AsyncSession, now: datetime) -> None:
    await counts.forget_before(
        session, limits.salt_day(now), limits.hour_window(now) - timedelta(hours=1)
    )
