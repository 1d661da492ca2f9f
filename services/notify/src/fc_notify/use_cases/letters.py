"""Writing a letter: one notification in each recipient's inbox, and a delivery on each
outside channel they chose and confirmed, all in the event's transaction (sent later by
the dispatcher, after this commits)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain import preferences as rules
from fc_notify.domain.deliveries import Channel, NewDelivery, order_key
from fc_notify.domain.letters import Letters, LetterValues
from fc_notify.domain.messages import render
from fc_notify.domain.notifications import (
    CRITICAL_KINDS,
    DEFAULT_LANGUAGE,
    SUPPORTED_LANGUAGES,
    NotificationKind,
    purge_after,
)
from fc_notify.settings import NotifySettings
from fc_notify.store import clock, contact_points, deliveries, notifications, preferences
from fc_shared.events import NotificationSent
from fc_shared.outbox import add_event


async def now(session: AsyncSession, settings: NotifySettings) -> datetime:
    return await clock.now(session, test_clock=settings.notify_test_clock)


async def tell(
    session: AsyncSession,
    settings: NotifySettings,
    *,
    recipients: Iterable[UUID],
    kind: NotificationKind,
    event_id: UUID,
    about: UUID | None,
    values: LetterValues,
    fallback_language: str | None = None,
) -> None:
    """The letter to each recipient, in their language; a replayed event writes nothing."""
    moment = await now(session, settings)
    for recipient in sorted(set(recipients)):
        await _tell_one(
            session,
            settings,
            recipient=recipient,
            kind=kind,
            event_id=event_id,
            about=about,
            values=values,
            fallback_language=fallback_language,
            now=moment,
        )


async def _tell_one(
    session: AsyncSession,
    settings: NotifySettings,
    *,
    recipient: UUID,
    kind: NotificationKind,
    event_id: UUID,
    about: UUID | None,
    values: LetterValues,
    fallback_language: str | None,
    now: datetime,
) -> None:
    chosen = await preferences.get_preferences(session, recipient)
    language = _language(chosen, fallback_language)
    letters = render(kind, language, values)
    notification_id = await notifications.insert_notification(
        session,
        recipient=recipient,
        kind=kind,
        event_id=event_id,
        about=about,
        subject_line=letters.inbox.subject,
        body=letters.inbox.text,
        created_at=now,
        purge_after=purge_after(kind, now),
    )
    if notification_id is None:
        return  # this event already wrote this letter
    await add_event(
        session,
        settings,
        NotificationSent(notification_id=notification_id, kind=kind, channel="inbox"),
    )
    addresses = await contact_points.confirmed_addresses(session, recipient)
    for channel in sorted(rules.channels_for(chosen or rules.defaults(recipient), kind)):
        address = addresses.get(channel)
        if address is not None:
            await _queue(
                session,
                notification_id=notification_id,
                recipient=recipient,
                kind=kind,
                channel=channel,
                address=address,
                letters=letters,
                about=about,
                now=now,
            )


def _language(chosen: rules.Preferences | None, fallback: str | None) -> str:
    if chosen is not None:
        return chosen.language
    return fallback if fallback in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


async def _queue(
    session: AsyncSession,
    *,
    notification_id: UUID,
    recipient: UUID,
    kind: NotificationKind,
    channel: Channel,
    address: str,
    letters: Letters,
    about: UUID | None,
    now: datetime,
) -> None:
    email = channel is Channel.EMAIL
    await deliveries.insert_delivery(
        session,
        NewDelivery(
            notification_id=notification_id,
            recipient=recipient,
            kind=kind,
            channel=channel,
            address=address,
            critical=kind in CRITICAL_KINDS,
            subject_line=letters.email.subject if email else "",
            text=letters.email.text if email else letters.sms,
            html=letters.email.html if email else None,
            order_key=order_key(channel, recipient, about),
            due_at=now,
            purge_after=purge_after(kind, now),
        ),
    )


async def send_code(
    session: AsyncSession,
    settings: NotifySettings,
    *,
    subject: UUID,
    channel: Channel,
    address: str,
    values: LetterValues,
    request_id: UUID,
) -> None:
    """The confirmation code goes to the address being confirmed, the one letter that goes
    to an unconfirmed address; it is kept out of the inbox listing (store/notifications),
    since reading it there would prove nothing about the address."""
    moment = await now(session, settings)
    chosen = await preferences.get_preferences(session, subject)
    letters = render(NotificationKind.CONTACT_POINT_CODE, _language(chosen, None), values)
    kind = NotificationKind.CONTACT_POINT_CODE
    notification_id = await notifications.insert_notification(
        session,
        recipient=subject,
        kind=kind,
        event_id=request_id,
        about=None,
        subject_line=letters.inbox.subject,
        body="",  # the code itself is never kept outside the delivery, purged within a day
        created_at=moment,
        purge_after=purge_after(kind, moment),
    )
    assert notification_id is not None  # request_id is new for every request
    await _queue(
        session,
        notification_id=notification_id,
        recipient=subject,
        kind=kind,
        channel=channel,
        address=address,
        letters=letters,
        about=None,
        now=moment,
    )
