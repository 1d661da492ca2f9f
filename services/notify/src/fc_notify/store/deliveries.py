"""Deliveries in SQL: each channel's own outbox, claimed under a lease, in order.

A delivery is claimed (status `sending`, `lease_until` set) in a transaction of its own that
commits before the send; the result is recorded after the send in another. A sender that
dies between the two leaves the delivery `sending` with a lapsed lease, and the next claim
takes it up again: never lost. Letters that share an `order_key` (one booking, one person,
one channel) are claimed only once every earlier one has been handed over.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import case, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain.deliveries import (
    Channel,
    ClaimedDelivery,
    DeliveryRecord,
    DeliveryStatus,
    NewDelivery,
)
from fc_notify.store.tables import deliveries


async def insert_delivery(session: AsyncSession, new: NewDelivery) -> UUID:
    delivery_id = uuid4()
    await session.execute(
        insert(deliveries).values(
            id=delivery_id,
            notification_id=new.notification_id,
            recipient=new.recipient,
            kind=new.kind,
            channel=new.channel,
            address=new.address,
            critical=new.critical,
            subject_line=new.subject_line[:200],
            text=new.text,
            html=new.html,
            order_key=new.order_key,
            due_at=new.due_at,
            created_at=new.due_at,
            purge_after=new.purge_after,
        )
    )
    return delivery_id


# Due (or with a lapsed lease) and not held back by an earlier letter of the same order
# that is not yet handed over. SKIP LOCKED: replicas claiming at once share the work.
# Due times follow the scheduler's clock (`:now`, a test's chosen time in tests); leases are
# about whether a process is still alive, so they run on the database's real clock, which
# a test moving the scheduler a day ahead does not lapse.
_CLAIM = text(
    """
    WITH claimable AS (
        SELECT d.id FROM deliveries d
        WHERE ((d.status IN ('queued', 'failed_temporarily') AND d.due_at <= :now)
               OR (d.status = 'sending' AND d.provider_id IS NULL
                   AND d.lease_until <= clock_timestamp()))
          AND d.channel = ANY(:channels)
          AND NOT EXISTS (
              SELECT 1 FROM deliveries e
              WHERE d.order_key IS NOT NULL AND e.order_key = d.order_key
                AND e.sequence < d.sequence
                AND (e.status IN ('queued', 'failed_temporarily')
                     OR (e.status = 'sending' AND e.provider_id IS NULL)))
        ORDER BY d.sequence
        LIMIT :limit
        FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE deliveries
    SET status = 'sending', lease_until = clock_timestamp() + make_interval(secs => :lease)
    FROM claimable WHERE deliveries.id = claimable.id
    RETURNING deliveries.id, deliveries.notification_id, deliveries.recipient,
              deliveries.kind, deliveries.channel, deliveries.address, deliveries.critical,
              deliveries.subject_line, deliveries.text, deliveries.html, deliveries.attempts,
              deliveries.due_at, deliveries.sequence, deliveries.order_key
    """
)


def _claimed(row: Any) -> ClaimedDelivery:
    return ClaimedDelivery(
        id=row.id,
        notification_id=row.notification_id,
        recipient=row.recipient,
        kind=row.kind,
        channel=Channel(row.channel),
        address=row.address,
        critical=row.critical,
        subject_line=row.subject_line,
        text=row.text,
        html=row.html,
        attempts=row.attempts,
        due_at=row.due_at,
        order_key=row.order_key,
    )


async def claim(
    session: AsyncSession,
    *,
    now: datetime,
    lease: timedelta,
    channels: Sequence[Channel],
    limit: int,
) -> list[ClaimedDelivery]:
    """Claim up to `limit` due deliveries on `channels`, in their order of writing."""
    if not channels:
        return []
    rows = await session.execute(
        _CLAIM,
        {
            "now": now,
            "lease": lease.total_seconds(),
            "channels": [str(channel) for channel in channels],
            "limit": limit,
        },
    )
    return [_claimed(row) for row in sorted(rows, key=lambda row: row.sequence)]


async def hold(session: AsyncSession, delivery_id: UUID, until: datetime) -> None:
    """Back to the queue until `until` (quiet hours, a rate limit), no attempt spent."""
    await session.execute(
        update(deliveries)
        .where(deliveries.c.id == delivery_id)
        .values(status=DeliveryStatus.QUEUED, due_at=until, lease_until=None)
    )


async def release(session: AsyncSession, delivery_ids: Sequence[UUID]) -> None:
    """Give claimed deliveries back untried (their channel is away), no attempt spent."""
    if delivery_ids:
        await session.execute(
            update(deliveries)
            .where(deliveries.c.id.in_(delivery_ids), deliveries.c.status == "sending")
            .values(status=DeliveryStatus.QUEUED, lease_until=None)
        )


def _still_ours(delivery_id: UUID) -> Any:
    return (deliveries.c.id == delivery_id) & (deliveries.c.status == "sending")


async def record_sent(
    session: AsyncSession, delivery_id: UUID, *, now: datetime, provider_id: str | None
) -> int | None:
    """The send succeeded: delivered (e-mail accepted by the server), or handed to the SMS
    gateway awaiting its report (`provider_id`). The attempts so far; None if the delivery
    was no longer ours."""
    status = DeliveryStatus.SENDING if provider_id else DeliveryStatus.DELIVERED
    attempts: int | None = await session.scalar(
        update(deliveries)
        .where(_still_ours(delivery_id), deliveries.c.provider_id.is_(None))
        .values(
            status=status,
            attempts=deliveries.c.attempts + 1,
            provider_id=provider_id,
            sent_at=now,
            delivered_at=None if provider_id else now,
            lease_until=None,
            last_error=None,
        )
        .returning(deliveries.c.attempts)
    )
    return attempts


async def record_failure(
    session: AsyncSession,
    delivery_id: UUID,
    *,
    status: DeliveryStatus,
    error: str,
    retry_at: datetime | None,
) -> int | None:
    values: dict[str, Any] = {
        "status": status,
        "attempts": deliveries.c.attempts + 1,
        "last_error": error[:500],
        "lease_until": None,
    }
    if retry_at is not None:
        values["due_at"] = retry_at
    attempts: int | None = await session.scalar(
        update(deliveries)
        .where(_still_ours(delivery_id))
        .values(**values)
        .returning(deliveries.c.attempts)
    )
    return attempts


_RECORD = (
    deliveries.c.id,
    deliveries.c.notification_id,
    deliveries.c.kind,
    deliveries.c.channel,
    deliveries.c.status,
    deliveries.c.attempts,
    deliveries.c.due_at,
    deliveries.c.sent_at,
    deliveries.c.delivered_at,
)


def _record(row: Any) -> DeliveryRecord:
    return DeliveryRecord(
        id=row.id,
        notification_id=row.notification_id,
        kind=row.kind,
        channel=Channel(row.channel),
        status=DeliveryStatus(row.status),
        attempts=row.attempts,
        due_at=row.due_at,
        sent_at=row.sent_at,
        delivered_at=row.delivered_at,
    )


async def lock_for_report(session: AsyncSession, delivery_id: UUID) -> DeliveryRecord | None:
    row = (
        await session.execute(
            select(*_RECORD)
            .where(deliveries.c.id == delivery_id, deliveries.c.channel == "sms")
            .with_for_update()
        )
    ).first()
    return _record(row) if row else None


async def record_report(
    session: AsyncSession,
    delivery_id: UUID,
    *,
    provider_id: str,
    status: DeliveryStatus,
    now: datetime,
    error: str | None,
) -> int:
    """The gateway's word on a message. If the report overtook the dispatcher's record of
    the send, this records the send too (the attempt, the gateway's id); the dispatcher's
    record then finds the delivery no longer `sending` and changes nothing."""
    attempts: int = await session.scalar(
        update(deliveries)
        .where(deliveries.c.id == delivery_id)
        .values(
            status=status,
            attempts=case(
                (deliveries.c.provider_id.is_(None), deliveries.c.attempts + 1),
                else_=deliveries.c.attempts,
            ),
            provider_id=provider_id,
            sent_at=func.coalesce(deliveries.c.sent_at, now),
            delivered_at=now if status is DeliveryStatus.DELIVERED else None,
            lease_until=None,
            last_error=error,
        )
        .returning(deliveries.c.attempts)
    )
    return attempts


async def retry_later(session: AsyncSession, delivery_id: UUID, at: datetime) -> None:
    """A letter the gateway could not deliver for now goes back to the queue, with a new
    send (and so a new gateway id) at `at`."""
    await session.execute(
        update(deliveries)
        .where(deliveries.c.id == delivery_id)
        .values(status=DeliveryStatus.FAILED_TEMPORARILY, due_at=at, provider_id=None)
    )


async def lock_rate_counts(session: AsyncSession, keys: Sequence[tuple[UUID, Channel]]) -> None:
    """Serialise the claimers counting one person's letters on one channel, until their
    transactions end (in a fixed order, so two claimers never wait on each other)."""
    for recipient, channel in sorted(keys):
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": f"notify-rate:{recipient}:{channel}"},
        )


async def sent_within(
    session: AsyncSession,
    recipient: UUID,
    channel: Channel,
    since: datetime,
    *,
    now: datetime,
    excluding: Sequence[UUID],
) -> list[datetime]:
    """When this person's letters on this channel went out since `since`, oldest first,
    counting those another claimer is sending right now as going out `now`."""
    in_flight = (deliveries.c.status == "sending") & deliveries.c.provider_id.is_(None)
    rows = await session.scalars(
        select(func.coalesce(deliveries.c.sent_at, now))
        .where(
            deliveries.c.recipient == recipient,
            deliveries.c.channel == channel,
            (deliveries.c.sent_at >= since) | in_flight,
            deliveries.c.critical.is_(False),
            deliveries.c.id.not_in(excluding) if excluding else text("true"),
        )
        .order_by(func.coalesce(deliveries.c.sent_at, now))
    )
    return list(rows)


async def statuses_of(session: AsyncSession, notification_id: UUID) -> list[DeliveryRecord]:
    rows = await session.execute(
        select(*_RECORD)
        .where(deliveries.c.notification_id == notification_id)
        .order_by(deliveries.c.sequence)
    )
    return [_record(row) for row in rows]
