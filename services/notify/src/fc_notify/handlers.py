"""Events the notify service turns into notifications; each handler calls one use case."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain.notifications import NotificationKind
from fc_notify.use_cases import notifications
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
    """One consumer group per topic, each under the service's name (the broker's ACLs let
    notify read only the groups under `notify.`)."""

    context.subscribe(SlotBooked, "bookings", on_slot_booked)
    context.subscribe(WaitlistPromoted, "waitlist", on_waitlist_promoted)
    context.subscribe(BookingRescheduled, "reschedules", on_booking_rescheduled)
    context.subscribe(BookingCancelled, "cancellations", on_booking_cancelled)
    context.subscribe(FormSubmitted, "submissions", on_form_submitted)
    context.subscribe(ReferralMade, "referrals", on_referral_made)
