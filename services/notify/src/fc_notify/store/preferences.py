"""Preferences in SQL, as typed records."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain.deliveries import Channel
from fc_notify.domain.notifications import NotificationKind
from fc_notify.domain.preferences import Preferences, QuietHours
from fc_notify.store.tables import preferences


async def put_preferences(session: AsyncSession, chosen: Preferences) -> None:
    quiet = chosen.quiet_hours
    values = {
        "language": chosen.language,
        "quiet_start": quiet.start if quiet else None,
        "quiet_end": quiet.end if quiet else None,
        "channels": {
            kind.value: sorted(c.value for c in wanted) for kind, wanted in chosen.channels.items()
        },
    }
    statement = pg_insert(preferences).values(subject=chosen.subject, **values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[preferences.c.subject], set_={**values, "updated_at": func.now()}
        )
    )


async def get_preferences(session: AsyncSession, subject: UUID) -> Preferences | None:
    row = (
        await session.execute(select(preferences).where(preferences.c.subject == subject))
    ).first()
    if row is None:
        return None
    quiet = (
        QuietHours(row.quiet_start, row.quiet_end)
        if row.quiet_start is not None and row.quiet_end is not None
        else None
    )
    channels = {
        NotificationKind(kind): frozenset(Channel(c) for c in wanted)
        for kind, wanted in row.channels.items()
        if kind in NotificationKind.__members__.values()
    }
    return Preferences(row.subject, row.language, quiet, channels)
