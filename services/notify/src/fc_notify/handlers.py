"""Events the notify service turns into letters; each handler calls one use case."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.settings import NotifySettings, notify_settings
from fc_notify.use_cases import bookings, chats, matters
from fc_shared.events import (
    BookingCancelled,
    BookingRescheduled,
    ChatAnswerWaiting,
    DomainEvent,
    FamilyChanged,
    FormStatusChanged,
    FormSubmitted,
    ReferralAccepted,
    ReferralCompleted,
    ReferralDeclined,
    ReferralMade,
    SlotBooked,
    WaitlistPromoted,
)
from fc_shared.events.envelope import Envelope
from fc_shared.service import ServiceContext

E = TypeVar("E", bound=DomainEvent)
Handler = Callable[[AsyncSession, E, Envelope], Awaitable[None]]


def _calling(
    use_case: Callable[[AsyncSession, NotifySettings, E, UUID], Awaitable[None]],
    settings: NotifySettings,
) -> Handler[E]:
    async def handle(session: AsyncSession, event: E, envelope: Envelope) -> None:
        await use_case(session, settings, event, envelope.id)

    return handle


async def on_family_changed(session: AsyncSession, event: FamilyChanged, _: Envelope) -> None:
    await matters.family_changed(session, event)


def register_handlers(context: ServiceContext) -> None:
    """Each event type to its use case; the subscriber reads each topic in one consumer
    group, so one booking's events are handled in the order booking wrote them."""
    settings = notify_settings(context.settings)
    context.subscribe(SlotBooked, "bookings", _calling(bookings.booked, settings))
    context.subscribe(WaitlistPromoted, "waitlist", _calling(bookings.booked, settings))
    context.subscribe(BookingRescheduled, "reschedules", _calling(bookings.moved, settings))
    context.subscribe(BookingCancelled, "cancellations", _calling(bookings.cancelled, settings))
    context.subscribe(FormSubmitted, "submissions", _calling(matters.form_received, settings))
    context.subscribe(FormStatusChanged, "form-statuses", _calling(matters.form_moved, settings))
    context.subscribe(ReferralMade, "referrals", _calling(matters.referral_received, settings))
    answered = _calling(matters.referral_answered, settings)
    context.subscribe(ReferralAccepted, "referral-accepted", answered)
    context.subscribe(ReferralDeclined, "referral-declined", answered)
    context.subscribe(ReferralCompleted, "referral-completed", answered)
    context.subscribe(ChatAnswerWaiting, "chat-answers", _calling(chats.answer_waiting, settings))
    context.subscribe(FamilyChanged, "families", on_family_changed)
