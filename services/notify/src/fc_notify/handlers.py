"""Events the notify service turns into notifications."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify import SERVICE, store
from fc_notify.messages import render
from fc_shared.consumer import subscribe
from fc_shared.events import (
    BookingCancelled,
    BookingRescheduled,
    FormSubmitted,
    ReferralMade,
    SlotBooked,
    WaitlistPromoted,
)
from fc_shared.events.envelope import Envelope
from fc_shared.service import ServiceContext


async def notify(
    session: AsyncSession,
    *,
    recipient: UUID,
    kind: str,
    envelope: Envelope,
    values: dict[str, Any],
    fallback_language: str = "sv",
) -> None:
    """An in-app notification always; an e-mail too when the recipient has an address."""
    contact = await store.get_contact_point(session, recipient)
    language = contact["language"] if contact else fallback_language
    message = render(kind, language, values)
    notification_id = await store.insert_notification(
        session,
        recipient=recipient,
        kind=kind,
        event_id=envelope.id,
        subject_line=message.subject,
        body=message.body,
    )
    if contact and contact["email"]:
        await store.insert_delivery(
            session, notification_id=notification_id, channel="email", address=contact["email"]
        )


async def on_slot_booked(session: AsyncSession, event: SlotBooked, envelope: Envelope) -> None:
    await notify(
        session,
        recipient=event.booked_by,
        kind="booking_confirmed",
        envelope=envelope,
        values=event.model_dump(),
        fallback_language=event.language,
    )


async def tell_family_of_a_change(
    session: AsyncSession,
    event: WaitlistPromoted | BookingRescheduled | BookingCancelled,
    envelope: Envelope,
    kind: str,
) -> None:
    """A letter about a time already past helps nobody; skipping those also keeps a consumer
    group that is new (and so reads the topic from its start) from sending months-old news."""
    if event.starts_at > datetime.now(UTC):
        await notify(
            session,
            recipient=event.booked_by,
            kind=kind,
            envelope=envelope,
            values=event.model_dump(),
        )


async def on_waitlist_promoted(
    session: AsyncSession, event: WaitlistPromoted, envelope: Envelope
) -> None:
    await tell_family_of_a_change(session, event, envelope, "waitlist_promoted")


async def on_booking_rescheduled(
    session: AsyncSession, event: BookingRescheduled, envelope: Envelope
) -> None:
    await tell_family_of_a_change(session, event, envelope, "booking_rescheduled")


async def on_booking_cancelled(
    session: AsyncSession, event: BookingCancelled, envelope: Envelope
) -> None:
    """The family is told when staff cancel; a family's own cancellation needs no letter."""
    if event.by_staff:
        await tell_family_of_a_change(session, event, envelope, "booking_cancelled_by_staff")


async def on_form_submitted(
    session: AsyncSession, event: FormSubmitted, envelope: Envelope
) -> None:
    await notify(
        session,
        recipient=event.submitted_by,
        kind="form_receipt",
        envelope=envelope,
        values=event.model_dump(),
        fallback_language=event.language,
    )


async def on_referral_made(session: AsyncSession, event: ReferralMade, envelope: Envelope) -> None:
    await notify(
        session,
        recipient=event.referred_to,
        kind="referral_received",
        envelope=envelope,
        values=event.model_dump(),
    )


def register_handlers(context: ServiceContext) -> None:
    common = {"sessions": context.sessions}
    subscribe(
        context.broker,
        context.settings,
        event=SlotBooked,
        consumer=f"{SERVICE}.bookings",
        handle=on_slot_booked,
        **common,
    )
    subscribe(
        context.broker,
        context.settings,
        event=WaitlistPromoted,
        consumer=f"{SERVICE}.waitlist",
        handle=on_waitlist_promoted,
        **common,
    )
    subscribe(
        context.broker,
        context.settings,
        event=BookingRescheduled,
        consumer=f"{SERVICE}.reschedules",
        handle=on_booking_rescheduled,
        **common,
    )
    subscribe(
        context.broker,
        context.settings,
        event=BookingCancelled,
        consumer=f"{SERVICE}.cancellations",
        handle=on_booking_cancelled,
        **common,
    )
    subscribe(
        context.broker,
        context.settings,
        event=FormSubmitted,
        consumer=f"{SERVICE}.submissions",
        handle=on_form_submitted,
        **common,
    )
    subscribe(
        context.broker,
        context.settings,
        event=ReferralMade,
        consumer=f"{SERVICE}.referrals",
        handle=on_referral_made,
        **common,
    )
