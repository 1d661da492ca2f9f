"""Events become notifications: one in the recipient's in-app inbox always, and an e-mail
too when the recipient gave an address (sent later by adapters/email.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain import notifications as rules
from fc_notify.domain.deliveries import Channel
from fc_notify.domain.messages import render
from fc_notify.domain.notifications import DEFAULT_LANGUAGE, Notification, NotificationKind
from fc_notify.store import contact_points, deliveries
from fc_notify.store import notifications as store
from fc_shared.events import (
    BookingCancelled,
    BookingRescheduled,
    FormSubmitted,
    ReferralMade,
    SlotBooked,
    WaitlistPromoted,
)
from fc_shared.principals import RESERVED_SUBJECTS


async def notify(
    session: AsyncSession,
    *,
    recipient: UUID,
    kind: NotificationKind,
    event_id: UUID,
    values: Mapping[str, object],
    fallback_language: str = DEFAULT_LANGUAGE,
) -> None:
    """An in-app notification always; an e-mail too when the recipient has an address."""
    contact = await contact_points.get_contact_point(session, recipient)
    message = render(kind, rules.language_for(contact, fallback_language), values)
    notification_id = await store.insert_notification(
        session,
        recipient=recipient,
        kind=kind,
        event_id=event_id,
        subject_line=message.subject,
        body=message.body,
    )
    address = rules.email_address(contact)
    if address is not None:
        await deliveries.insert_delivery(
            session, notification_id=notification_id, channel=Channel.EMAIL, address=address
        )


async def confirm_booking(session: AsyncSession, *, event: SlotBooked, event_id: UUID) -> None:
    await notify(
        session,
        recipient=event.booked_by,
        kind=NotificationKind.BOOKING_CONFIRMED,
        event_id=event_id,
        values=event.model_dump(),
        fallback_language=event.language,
    )


async def tell_family_of_a_change(
    session: AsyncSession,
    *,
    event: WaitlistPromoted | BookingRescheduled | BookingCancelled,
    event_id: UUID,
    kind: NotificationKind,
) -> None:
    """A booking changed: the family hears of it while the time is still ahead."""
    if rules.worth_telling(event.starts_at, now=datetime.now(UTC)):
        await notify(
            session,
            recipient=event.booked_by,
            kind=kind,
            event_id=event_id,
            values=event.model_dump(),
        )


async def tell_of_cancellation(
    session: AsyncSession, *, event: BookingCancelled, event_id: UUID
) -> None:
    if rules.family_told_of_cancellation(by_staff=event.by_staff):
        await tell_family_of_a_change(
            session,
            event=event,
            event_id=event_id,
            kind=NotificationKind.BOOKING_CANCELLED_BY_STAFF,
        )


async def acknowledge_submission(
    session: AsyncSession, *, event: FormSubmitted, event_id: UUID
) -> None:
    """A receipt for a submitted form: it says the form arrived, never what it said. An
    anonymous submission (its submitter a reserved id nobody has) gets none: there is
    nobody to tell, and a letter kept for "nobody" would be read by whoever became them."""
    if event.submitted_by in RESERVED_SUBJECTS:
        return
    await notify(
        session,
        recipient=event.submitted_by,
        kind=NotificationKind.FORM_RECEIPT,
        event_id=event_id,
        values=event.model_dump(),
        fallback_language=event.language,
    )


async def tell_of_referral(session: AsyncSession, *, event: ReferralMade, event_id: UUID) -> None:
    await notify(
        session,
        recipient=event.referred_to,
        kind=NotificationKind.REFERRAL_RECEIVED,
        event_id=event_id,
        values=event.model_dump(),
    )


async def inbox(session: AsyncSession, *, recipient: UUID) -> list[Notification]:
    """The recipient's notifications, newest first."""
    return await store.list_notifications(session, recipient)
