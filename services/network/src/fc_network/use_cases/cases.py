"""A family's case: asked for by a guardian, opened by the professional asked, handed on,
its network gathered. Each change is in the family's access log, and the case team is
published (CaseTeamChanged) in the change's own transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain import cases, contact_requests, families
from fc_network.domain.cases import CaseRequest, CaseView, NetworkMemberKind
from fc_network.domain.contact_requests import TakenContactRequest
from fc_network.store import cases as case_store
from fc_network.store import contact_requests as contact_store
from fc_network.store import families as family_store
from fc_network.store import professionals as professional_store
from fc_network.use_cases.access_log import about_family, log, refusals_logged
from fc_network.use_cases.families import authorised
from fc_network.use_cases.relationships import publish_team
from fc_shared.etags import require_if_match
from fc_shared.events import ResponsiblePersonAssigned
from fc_shared.outbox import add_event
from fc_shared.principals import Principal
from fc_shared.settings import Settings


async def _as_confirmed_guardian(
    session: AsyncSession,
    principal: Principal,
    family_id: UUID,
    *,
    action: str,
    purpose: str,
    detail: str,
) -> None:
    """Lock the family (its case requests and case change one at a time) and check that the
    caller is one of its confirmed guardians; else 404, or a refusal for its access log."""
    if not await family_store.lock_family(session, family_id):
        raise families.no_such_family()
    members = await family_store.members_of(session, family_id)
    with refusals_logged(about_family(principal, family_id, action=action, purpose=purpose)):
        families.check_acts_for_family(principal, members, detail=detail)


async def request_case(
    session: AsyncSession, *, principal: Principal, family_id: UUID, professional: UUID
) -> CaseRequest:
    """A confirmed guardian asks a professional to open the family's case and be its one
    responsible person: the family's consent to them, given before any case exists."""
    purpose = f"case request to {professional}"
    await _as_confirmed_guardian(
        session,
        principal,
        family_id,
        action="case_request",
        purpose=purpose,
        detail="Only the family's confirmed guardians ask for a case.",
    )
    cases.check_no_case(
        await case_store.case_of(session, family_id), instead="they can hand it over."
    )
    # The one asked becomes responsible and sees protected details: a person the county has
    # registered as staff, not any login a guardian typed.
    cases.check_registered(
        await professional_store.get_professional(session, professional),
        detail="Ask a professional in the county's professionals register.",
    )
    request_id = await case_store.insert_case_request(
        session, family_id=family_id, professional=professional, requested_by=principal.subject
    )
    await log(session, about_family(principal, family_id, action="case_request", purpose=purpose))
    return CaseRequest(id=request_id, family_id=family_id, professional=professional)


async def withdraw_case_request(
    session: AsyncSession, *, principal: Principal, family_id: UUID, request_id: UUID
) -> None:
    """A confirmed guardian takes back a request not yet used, like any consent: the
    professional asked can then no longer open the case."""
    purpose = f"case request {request_id}"
    await _as_confirmed_guardian(
        session,
        principal,
        family_id,
        action="withdraw_case_request",
        purpose=purpose,
        detail="Only the family's confirmed guardians take a request back.",
    )
    if not await case_store.withdraw_case_request(
        session, family_id=family_id, request_id=request_id
    ):
        raise cases.no_such_case_request()
    await log(
        session,
        about_family(principal, family_id, action="withdraw_case_request", purpose=purpose),
    )


async def open_case(
    session: AsyncSession,
    settings: Settings,
    *,
    principal: Principal,
    family_id: UUID,
    now: datetime,
) -> CaseView:
    """The professional a confirmed guardian asked, or whose contact request they took,
    opens the case and becomes responsible; the ground is used up. Anyone else is refused
    (and the attempt logged)."""
    if not await family_store.lock_family(session, family_id):
        raise families.no_such_family()
    request = await case_store.open_case_request(
        session, family_id=family_id, professional=principal.subject
    )
    contact = await _contact_request_from_family(session, principal, family_id, now=now)
    entry = about_family(principal, family_id, action="open_case", purpose="responsible person")
    with refusals_logged(entry):
        ground = cases.check_opening_ground(
            cases.case_opening_ground(
                requested_by_guardian=request is not None,
                contact_request_taken=contact is not None,
            )
        )
    cases.check_no_case(
        await case_store.case_of(session, family_id), instead="ask for a handover instead."
    )
    if ground == "contact_request":
        cases.check_registered(
            await professional_store.get_professional(session, principal.subject),
            detail="Only a professional in the county's register opens a family's case.",
        )
    case_id = uuid4()
    await case_store.insert_case(session, case_id=case_id, family_id=family_id)
    await case_store.hand_over(session, case_id=case_id, to=principal.subject)
    await case_store.use_case_requests(session, family_id=family_id, case_id=case_id)
    if contact is not None:
        await contact_store.use(session, submission_id=contact.submission_id, case_id=case_id)
    await log(
        session,
        about_family(
            principal,
            family_id,
            action="open_case",
            purpose=f"responsible person ({ground})",
            case_id=case_id,
        ),
    )
    await _assigned(
        session, settings, case_id=case_id, family_id=family_id, professional=principal.subject
    )
    return await case_view(session, case_id, family_id)


async def _contact_request_from_family(
    session: AsyncSession, principal: Principal, family_id: UUID, *, now: datetime
) -> TakenContactRequest | None:
    """The caller's unused contact request in force that a confirmed guardian of the family
    sent (locked, so it opens one case), or None."""
    taken = await contact_store.unused_of(
        session, principal.subject, since=now - contact_requests.GROUND_LASTS
    )
    if not taken:
        return None
    members = await family_store.members_of(session, family_id)
    return contact_requests.from_family(taken, families.confirmed_guardians(members), now=now)


async def case_view(session: AsyncSession, case_id: UUID, family_id: UUID) -> CaseView:
    """The case and its version, from one read so the two agree."""
    return cases.case_view(
        case_id, family_id, await case_store.responsibility_history(session, case_id)
    )


async def read_case(
    session: AsyncSession, *, principal: Principal, case_id: UUID, purpose: str
) -> CaseView:
    """The case, read as the family is: its guardians, responsible person and consented
    members."""
    found = await case_store.get_case(session, case_id)
    if found is None:
        raise cases.no_such_case()
    await authorised(session, principal, found.family_id, action="read_case", purpose=purpose)
    return await case_view(session, case_id, found.family_id)


async def own_cases(session: AsyncSession, *, principal: Principal) -> list[CaseView]:
    """The caller's cases: as a confirmed guardian, their families'; as a professional, those
    they are responsible for or consented to see. Each read is in the family's log."""
    guardian_of = await family_store.families_of_guardian(session, principal.subject)
    found = {case.id: case for case in await case_store.cases_of_families(session, guardian_of)}
    if cases.works_on_cases(principal):
        for case in await case_store.cases_of_professional(session, principal.subject):
            found.setdefault(case.id, case)
    ordered = sorted(found.values(), key=lambda case: (case.created_at, case.id))
    return [
        await read_case(session, principal=principal, case_id=case.id, purpose="own cases")
        for case in ordered
    ]


async def hand_over(
    session: AsyncSession,
    settings: Settings,
    *,
    principal: Principal,
    case_id: UUID,
    successor: UUID,
    reason: str | None,
    if_match: str | None,
) -> CaseView:
    """The responsible person hands the case on; an admin may, with a reason (kept in the
    access log), when they cannot. Needs the case's ETag in If-Match. The successor must
    be in the professionals register: the responsible person sees the family's protected
    details, so a case goes to nobody the register does not know."""
    case = await case_store.get_case(session, case_id, lock=True)
    if case is None:
        raise cases.no_such_case()
    current = await case_store.current_responsible(session, case_id)
    purpose = reason or "responsible person"
    entry = about_family(principal, case.family_id, action="hand_over", purpose=purpose)
    with refusals_logged(entry):
        ground = cases.check_handover_ground(principal, current=current, reason=reason)
    require_if_match(if_match, (await case_view(session, case_id, case.family_id)).version)
    cases.check_new_responsible(successor, current=current)
    cases.check_registered(
        await professional_store.get_professional(session, successor),
        detail="Hand the case over to a professional in the professionals register.",
    )
    await case_store.hand_over(session, case_id=case_id, to=successor)
    purpose = reason if ground == "admin" and reason else "responsible person"
    await log(session, replace(entry, purpose=purpose, subject_kind="case", subject_id=case_id))
    await _assigned(
        session,
        settings,
        case_id=case_id,
        family_id=case.family_id,
        professional=successor,
        previous=current,
    )
    return await case_view(session, case_id, case.family_id)


async def _assigned(
    session: AsyncSession,
    settings: Settings,
    *,
    case_id: UUID,
    family_id: UUID,
    professional: UUID,
    previous: UUID | None = None,
) -> None:
    """Tell the other services who is responsible now, and who is on the case team."""
    await add_event(
        session,
        settings,
        ResponsiblePersonAssigned(
            case_id=case_id, family_id=family_id, professional=professional, previous=previous
        ),
    )
    await publish_team(session, settings, case_id=case_id, family_id=family_id)


async def add_to_network(
    session: AsyncSession,
    *,
    principal: Principal,
    case_id: UUID,
    member: UUID,
    kind: NetworkMemberKind,
) -> None:
    """The responsible person gathers the people close to the child and other
    professionals. Seeing the case still takes the family's consent."""
    case = await case_store.get_case(session, case_id, lock=True)
    if case is None:
        raise cases.no_such_case()
    entry = about_family(principal, case.family_id, action="add_network_member", purpose=kind)
    with refusals_logged(entry):
        cases.check_gathers_network(
            principal, responsible=await case_store.current_responsible(session, case_id)
        )
    await case_store.add_network_member(
        session, case_id=case_id, member=member, kind=kind, added_by=principal.subject
    )
    await log(session, entry)
