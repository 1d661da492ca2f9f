"""Families: registering one, its members confirming themselves, reading it.

Who acts for a family: its confirmed guardians (domain/guardianship.py). Every read of a
family's data, and every refused attempt, is in the family's access log.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain import access, families
from fc_network.domain.cases import Case, NetworkMember
from fc_network.domain.families import FamilyMember, FamilyView, MemberRole, Person
from fc_network.domain.guardianship import GuardianConfirmation
from fc_network.store import cases as case_store
from fc_network.store import consents as consent_store
from fc_network.store import families as family_store
from fc_network.use_cases.access_log import RefusedAndLogged, about_family, log, refusals_logged
from fc_network.use_cases.constraints import unique_or
from fc_network.use_cases.relationships import publish_family
from fc_shared.principals import Principal
from fc_shared.settings import Settings


async def register_family(
    session: AsyncSession,
    settings: Settings,
    *,
    principal: Principal,
    confirmation: GuardianConfirmation,
    language: str,
    guardians: list[Person],
    children: list[Person],
    now: datetime,
) -> UUID:
    """A guardian registers their own family and is confirmed; any other guardian named is
    pending until they confirm with their own sign-in. A professional registering a family
    confirms nobody: every guardian they name confirms themselves. A youth's own login on a
    child is pending until the youth confirms it (`confirm_youth_login`)."""
    families.check_registrant(principal)
    families.check_children([c.birth_date for c in children if c.birth_date], now.date())
    guardians = families.guardians_as_registered(principal, guardians)
    families.check_family_subjects([g.subject for g in guardians], [c.subject for c in children])
    members = [
        families.as_member(
            guardian,
            confirmed_at=now
            if await confirmation.confirmed_at_registration(principal, guardian.subject)
            else None,
        )
        for guardian in guardians
    ]
    members += [families.as_member(child, confirmed_at=None) for child in children]
    family_id = uuid4()
    await family_store.insert_family(
        session,
        family_id=family_id,
        created_by=principal.subject,
        language=language,
        members=members,
    )
    await log(session, about_family(principal, family_id, action="create", purpose="registration"))
    await publish_family(session, settings, family_id)
    return family_id


async def confirm_guardian(
    session: AsyncSession,
    settings: Settings,
    *,
    principal: Principal,
    confirmation: GuardianConfirmation,
    family_id: UUID,
) -> None:
    """A guardian named by someone else confirms, with their own sign-in, that they are one;
    from then on they act for the family. Confirming twice changes nothing."""
    families.check_confirms_as_guardian(await confirmation.confirms(principal, principal.subject))
    await _confirm_member(
        session,
        settings,
        principal,
        family_id,
        role=MemberRole.GUARDIAN,
        action="confirm_guardian",
        purpose="guardianship",
        not_named="No such family names you as a guardian.",
    )


async def confirm_youth_login(
    session: AsyncSession, settings: Settings, *, principal: Principal, family_id: UUID
) -> None:
    """A youth confirms, with their own sign-in, that the child record naming their login
    is them. One login is confirmed for one child record in all families (409 for a
    second)."""
    with unique_or(families.login_already_linked()):
        await _confirm_member(
            session,
            settings,
            principal,
            family_id,
            role=MemberRole.CHILD,
            action="confirm_youth",
            purpose="youth's own login",
            not_named="No such family names your login.",
        )
        await session.flush()


async def _confirm_member(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    family_id: UUID,
    *,
    role: MemberRole,
    action: str,
    purpose: str,
    not_named: str,
) -> None:
    """The signed-in person confirms the family member (`role`) naming their login: logged
    and published the first time, nothing more the next; a family that does not name them
    is 404, and the attempt is in its access log when the family exists."""
    if not await family_store.lock_family(session, family_id):
        raise families.not_named(not_named)
    confirmed = await family_store.confirm_member(
        session, family_id=family_id, role=role, subject=principal.subject
    )
    entry = about_family(principal, family_id, action=action, purpose=purpose)
    if confirmed is None:
        raise RefusedAndLogged(families.not_named(not_named), entry)
    if confirmed:
        await log(session, entry)
        await publish_family(session, settings, family_id)


async def authorised(
    session: AsyncSession, principal: Principal, family_id: UUID, *, action: str, purpose: str
) -> tuple[list[FamilyMember], Case | None, UUID | None]:
    """Members, case and responsible person of a family the caller may see; else refused.
    The decision is logged either way."""
    members = await family_store.members_of(session, family_id)
    if not members:
        raise families.no_such_family()
    case = await case_store.case_of(session, family_id)
    responsible = await case_store.current_responsible(session, case.id) if case else None
    consented = await consent_store.consented_members(session, case.id) if case else set()
    entry = about_family(principal, family_id, action=action, purpose=purpose)
    with refusals_logged(entry):
        access.check_may_see_family(
            principal,
            guardians=families.confirmed_guardians(members),
            responsible=responsible,
            consented=consented,
        )
    await log(session, entry)
    return members, case, responsible


async def read_family(
    session: AsyncSession, *, principal: Principal, family_id: UUID, purpose: str
) -> FamilyView:
    """The family as the caller may see it; a protected person's details only to themselves
    and the responsible person."""
    members, case, responsible = await authorised(
        session, principal, family_id, action="read", purpose=purpose
    )
    return FamilyView(
        id=family_id,
        members=[
            families.shown_to(principal.subject, member, responsible=responsible)
            for member in members
        ],
        case_id=case.id if case else None,
        responsible=responsible,
    )


async def own_families(session: AsyncSession, *, principal: Principal) -> list[FamilyView]:
    """The families the caller is a confirmed guardian of, each read logged."""
    return [
        await read_family(session, principal=principal, family_id=family_id, purpose="own family")
        for family_id in await family_store.families_of_guardian(session, principal.subject)
    ]


async def family_network(
    session: AsyncSession, *, principal: Principal, family_id: UUID, purpose: str
) -> list[NetworkMember]:
    """The network of the family's case, for those who may see the family."""
    _, case, _ = await authorised(
        session, principal, family_id, action="read_network", purpose=purpose
    )
    return await case_store.network_of(session, case.id) if case else []
