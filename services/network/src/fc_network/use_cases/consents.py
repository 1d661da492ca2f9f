"""A family's consents, given and withdrawn by its confirmed guardians. Consent to see the
case makes the member part of its case team, published as CaseTeamChanged."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain import cases, consents, families
from fc_network.domain.cases import Case, NetworkMemberKind
from fc_network.domain.consents import Consent, ConsentScope
from fc_network.store import cases as case_store
from fc_network.store import consents as consent_store
from fc_network.store import families as family_store
from fc_network.use_cases.access_log import about_family, log, refusals_logged
from fc_network.use_cases.relationships import publish_team
from fc_shared.principals import Principal
from fc_shared.settings import Settings


async def _guardians_case(
    session: AsyncSession, principal: Principal, case_id: UUID, *, action: str
) -> Case:
    """The case, when the caller is one of its family's confirmed guardians; else refused
    (and the attempt logged)."""
    case = await case_store.get_case(session, case_id)
    if case is None:
        raise cases.no_such_case()
    members = await family_store.members_of(session, case.family_id)
    with refusals_logged(about_family(principal, case.family_id, action=action, purpose="consent")):
        families.check_acts_for_family(principal, members, detail=consents.GUARDIANS_ONLY)
    return case


async def give_consent(
    session: AsyncSession,
    settings: Settings,
    *,
    principal: Principal,
    case_id: UUID,
    member: UUID,
    scope: ConsentScope,
) -> Consent:
    """A confirmed guardian lets a professional or close person see the case, or refer the
    family."""
    case = await _guardians_case(session, principal, case_id, action="consent")
    consent = Consent(id=uuid4(), member=member, scope=scope)
    await consent_store.insert_consent(
        session, consent, case_id=case_id, given_by=principal.subject
    )
    if consents.joins_network(scope):
        await case_store.add_network_member(
            session,
            case_id=case_id,
            member=member,
            kind=NetworkMemberKind.PROFESSIONAL,
            added_by=principal.subject,
        )
    await log(
        session,
        about_family(
            principal,
            case.family_id,
            action="consent",
            purpose=f"consent to {member}",
            case_id=case_id,
        ),
    )
    if consents.joins_network(scope):
        await publish_team(session, settings, case_id=case_id, family_id=case.family_id)
    return consent


async def withdraw_consent(
    session: AsyncSession,
    settings: Settings,
    *,
    principal: Principal,
    case_id: UUID,
    consent_id: UUID,
) -> None:
    """A confirmed guardian withdraws a consent in force."""
    case = await _guardians_case(session, principal, case_id, action="withdraw_consent")
    scope = await consent_store.withdraw_consent(session, case_id=case_id, consent_id=consent_id)
    if scope is None:
        raise consents.no_consent_in_force()
    await log(
        session,
        about_family(
            principal,
            case.family_id,
            action="withdraw_consent",
            purpose=f"consent {consent_id}",
            case_id=case_id,
        ),
    )
    if consents.joins_network(scope):
        await publish_team(session, settings, case_id=case_id, family_id=case.family_id)
