"""Letters about bookings, and the reminder before each: who is told (domain/recipients.py),
what (the booking's public facts), and when the reminder falls due."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain import recipients, reminders
from fc_notify.domain.booking_letters import BookingFacts, letter_values
from fc_notify.domain.notifications import NotificationKind, family_told_of_cancellation
from fc_notify.domain.notifications import worth_telling as still_ahead
from fc_notify.settings import NotifySettings
from fc_notify.store import reminders as reminder_store
from fc_notify.store.tables import family_replica
from fc_notify.use_cases.letters import now, tell
from fc_shared import family_replica as families
from fc_shared.events import BookingCancelled, BookingRescheduled, SlotBooked, WaitlistPromoted

BookingEvent = SlotBooked | WaitlistPromoted | BookingRescheduled | BookingCancelled
# Reminders have no event of their own: their letters' id is derived from the booking and
# its time, so a reminder is written once per booking time whoever runs the scheduler.
_REMINDER_NAMESPACE = UUID("6f1c1e4e-7a3b-4d55-9a51-1f1f0c0a2b11")


def facts_of(event: BookingEvent) -> BookingFacts:
    place = getattr(event, "place", None)
    return BookingFacts(
        booking_id=event.booking_id,
        booked_by=event.booked_by,
        booked_as=event.booked_as,
        child_ids=list(event.child_ids),
        starts_at=event.starts_at,
        ends_at=getattr(event, "ends_at", None),
        previous_starts_at=getattr(event, "previous_starts_at", None),
        activity=getattr(event, "activity", None),
        activity_name=event.activity_name,
        place_name=place.name if place else None,
        street_address=place.street_address if place else None,
        postal_code=place.postal_code if place else None,
        locality=place.locality if place else None,
        meeting_link=place.meeting_link if place else None,
        organizer_name=event.organizer_name,
        language=getattr(event, "language", None),
        session_count=getattr(event, "session_count", 1),
        calendar_url=getattr(event, "calendar_url", None),
    )


async def _recipients(session: AsyncSession, facts: BookingFacts) -> frozenset[UUID]:
    guardians = await families.guardians_of_children(session, family_replica, facts.child_ids)
    return recipients.for_booking(
        booked_by=facts.booked_by, booked_as=facts.booked_as, child_guardians=guardians
    )


async def tell_of_booking(
    session: AsyncSession,
    settings: NotifySettings,
    facts: BookingFacts,
    *,
    kind: NotificationKind,
    event_id: UUID,
) -> None:
    """The letter about a booking to everyone it concerns, while its time is still ahead."""
    if not still_ahead(facts.starts_at, now=await now(session, settings)):
        return
    await tell(
        session,
        settings,
        recipients=await _recipients(session, facts),
        kind=kind,
        event_id=event_id,
        about=facts.booking_id,
        values=letter_values(
            facts,
            # Booking's signed link opens without logging in; without one (a series, an
            # older event) the letter links no calendar rather than one asking for a login.
            ics_url=facts.calendar_url,
            inbox_url=settings.notify_portal_url,
        ),
        fallback_language=facts.language,
    )


async def booked(
    session: AsyncSession,
    settings: NotifySettings,
    event: SlotBooked | WaitlistPromoted,
    event_id: UUID,
) -> None:
    """Confirmed (or promoted from the waitlist): the letter, and its reminder scheduled."""
    facts = facts_of(event)
    kind = (
        NotificationKind.BOOKING_CONFIRMED
        if isinstance(event, SlotBooked)
        else NotificationKind.WAITLIST_PROMOTED
    )
    await tell_of_booking(session, settings, facts, kind=kind, event_id=event_id)
    await schedule_reminder(session, settings, facts)


async def moved(
    session: AsyncSession, settings: NotifySettings, event: BookingRescheduled, event_id: UUID
) -> None:
    facts = facts_of(event)
    await tell_of_booking(
        session, settings, facts, kind=NotificationKind.BOOKING_RESCHEDULED, event_id=event_id
    )
    await schedule_reminder(session, settings, facts)


async def cancelled(
    session: AsyncSession, settings: NotifySettings, event: BookingCancelled, event_id: UUID
) -> None:
    """No reminder for a cancelled booking; the family hears of it when staff cancelled."""
    await reminder_store.cancel(session, event.booking_id, event.starts_at)
    if family_told_of_cancellation(by_staff=event.by_staff):
        await tell_of_booking(
            session,
            settings,
            facts_of(event),
            kind=NotificationKind.BOOKING_CANCELLED_BY_STAFF,
            event_id=event_id,
        )


async def schedule_reminder(
    session: AsyncSession, settings: NotifySettings, facts: BookingFacts
) -> None:
    lead = reminders.lead_for(
        facts.activity,
        settings.notify_reminder_lead_hours,
        settings.notify_reminder_default_hours,
    )
    due = reminders.due_at(facts.starts_at, lead)
    if not reminders.worth_scheduling(due, facts.starts_at, now=await now(session, settings)):
        await reminder_store.cancel(session, facts.booking_id, facts.starts_at)
        return
    await reminder_store.schedule(
        session,
        booking_id=facts.booking_id,
        starts_at=facts.starts_at,
        due_at=due,
        booking=facts.model_dump(mode="json"),
    )


async def send_due_reminders(
    session: AsyncSession, settings: NotifySettings, *, at: datetime, limit: int = 50
) -> int:
    """Write the letters of the reminders due at `at`, each once: taken under a row lock
    and marked sent in this same transaction."""
    due = await reminder_store.take_due(session, at, limit)
    for reminder in due:
        facts = BookingFacts.model_validate(reminder.booking)
        await tell_of_booking(
            session,
            settings,
            facts,
            kind=NotificationKind.BOOKING_REMINDER,
            event_id=uuid5(
                _REMINDER_NAMESPACE, f"{facts.booking_id}:{facts.starts_at.isoformat()}"
            ),
        )
        await reminder_store.mark_sent(session, reminder.booking_id)
    return len(due)
