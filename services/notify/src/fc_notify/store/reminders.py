"""Reminders in SQL: one row per booking, durable across restarts; a due reminder is taken
under a row lock (SKIP LOCKED) and marked sent in the transaction that writes its letters,
so it is sent once however many replicas run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain.reminders import ReminderStatus
from fc_notify.store.tables import reminders


@dataclass(frozen=True, slots=True)
class DueReminder:
    booking_id: UUID
    starts_at: datetime
    booking: dict[str, Any]  # the booking event's public facts, as JSON


async def schedule(
    session: AsyncSession,
    *,
    booking_id: UUID,
    starts_at: datetime,
    due_at: datetime,
    booking: dict[str, Any],
) -> None:
    """Schedule (or move) the booking's reminder; a move of an already sent one schedules
    it again for the new time."""
    values = {
        "starts_at": starts_at,
        "due_at": due_at,
        "status": ReminderStatus.SCHEDULED,
        "booking": booking,
    }
    statement = pg_insert(reminders).values(booking_id=booking_id, **values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[reminders.c.booking_id],
            set_={**values, "updated_at": func.now()},
            # A replayed SlotBooked must not revive a cancelled reminder, nor re-send one
            # already sent for the same time.
            where=(reminders.c.status != ReminderStatus.CANCELLED)
            & ((reminders.c.starts_at != starts_at) | (reminders.c.status == "scheduled")),
        )
    )


async def cancel(session: AsyncSession, booking_id: UUID, starts_at: datetime | None) -> None:
    """Cancel the reminder; a cancellation carries the booking's start, so one row is kept
    cancelled even if the booking event arrives later."""
    statement = pg_insert(reminders).values(
        booking_id=booking_id,
        starts_at=starts_at or func.now(),
        due_at=starts_at or func.now(),
        status=ReminderStatus.CANCELLED,
        booking={},
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[reminders.c.booking_id],
            set_={"status": ReminderStatus.CANCELLED, "updated_at": func.now()},
        )
    )


async def take_due(session: AsyncSession, now: datetime, limit: int) -> list[DueReminder]:
    rows = await session.execute(
        select(reminders.c.booking_id, reminders.c.starts_at, reminders.c.booking)
        .where(reminders.c.status == ReminderStatus.SCHEDULED, reminders.c.due_at <= now)
        .order_by(reminders.c.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [DueReminder(row.booking_id, row.starts_at, row.booking) for row in rows]


async def mark_sent(session: AsyncSession, booking_id: UUID) -> None:
    await session.execute(
        update(reminders)
        .where(reminders.c.booking_id == booking_id)
        .values(status=ReminderStatus.SENT, updated_at=func.now())
    )
