"""HTTP routes of families and cases: one responsible person, consents, the access log.

Every read of a family's data, and every refused attempt, writes an access-log entry; a
refusal in a transaction of its own, once the request's transaction has closed, so it is kept
although the request fails and no request ever holds two connections.

Who acts for a family: its confirmed guardians (guardianship.py). Who works on its case: the
professional a guardian asked to open it, whoever they hand it on to, and the members the
family consented to. Both are published as pseudonymous snapshots (FamilyChanged,
CaseTeamChanged) in the same transaction as the change, numbered by the family's revision.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network import cases_store as store
from fc_network import domain, relationships
from fc_network.guardianship import GuardianConfirmation, guardian_confirmation
from fc_network.professionals_store import get_professional
from fc_network.schemas import (
    AccessEntry,
    Case,
    CaseRequest,
    CaseRequestIn,
    Consent,
    ConsentIn,
    Family,
    FamilyIn,
    FamilyMember,
    HandoverIn,
    NetworkMember,
    NetworkMemberIn,
    Responsibility,
)
from fc_shared.auth import CurrentPrincipal, Principal, Role, require_role
from fc_shared.etags import IfMatch, etag, require_if_match
from fc_shared.events import (
    ResponsiblePersonAssigned,
)
from fc_shared.outbox import add_event
from fc_shared.problems import UNIQUE_VIOLATION, LoggedRefusal, Problem, refused_by_constraint
from fc_shared.service import Context, ServiceContext

router = APIRouter(prefix="/v1", tags=["families"])

Professional = Annotated[Principal, Depends(require_role(Role.PROFESSIONAL))]
Guardian = Annotated[Principal, Depends(require_role(Role.GUARDIAN))]
Youth = Annotated[Principal, Depends(require_role(Role.YOUTH))]
Confirmation = Annotated[GuardianConfirmation, Depends(guardian_confirmation)]
Purpose = Annotated[
    str,
    Query(min_length=1, max_length=200, description="Why the data is read; kept in the access log"),
]


class _Refused(LoggedRefusal):
    """A refusal about a family, written to its access log by the platform's handler once
    the request's transaction has closed (fc_shared LoggedRefusal). Written from inside, it
    held the connection and the family's row lock while waiting for a second connection: a
    few dozen refused requests at once took every connection of the pool, waited on each
    other until the pool timed out, and every other request of the service waited too."""

    def __init__(
        self,
        principal: Principal,
        family_id: UUID,
        *,
        action: str,
        purpose: str,
        detail: str,
        status: int = 403,
        title: str = "Forbidden",
    ) -> None:
        super().__init__(status, title, detail)
        self.actor, self.family_id = principal.subject, family_id
        self.action, self.purpose = action, purpose

    async def record(self, session: AsyncSession) -> None:
        await store.log_access(
            session,
            actor=self.actor,
            family_id=self.family_id,
            action=self.action,
            purpose=self.purpose[:200],
            allowed=False,
        )


@router.post("/families", status_code=201)
async def register_family(
    body: FamilyIn, principal: CurrentPrincipal, context: Context, confirmation: Confirmation
) -> dict[str, UUID]:
    """A guardian registers their own family and is confirmed; any other guardian named is
    pending until they confirm with their own sign-in. A professional registering a family
    confirms nobody: every guardian they name confirms themselves. A youth's own login on a
    child is pending until the youth confirms it (`confirm_youth_login`)."""
    if not principal.has_any(Role.GUARDIAN, Role.PROFESSIONAL):
        raise Problem(403, "Forbidden", "Guardians and professionals register families.")
    domain.check_children([child.birth_date for child in body.children], datetime.now(UTC).date())
    guardians = [guardian.model_dump() for guardian in body.guardians]
    if principal.has_any(Role.GUARDIAN) and all(
        g["subject"] != principal.subject for g in guardians
    ):
        guardians[0]["subject"] = principal.subject  # a guardian registers their own family
    domain.check_family_subjects(
        [g["subject"] for g in guardians], [child.subject for child in body.children]
    )
    now = datetime.now(UTC)
    for guardian in guardians:
        confirmed = await confirmation.confirmed_at_registration(principal, guardian["subject"])
        guardian["confirmed_at"] = now if confirmed else None
    members = [{**g, "role": "guardian"} for g in guardians]
    members += [{**child.model_dump(), "role": "child"} for child in body.children]
    family_id = uuid4()
    async with context.transaction() as session:
        await store.insert_family(
            session,
            family_id=family_id,
            created_by=principal.subject,
            language=body.language,
            members=members,
        )
        await store.log_access(
            session,
            actor=principal.subject,
            family_id=family_id,
            action="create",
            purpose="registration",
            allowed=True,
        )
        await relationships.publish_family(session, context.settings, family_id)
    return {"id": family_id}


@router.post("/families/{family_id}/guardians/me/confirmation")
async def confirm_guardianship(
    family_id: UUID, principal: Guardian, context: Context, confirmation: Confirmation
) -> dict[str, object]:
    """A guardian named by someone else confirms, with their own sign-in, that they are one;
    from then on they act for the family. Confirming twice changes nothing."""
    if not await confirmation.confirms(principal, principal.subject):
        raise Problem(403, "Forbidden", "Only the named guardian confirms, signed in.")
    await _confirm_member(
        context,
        principal,
        family_id,
        role="guardian",
        action="confirm_guardian",
        purpose="guardianship",
        not_found="No such family names you as a guardian.",
    )
    return {"family_id": family_id, "confirmed": True}


@router.post("/families/{family_id}/children/me/confirmation")
async def confirm_youth_login(
    family_id: UUID, principal: Youth, context: Context
) -> dict[str, object]:
    """A youth confirms, with their own sign-in, that the child record naming their login
    is them. Until then the services do not know that login as the child: whoever registers
    a family could type anyone's login. One login is confirmed for one child record in all
    families (409 for a second). Confirming twice changes nothing."""
    with refused_by_constraint(
        UNIQUE_VIOLATION,
        409,
        "Login already linked",
        "Your login is already confirmed for a child record, in this or another family.",
    ):
        await _confirm_member(
            context,
            principal,
            family_id,
            role="child",
            action="confirm_youth",
            purpose="youth's own login",
            not_found="No such family names your login.",
        )
    return {"family_id": family_id, "confirmed": True}


async def _confirm_member(
    context: ServiceContext,
    principal: Principal,
    family_id: UUID,
    *,
    role: str,
    action: str,
    purpose: str,
    not_found: str,
) -> None:
    """The signed-in person confirms the family member (`role`) naming their login: logged
    and published the first time, nothing more the next; a family that does not name them
    is 404, and the attempt is in its access log when the family exists."""
    async with context.transaction() as session:
        if not await store.lock_family(session, family_id):
            raise Problem(404, "Not Found", not_found)
        confirmed = await store.confirm_member(
            session, family_id=family_id, role=role, subject=principal.subject
        )
        if confirmed is None:
            raise _Refused(
                principal,
                family_id,
                action=action,
                purpose=purpose,
                status=404,
                title="Not Found",
                detail=not_found,
            )
        if confirmed:
            await store.log_access(
                session,
                actor=principal.subject,
                family_id=family_id,
                action=action,
                purpose=purpose,
                allowed=True,
            )
            await relationships.publish_family(session, context.settings, family_id)


async def _authorise(
    context: ServiceContext, principal: Principal, family_id: UUID, *, action: str, purpose: str
) -> tuple[list[dict[str, Any]], dict[str, Any] | None, UUID | None]:
    """Members, case and responsible person of a family the caller may see; else 403.

    The decision is logged either way, a refusal in its own committed transaction.
    """
    async with context.transaction() as session:
        members = await store.members_of(session, family_id)
        if not members:
            raise Problem(404, "Not Found", "No such family.")
        case = await store.case_of(session, family_id)
        responsible = await store.current_responsible(session, case["id"]) if case else None
        consented = await store.consented_members(session, case["id"]) if case else set()
        allowed = domain.may_see_family(
            viewer=principal.subject,
            is_professional=principal.has_any(Role.PROFESSIONAL),
            guardians=set(domain.confirmed_guardians(members)),
            responsible=responsible,
            consented=consented,
        )
        await store.log_access(
            session,
            actor=principal.subject,
            family_id=family_id,
            action=action,
            purpose=purpose,
            allowed=allowed,
        )
    if not allowed:
        raise Problem(
            403,
            "Forbidden",
            "You are not the family's guardian, its responsible "
            "person, or a network member the family has consented to.",
        )
    return members, case, responsible


@router.get("/families")
async def my_families(principal: CurrentPrincipal, context: Context) -> list[Family]:
    """The families the caller is a confirmed guardian of, each as `GET /v1/families/{id}`
    shows it: a frontend learns its children's ids here (bookings name a child by id).
    A guardian who has not confirmed yet sees none. Each read is in the family's log."""
    async with context.sessions() as session:
        family_ids = await store.families_of_guardian(session, principal.subject)
    return [
        await read_family(family_id, principal, context, purpose="own family")
        for family_id in family_ids
    ]


@router.get("/families/{family_id}")
async def read_family(
    family_id: UUID, principal: CurrentPrincipal, context: Context, purpose: Purpose = "case work"
) -> Family:
    members, case, responsible = await _authorise(
        context, principal, family_id, action="read", purpose=purpose
    )
    shown = []
    for member in members:
        hidden = member["non_disclosure"] and not domain.may_see_protected_details(
            viewer=principal.subject, person=member["subject"], responsible=responsible
        )
        details = dict.fromkeys(("email", "phone", "address")) if hidden else {}
        shown.append(
            FamilyMember(
                **{**member, **details}, details_hidden=hidden, pending=domain.is_pending(member)
            )
        )
    return Family(
        id=family_id, members=shown, case_id=case["id"] if case else None, responsible=responsible
    )


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
    if not await store.lock_family(session, family_id):
        raise Problem(404, "Not Found", "No such family.")
    members = await store.members_of(session, family_id)
    if principal.subject not in domain.confirmed_guardians(members):
        raise _Refused(principal, family_id, action=action, purpose=purpose, detail=detail)


@router.post("/families/{family_id}/case-requests", status_code=201)
async def request_case(
    family_id: UUID, body: CaseRequestIn, principal: CurrentPrincipal, context: Context
) -> CaseRequest:
    """A confirmed guardian asks a professional to open the family's case and be its one
    responsible person: the family's consent to them, given before any case exists."""
    async with context.transaction() as session:
        await _as_confirmed_guardian(
            session,
            principal,
            family_id,
            action="case_request",
            purpose=f"case request to {body.professional}",
            detail="Only the family's confirmed guardians ask for a case.",
        )
        if await store.case_of(session, family_id):
            raise Problem(
                409,
                "Case exists",
                "The family already has a case and its one "
                "responsible person; they can hand it over.",
            )
        if await get_professional(session, body.professional) is None:
            # The one asked becomes responsible and sees protected details: a person the
            # county has registered as staff, not any login a guardian typed.
            raise Problem(
                422,
                "Not a registered professional",
                "Ask a professional in the county's professionals register.",
            )
        request_id = await store.insert_case_request(
            session,
            family_id=family_id,
            professional=body.professional,
            requested_by=principal.subject,
        )
        await store.log_access(
            session,
            actor=principal.subject,
            family_id=family_id,
            action="case_request",
            purpose=f"case request to {body.professional}",
            allowed=True,
        )
    return CaseRequest(id=request_id, family_id=family_id, professional=body.professional)


@router.delete("/families/{family_id}/case-requests/{request_id}", status_code=204)
async def withdraw_case_request(
    family_id: UUID, request_id: UUID, principal: CurrentPrincipal, context: Context
) -> Response:
    """A confirmed guardian takes back a request not yet used, like any consent: the
    professional asked can then no longer open the case."""
    async with context.transaction() as session:
        await _as_confirmed_guardian(
            session,
            principal,
            family_id,
            action="withdraw_case_request",
            purpose=f"case request {request_id}",
            detail="Only the family's confirmed guardians take a request back.",
        )
        if not await store.withdraw_case_request(
            session, family_id=family_id, request_id=request_id
        ):
            raise Problem(404, "Not Found", "No such request waiting to be used.")
        await store.log_access(
            session,
            actor=principal.subject,
            family_id=family_id,
            action="withdraw_case_request",
            purpose=f"case request {request_id}",
            allowed=True,
        )
    return Response(status_code=204)


@router.post("/families/{family_id}/case", status_code=201)
async def open_case(
    family_id: UUID, principal: Professional, context: Context, response: Response
) -> Case:
    """The professional a guardian asked opens the case and becomes responsible; the request
    is used up. Anyone else is refused (and the attempt logged)."""
    async with context.transaction() as session:
        if not await store.lock_family(session, family_id):
            raise Problem(404, "Not Found", "No such family.")
        request = await store.open_case_request(
            session, family_id=family_id, professional=principal.subject
        )
        ground = domain.case_opening_ground(requested_by_guardian=request is not None)
        if ground is None:
            raise _Refused(
                principal,
                family_id,
                action="open_case",
                purpose="responsible person",
                detail="A professional opens a family's case only when one of its "
                "guardians has asked them to.",
            )
        if await store.case_of(session, family_id):
            raise Problem(
                409,
                "Case exists",
                "The family already has a case and its one "
                "responsible person; ask for a handover instead.",
            )
        case_id = uuid4()
        await store.insert_case(session, case_id=case_id, family_id=family_id)
        await store.hand_over(session, case_id=case_id, to=principal.subject)
        await store.use_case_requests(session, family_id=family_id, case_id=case_id)
        await store.log_access(
            session,
            actor=principal.subject,
            family_id=family_id,
            action="open_case",
            purpose=f"responsible person ({ground})",
            allowed=True,
        )
        await add_event(
            session,
            context.settings,
            ResponsiblePersonAssigned(
                case_id=case_id, family_id=family_id, professional=principal.subject
            ),
        )
        await relationships.publish_team(
            session, context.settings, case_id=case_id, family_id=family_id
        )
        case, version = await _case(session, case_id, family_id)
    response.headers["ETag"] = etag(version)
    return case


@router.get("/cases/{case_id}")
async def read_case(
    case_id: UUID,
    principal: CurrentPrincipal,
    context: Context,
    response: Response,
    purpose: Purpose = "case work",
) -> Case:
    """The case and its responsible persons, with the `ETag` a handover's If-Match needs.
    Read as the family is: its guardians, responsible person and consented members."""
    async with context.sessions() as session:
        found = await store.get_case(session, case_id)
    if found is None:
        raise Problem(404, "Not Found", "No such case.")
    await _authorise(context, principal, found["family_id"], action="read_case", purpose=purpose)
    async with context.sessions() as session:
        case, version = await _case(session, case_id, found["family_id"])
    response.headers["ETag"] = etag(version)
    return case


@router.put("/cases/{case_id}/responsible")
async def hand_over(
    case_id: UUID,
    body: HandoverIn,
    principal: CurrentPrincipal,
    context: Context,
    response: Response,
    if_match: IfMatch = None,
) -> Case:
    """The responsible person hands the case on; an admin may, with a reason (kept in the
    access log), when they cannot. Needs the case's ETag in If-Match. The successor must
    be in the professionals register: the responsible person sees the family's protected
    details, so a case goes to nobody the register does not know."""
    async with context.transaction() as session:
        found = await store.get_case(session, case_id, lock=True)
        if found is None:
            raise Problem(404, "Not Found", "No such case.")
        family_id = found["family_id"]
        current = await store.current_responsible(session, case_id)
        ground = domain.handover_ground(principal, current=current, reason=body.reason)
        if ground is None:
            reason_missing = principal.has_any(Role.ADMIN)
            raise _Refused(
                principal,
                family_id,
                action="hand_over",
                purpose=body.reason or "responsible person",
                status=422 if reason_missing else 403,
                title="Reason missing" if reason_missing else "Forbidden",
                detail="An admin hands a case over with a reason, kept in the family's access log."
                if reason_missing
                else "Only the responsible person (or an admin, with a reason) hands a case over.",
            )
        _, version = await _case(session, case_id, family_id)
        require_if_match(if_match, version)
        if body.professional == current:
            raise Problem(409, "Already responsible", "That professional is already responsible.")
        if await get_professional(session, body.professional) is None:
            raise Problem(
                422,
                "Not a registered professional",
                "Hand the case over to a professional in the professionals register.",
            )
        await store.hand_over(session, case_id=case_id, to=body.professional)
        purpose = body.reason if ground == "admin" and body.reason else "responsible person"
        await store.log_access(
            session,
            actor=principal.subject,
            family_id=family_id,
            action="hand_over",
            purpose=purpose,
            allowed=True,
        )
        await add_event(
            session,
            context.settings,
            ResponsiblePersonAssigned(
                case_id=case_id,
                family_id=family_id,
                professional=body.professional,
                previous=current,
            ),
        )
        await relationships.publish_team(
            session, context.settings, case_id=case_id, family_id=family_id
        )
        case, version = await _case(session, case_id, family_id)
    response.headers["ETag"] = etag(version)
    return case


async def _case(session: AsyncSession, case_id: UUID, family_id: UUID) -> tuple[Case, str]:
    """The case and its version (the current responsibility's id, replaced by every
    handover), from one read so the two agree."""
    history = await store.responsibility_history(session, case_id)
    current = next((row for row in history if row["until"] is None), None)
    case = Case(
        id=case_id,
        family_id=family_id,
        responsible=current["professional"] if current else None,
        history=[Responsibility(**row) for row in history],
    )
    return case, str(current["id"]) if current else ""


async def _guardian_case(
    context: ServiceContext, principal: Principal, case_id: UUID, *, action: str
) -> dict[str, Any]:
    async with context.sessions() as session:
        case = await store.get_case(session, case_id)
        if case is None:
            raise Problem(404, "Not Found", "No such case.")
        members = await store.members_of(session, case["family_id"])
    if principal.subject not in domain.confirmed_guardians(members):
        raise _Refused(
            principal,
            case["family_id"],
            action=action,
            purpose="consent",
            detail="Only the family's confirmed guardians give or withdraw consent.",
        )
    return case


@router.post("/cases/{case_id}/consents", status_code=201)
async def give_consent(
    case_id: UUID, body: ConsentIn, principal: CurrentPrincipal, context: Context
) -> Consent:
    case = await _guardian_case(context, principal, case_id, action="consent")
    consent = Consent(id=uuid4(), **body.model_dump())
    async with context.transaction() as session:
        await store.insert_consent(
            session, {**consent.model_dump(), "case_id": case_id, "given_by": principal.subject}
        )
        # Consent to see the case makes the member part of the family's network.
        if body.scope == "case":
            await store.add_network_member(
                session,
                case_id=case_id,
                member=body.member,
                kind="professional",
                added_by=principal.subject,
            )
        await store.log_access(
            session,
            actor=principal.subject,
            family_id=case["family_id"],
            action="consent",
            purpose=f"consent to {body.member}",
            allowed=True,
        )
        if body.scope == "case":
            await relationships.publish_team(
                session, context.settings, case_id=case_id, family_id=case["family_id"]
            )
    return consent


@router.delete("/cases/{case_id}/consents/{consent_id}", status_code=204)
async def withdraw_consent(
    case_id: UUID, consent_id: UUID, principal: CurrentPrincipal, context: Context
) -> Response:
    case = await _guardian_case(context, principal, case_id, action="withdraw_consent")
    async with context.transaction() as session:
        scope = await store.withdraw_consent(session, case_id=case_id, consent_id=consent_id)
        if scope is None:
            raise Problem(404, "Not Found", "No such consent in force.")
        await store.log_access(
            session,
            actor=principal.subject,
            family_id=case["family_id"],
            action="withdraw_consent",
            purpose=f"consent {consent_id}",
            allowed=True,
        )
        if scope == "case":
            await relationships.publish_team(
                session, context.settings, case_id=case_id, family_id=case["family_id"]
            )
    return Response(status_code=204)


@router.get("/families/{family_id}/access-log")
async def who_has_looked(
    family_id: UUID, principal: CurrentPrincipal, context: Context
) -> list[AccessEntry]:
    async with context.sessions() as session:
        members = await store.members_of(session, family_id)
        if principal.subject in domain.confirmed_guardians(members):
            return [AccessEntry(**row) for row in await store.access_entries(session, family_id)]
    if members:
        raise _Refused(
            principal,
            family_id,
            action="read_access_log",
            purpose="access log",
            detail="A family's guardians see its access log.",
        )
    raise Problem(403, "Forbidden", "A family's guardians see its access log.")


@router.post("/cases/{case_id}/network", status_code=201)
async def add_to_network(
    case_id: UUID, body: NetworkMemberIn, principal: CurrentPrincipal, context: Context
) -> dict[str, UUID]:
    """The responsible person gathers the people close to the child and other professionals.
    Seeing the case still takes the family's consent."""
    async with context.transaction() as session:
        case = await store.get_case(session, case_id, lock=True)
        if case is None:
            raise Problem(404, "Not Found", "No such case.")
        if principal.subject != await store.current_responsible(session, case_id):
            raise _Refused(
                principal,
                case["family_id"],
                action="add_network_member",
                purpose=body.kind,
                detail="The responsible person gathers the network.",
            )
        await store.add_network_member(
            session, case_id=case_id, member=body.member, kind=body.kind, added_by=principal.subject
        )
        await store.log_access(
            session,
            actor=principal.subject,
            family_id=case["family_id"],
            action="add_network_member",
            purpose=body.kind,
            allowed=True,
        )
    return {"case_id": case_id, "member": body.member}


@router.get("/families/{family_id}/network")
async def family_network(
    family_id: UUID, principal: CurrentPrincipal, context: Context, purpose: Purpose = "case work"
) -> list[NetworkMember]:
    _, case, _ = await _authorise(
        context, principal, family_id, action="read_network", purpose=purpose
    )
    if case is None:
        return []
    async with context.sessions() as session:
        return [NetworkMember(**row) for row in await store.network_of(session, case["id"])]
