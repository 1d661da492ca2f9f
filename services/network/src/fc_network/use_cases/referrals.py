"""Referrals: made with the family's consent (the check, allowed or refused, in the
family's access log), answered by the receiving professional, each step an event."""

from __future__ import annotations

import contextlib
from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain import referrals
from fc_network.domain.consents import ConsentScope
from fc_network.domain.referrals import Referral, ReferralRequest, ReferralStatus
from fc_network.store import cases as case_store
from fc_network.store import consents as consent_store
from fc_network.store import families as family_store
from fc_network.store import professionals as professional_store
from fc_network.store import referrals as referral_store
from fc_network.use_cases.access_log import about_family, log, refusals_logged
from fc_shared.events import (
    DomainEvent,
    ReferralAccepted,
    ReferralCompleted,
    ReferralDeclined,
    ReferralMade,
)
from fc_shared.outbox import add_event
from fc_shared.principals import Principal
from fc_shared.settings import Settings


async def _consented(session: AsyncSession, professional: UUID, family_id: UUID) -> bool:
    """Whether a guardian's referral consent is in force for `professional`."""
    case = await case_store.case_of(session, family_id)
    return case is not None and professional in (
        await consent_store.consented_members(session, case.id, scope=ConsentScope.REFERRAL)
    )


async def _receiver(
    session: AsyncSession, *, family_id: UUID, referred_to: UUID | None, service_id: UUID | None
) -> UUID:
    """The named professional, or the staff member of the named service who speaks the
    family's language (a family that chose Swedish meets Swedish-speaking staff)."""
    referrals.check_one_receiver(referred_to=referred_to, service_id=service_id)
    if referred_to is not None:
        return referred_to
    assert service_id is not None
    language = await family_store.family_language(session, family_id) or "sv"
    return referrals.route_to_staff(
        await professional_store.staff_of(session, service_id), language
    )


async def make_referral(
    session: AsyncSession,
    settings: Settings,
    *,
    principal: Principal,
    request: ReferralRequest,
    now: datetime,
) -> Referral:
    """A professional refers a family, with the family's consent: a guardian's referral
    consent in force for them. The consent check is in the family's access log, refused or
    allowed."""
    family_id = request.family_id
    if not await family_store.members_of(session, family_id):
        raise referrals.unknown_family()
    consented = await _consented(session, principal.subject, family_id)
    entry = about_family(principal, family_id, action="refer", purpose=request.reason_category)
    # Whether the family consented is the family's business: a referral refused for want
    # of consent is in its log as refused (whatever else was wrong with it), an allowed
    # one is logged with the referral it makes.
    with refusals_logged(entry) if not consented else contextlib.nullcontext():
        receiver = await _receiver(
            session,
            family_id=family_id,
            referred_to=request.referred_to,
            service_id=request.service_id,
        )
        referrals.check_referral(
            consent_given=consented,
            reason_category=request.reason_category,
            referred_by=principal.subject,
            referred_to=receiver,
        )
    await log(session, entry)
    referral = referrals.made(
        request, referral_id=uuid4(), by=principal.subject, to=receiver, now=now
    )
    await _made(session, settings, referral)
    return referral


async def _made(session: AsyncSession, settings: Settings, referral: Referral) -> None:
    await referral_store.insert_referral(session, referral)
    await add_event(
        session,
        settings,
        ReferralMade(
            referral_id=referral.id,
            family_id=referral.family_id,
            referred_by=referral.referred_by,
            referred_to=referral.referred_to,
            reason_category=referral.reason_category,
            urgency=referral.urgency,
        ),
    )


async def read_referral(
    session: AsyncSession, *, principal: Principal, referral_id: UUID
) -> Referral:
    """A referral, for its two professionals only."""
    return referrals.check_may_see(
        principal, await referral_store.get_referral(session, referral_id)
    )


async def own_referrals(session: AsyncSession, *, principal: Principal) -> list[Referral]:
    """The referrals the caller made or received and, as a confirmed guardian, those of
    their families (each family's read in its access log), newest first."""
    guardian_of = await family_store.families_of_guardian(session, principal.subject)
    found = await referral_store.referrals_of(
        session,
        professional=principal.subject if referrals.refers_families(principal) else None,
        family_ids=guardian_of,
    )
    families_shown = sorted({r.family_id for r in found} & set(guardian_of))
    await log(
        session,
        *(
            about_family(principal, family_id, action="read_referrals", purpose="own referrals")
            for family_id in families_shown
        ),
    )
    return found


async def take_step(
    session: AsyncSession,
    settings: Settings,
    *,
    principal: Principal,
    referral_id: UUID,
    step: ReferralStatus,
    reason_code: str | None = None,
    now: datetime,
) -> Referral:
    """One step of a referral's lifecycle, taken by the receiving professional only."""
    referral = referrals.check_may_see(
        principal, await referral_store.get_referral(session, referral_id, lock=True)
    )
    referrals.check_referral_step(principal, referral, step=step, reason_code=reason_code)
    updated = await referral_store.record_step(
        session, referral_id, step=step, at=now, decline_reason=reason_code
    )
    await add_event(session, settings, _step_event(updated, principal.subject, now))
    return updated


def _step_event(referral: Referral, actor: UUID, now: datetime) -> DomainEvent:
    lead_time = referrals.lead_time_seconds(referral, now)
    if referral.status == ReferralStatus.ACCEPTED:
        return ReferralAccepted(
            referral_id=referral.id,
            family_id=referral.family_id,
            accepted_by=actor,
            lead_time_seconds=lead_time,
        )
    if referral.status == ReferralStatus.DECLINED:
        return ReferralDeclined(
            referral_id=referral.id,
            family_id=referral.family_id,
            declined_by=actor,
            reason_code=str(referral.decline_reason),
        )
    return ReferralCompleted(
        referral_id=referral.id,
        family_id=referral.family_id,
        completed_by=actor,
        lead_time_seconds=lead_time,
    )
