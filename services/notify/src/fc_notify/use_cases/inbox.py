"""A person's own inbox: their letters, how many are unread, marking them read, and what
became of a letter on each channel."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain.deliveries import DeliveryRecord
from fc_notify.domain.notifications import Notification
from fc_notify.settings import NotifySettings
from fc_notify.store import deliveries, notifications
from fc_notify.use_cases.letters import now
from fc_shared.refusals import not_found


def _no_such_notification() -> Exception:
    # The same answer whether it does not exist or is another person's: ids are not probed.
    return not_found("notification_not_found", "You have no notification with this id.")


async def letters(
    session: AsyncSession, *, recipient: UUID, unread_only: bool = False
) -> list[Notification]:
    return await notifications.list_notifications(session, recipient, unread_only=unread_only)


async def unread_count(session: AsyncSession, *, recipient: UUID) -> int:
    return await notifications.count_unread(session, recipient)


async def mark_read(
    session: AsyncSession, settings: NotifySettings, *, recipient: UUID, notification_id: UUID
) -> datetime:
    read_at = await notifications.mark_read(
        session, recipient, notification_id, await now(session, settings)
    )
    if read_at is None:
        raise _no_such_notification()
    return read_at


async def mark_all_read(session: AsyncSession, settings: NotifySettings, *, recipient: UUID) -> int:
    return await notifications.mark_all_read(session, recipient, await now(session, settings))


async def delivery_statuses(
    session: AsyncSession, *, recipient: UUID, notification_id: UUID
) -> list[DeliveryRecord]:
    if not await notifications.is_recipient(session, recipient, notification_id):
        raise _no_such_notification()
    return await deliveries.statuses_of(session, notification_id)
