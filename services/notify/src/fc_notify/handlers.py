"""Events the notify service turns into notifications; each handler calls one use case."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify import SERVICE
from fc_notify.domain.notifications import NotificationKind
from fc_notify.use_cases import notifications
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


async def on_slot_booked(session: AsyncSession, event: SlotBooked, envelope: Envelope) -> None:
    await notifications.confirm_booking(session, event=event, event_id=envelope.id)


async def on_waitlist_promoted(
    session: AsyncSession, event: WaitlistPromoted, envelope: Envelope
) -> None:
    await notifications.tell_family_of_a_change(
        session, event=event, event_id=envelope.id, kind=NotificationKind.WAITLIST_PROMOTED
    )


async def on_booking_rescheduled(
    session: AsyncSession, event: BookingRescheduled, envelope: Envelope
) -> None:
    await notifications.tell_family_of_a_change(
        session, event=event, event_id=envelope.id, kind=NotificationKind.BOOKING_RESCHEDULED
    )


async def on_booking_cancelled(
    session: AsyncSession, event: BookingCancelled, envelope: Envelope
) -> None:
    await notifications.tell_of_cancellation(session, event=event, event_id=envelope.id)


async def on_form_submitted(
    session: AsyncSession, event: FormSubmitted, envelope: Envelope
) -> None:
    await notifications.acknowledge_submission(session, event=event, event_id=envelope.id)


async def on_referral_made(session: AsyncSession, event: ReferralMade, envelope: Envelope) -> None:
    await notifications.tell_of_referral(session, event=event, event_id=envelope.id)


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
