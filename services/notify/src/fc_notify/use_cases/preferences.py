"""A person chooses how and when to be told."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain import preferences as rules
from fc_notify.domain.deliveries import Channel
from fc_notify.domain.notifications import NotificationKind
from fc_notify.domain.preferences import Preferences
from fc_notify.store import preferences as store


async def mine(session: AsyncSession, *, subject: UUID) -> Preferences:
    return await store.get_preferences(session, subject) or rules.defaults(subject)


async def choose(
    session: AsyncSession,
    *,
    subject: UUID,
    language: str,
    quiet_start: time | None,
    quiet_end: time | None,
    channels: Mapping[NotificationKind, frozenset[Channel]],
) -> Preferences:
    """Replace the person's preferences; nonsense is refused and changes nothing."""
    chosen = rules.checked(
        subject,
        language=language,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        channels=channels,
    )
    await store.put_preferences(session, chosen)
    return chosen
