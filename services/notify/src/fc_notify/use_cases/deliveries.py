"""What became of a send, recorded after it in a transaction of its own, with the event
that tells analysts (ids, kind, channel and status only)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain.deliveries import (
    ClaimedDelivery,
    DeliveryStatus,
    retry_delay,
    status_after_failure,
)
from fc_notify.settings import NotifySettings
from fc_notify.store import deliveries as store
from fc_notify.use_cases.letters import now as clock_now
from fc_shared.events import NotificationFailed, NotificationSent
from fc_shared.outbox import add_event


async def sent(
    session: AsyncSession,
    settings: NotifySettings,
    delivery: ClaimedDelivery,
    *,
    provider_id: str | None,
    now: datetime,
) -> None:
    """Accepted by the mail server (delivered), or by the SMS gateway (its report will
    say whether it was delivered)."""
    attempts = await store.record_sent(session, delivery.id, now=now, provider_id=provider_id)
    if attempts is not None and provider_id is None:
        await add_event(
            session,
            settings,
            NotificationSent(
                notification_id=delivery.notification_id,
                delivery_id=delivery.id,
                kind=delivery.kind,
                channel=delivery.channel.value,
                status="delivered",
                attempts=attempts,
            ),
        )


async def failed(
    session: AsyncSession,
    settings: NotifySettings,
    delivery: ClaimedDelivery,
    *,
    permanently: bool,
    error: str,
    now: datetime,
) -> None:
    """A refusal of this letter: given up at once (`permanently`), or tried again later
    until its attempts are spent."""
    status = (
        DeliveryStatus.FAILED_PERMANENTLY
        if permanently
        else status_after_failure(delivery.attempts)
    )
    retry_at = (
        now + retry_delay(delivery.attempts + 1)
        if status is DeliveryStatus.FAILED_TEMPORARILY
        else None
    )
    attempts = await store.record_failure(
        session, delivery.id, status=status, error=error, retry_at=retry_at
    )
    if attempts is not None and status is DeliveryStatus.FAILED_PERMANENTLY:
        await _failed_event(
            session,
            settings,
            delivery.id,
            delivery.notification_id,
            delivery.kind,
            delivery.channel.value,
            attempts,
        )


async def _failed_event(
    session: AsyncSession,
    settings: NotifySettings,
    delivery_id: UUID,
    notification_id: UUID,
    kind: str,
    channel: str,
    attempts: int,
) -> None:
    await add_event(
        session,
        settings,
        NotificationFailed(
            notification_id=notification_id,
            delivery_id=delivery_id,
            kind=kind,
            channel=channel,
            attempts=attempts,
        ),
    )


async def record_sms_report(
    session: AsyncSession,
    settings: NotifySettings,
    *,
    provider_id: str,
    reference: UUID,
    status: DeliveryStatus,
    error_code: str | None = None,
) -> bool:
    """The SMS gateway's delivery report for our delivery `reference`; False when there is
    no such delivery. The report may come before the dispatcher has recorded the send (the
    gateway reports at once), so it is matched by our id and records the send too. A report
    for a delivery already final changes nothing: gateways repeat reports."""
    found = await store.lock_for_report(session, reference)
    if found is None:
        return False
    if found.status != DeliveryStatus.SENDING:
        return True
    moment = await clock_now(session, settings)
    attempts = await store.record_report(
        session, found.id, provider_id=provider_id, status=status, now=moment, error=error_code
    )
    if status is DeliveryStatus.FAILED_TEMPORARILY:
        # The gateway gave up for now (the phone was off): send it again later, anew.
        await store.retry_later(session, found.id, moment + retry_delay(attempts))
    elif status is DeliveryStatus.DELIVERED:
        await add_event(
            session,
            settings,
            NotificationSent(
                notification_id=found.notification_id,
                delivery_id=found.id,
                kind=found.kind,
                channel="sms",
                attempts=attempts,
            ),
        )
    else:
        await _failed_event(
            session, settings, found.id, found.notification_id, found.kind, "sms", attempts
        )
    return True
