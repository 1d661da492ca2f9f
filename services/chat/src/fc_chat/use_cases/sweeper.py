"""The chat's background work, on every replica at once (rows are taken with SKIP LOCKED,
so two replicas never handle one chat): waiting chats past their queue's longest wait or
whose visitor is gone are abandoned; ended chats past their queue's retention are purged,
their data key destroyed first so no copy of their text stays readable; old rate-limit
counts and salts are dropped."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.domain.chats import AbandonReason, ChatStatus
from fc_chat.settings import ChatSettings, chat_settings
from fc_chat.store import chats
from fc_chat.use_cases.chats import abandon, locked
from fc_chat.use_cases.visitors import forget_old_counts
from fc_shared.field_crypto import forget_subject
from fc_shared.service import ServiceContext

log = structlog.get_logger(__name__)


async def abandon_overdue(session: AsyncSession, settings: ChatSettings, now: datetime) -> int:
    overdue = await chats.overdue(session, now)
    for chat_id, waited_too_long in overdue:
        chat = await locked(session, chat_id)
        if chat.status is not ChatStatus.WAITING:
            continue
        reason = AbandonReason.WAIT_LIMIT if waited_too_long else AbandonReason.VISITOR_GONE
        await abandon(session, settings, chat, reason, now)
    return len(overdue)


async def purge_expired(session: AsyncSession, now: datetime) -> int:
    expired = await chats.expired(session, now)
    for chat_id in expired:
        await forget_subject(session, chat_id)
        await chats.remove(session, chat_id)
    return len(expired)


async def sweep_forever(context: ServiceContext) -> None:
    settings = chat_settings(context.settings)
    last_purge = 0.0
    while True:
        await asyncio.sleep(settings.chat_sweep_seconds)
        try:
            now = datetime.now(UTC)
            async with context.transaction() as session:
                await abandon_overdue(session, settings, now)
            if time.monotonic() - last_purge >= settings.chat_purge_every_seconds:
                async with context.transaction() as session:
                    purged = await purge_expired(session, now)
                    await forget_old_counts(session, now)
                last_purge = time.monotonic()
                if purged:
                    log.info("chats purged after retention", count=purged)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # the database away: try again next round
            log.warning("chat sweep failed", error=type(error).__name__)
