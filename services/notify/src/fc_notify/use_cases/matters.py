"""Letters about forms and referrals: to the family whose matter it is, and to the
professional whose work it is. The content stays in forms and network: these letters say
what happened and where to read more, and sensitive kinds leave even that out of e-mail and
SMS (domain/messages.py)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain import recipients
from fc_notify.domain.letters import LetterValues
from fc_notify.domain.notifications import NotificationKind
from fc_notify.settings import NotifySettings
from fc_notify.store.tables import family_replica
from fc_notify.use_cases.letters import tell
from fc_shared import family_replica as families
from fc_shared.events import (
    FamilyChanged,
    FormStatusChanged,
    FormSubmitted,
    ReferralAccepted,
    ReferralCompleted,
    ReferralDeclined,
    ReferralMade,
)
from fc_shared.principals import RESERVED_SUBJECTS

Referral = ReferralAccepted | ReferralDeclined | ReferralCompleted
_REFERRAL_KINDS: dict[type[Referral], NotificationKind] = {
    ReferralAccepted: NotificationKind.REFERRAL_ACCEPTED,
    ReferralDeclined: NotificationKind.REFERRAL_DECLINED,
    ReferralCompleted: NotificationKind.REFERRAL_COMPLETED,
}
_STATUS_KINDS = {
    "waiting_for_family": NotificationKind.FORM_WAITING,
    "closed": NotificationKind.FORM_CLOSED,
}


def _short(reference: UUID) -> str:
    return reference.hex[:8].upper()


async def form_received(
    session: AsyncSession, settings: NotifySettings, event: FormSubmitted, event_id: UUID
) -> None:
    """A receipt for a submitted form: it says the form arrived, never what it said. An
    anonymous submission (its submitter a reserved id nobody has) gets none: there is
    nobody to tell, and a letter kept for "nobody" would be read by whoever became them."""
    if event.submitted_by in RESERVED_SUBJECTS:
        return
    await tell(
        session,
        settings,
        recipients=recipients.for_own_matter(event.submitted_by),
        kind=NotificationKind.FORM_RECEIPT,
        event_id=event_id,
        about=event.submission_id,
        values=LetterValues(
            receipt_number=event.receipt_number or _short(event.submission_id),
            inbox_url=settings.notify_portal_url,
        ),
        fallback_language=event.language,
    )


async def form_moved(
    session: AsyncSession, settings: NotifySettings, event: FormStatusChanged, event_id: UUID
) -> None:
    """The submitter hears when the form waits for them or is closed; the professional who
    took it hears that it is in their queue."""
    kind = _STATUS_KINDS.get(event.status)
    values = LetterValues(
        reference=_short(event.submission_id),
        inbox_url=settings.notify_portal_url,
    )
    if kind is not None and event.submitted_by not in RESERVED_SUBJECTS:
        await tell(
            session,
            settings,
            recipients=recipients.for_own_matter(event.submitted_by),
            kind=kind,
            event_id=event_id,
            about=event.submission_id,
            values=values,
        )
    if event.status == "in_handling" and event.previous_status == "received" and event.assignee:
        await tell(
            session,
            settings,
            recipients={event.assignee},
            kind=NotificationKind.SUBMISSION_QUEUED,
            event_id=event_id,
            about=event.submission_id,
            values=values,
        )


async def referral_received(
    session: AsyncSession, settings: NotifySettings, event: ReferralMade, event_id: UUID
) -> None:
    await tell(
        session,
        settings,
        recipients={event.referred_to},
        kind=NotificationKind.REFERRAL_RECEIVED,
        event_id=event_id,
        about=event.referral_id,
        values=LetterValues(
            reference=_short(event.referral_id),
            reason_category=event.reason_category,
            urgency=event.urgency,
            inbox_url=settings.notify_portal_url,
        ),
    )


async def referral_answered(
    session: AsyncSession, settings: NotifySettings, event: Referral, event_id: UUID
) -> None:
    """The family whose referral it is: its confirmed guardians."""
    guardians = await families.guardians_of_family(session, family_replica, event.family_id)
    await tell(
        session,
        settings,
        recipients=recipients.for_family(guardians),
        kind=_REFERRAL_KINDS[type(event)],
        event_id=event_id,
        about=event.referral_id,
        values=LetterValues(
            reference=_short(event.referral_id),
            reason=getattr(event, "reason_code", None),
            inbox_url=settings.notify_portal_url,
        ),
    )


async def family_changed(session: AsyncSession, event: FamilyChanged) -> None:
    await families.put_snapshot(session, family_replica, event)
