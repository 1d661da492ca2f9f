"""HTTP routes of families and cases: one responsible person, consents, the access log.

Every read of a family's data, and every refused attempt, writes an access-log entry.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Query, Response

from fc_network import cases_store as store
from fc_network import domain
from fc_network.schemas import (
    AccessEntry,
    Case,
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
from fc_shared.events import ResponsiblePersonAssigned
from fc_shared.outbox import add_event
from fc_shared.problems import Problem
from fc_shared.service import Context, ServiceContext

router = APIRouter(prefix="/v1", tags=["families"])

Professional = Annotated[Principal, Depends(require_role(Role.PROFESSIONAL))]
Purpose = Annotated[str, Query(min_length=1, max_length=200,
                               description="Why the data is read; kept in the access log")]


@router.post("/families", status_code=201)
async def register_family(body: FamilyIn, principal: CurrentPrincipal, context: Context
                          ) -> dict[str, UUID]:
    if not principal.has_any(Role.GUARDIAN, Role.PROFESSIONAL):
        raise Problem(403, "Forbidden", "Guardians and professionals register families.")
    domain.check_children([child.birth_date for child in body.children],
                          datetime.now(UTC).date())
    guardians = [guardian.model_dump() for guardian in body.guardians]
    if principal.has_any(Role.GUARDIAN) and all(g["subject"] != principal.subject
                                                for g in guardians):
        guardians[0]["subject"] = principal.subject  # a guardian registers their own family
    members = [{**g, "role": "guardian"} for g in guardians]
    members += [{**child.model_dump(), "role": "child"} for child in body.children]
    family_id = uuid4()
    async with context.transaction() as session:
        await store.insert_family(session, family_id=family_id, created_by=principal.subject,
                                  language=body.language, members=members)
        await store.log_access(session, actor=principal.subject, family_id=family_id,
                               action="create", purpose="registration", allowed=True)
    return {"id": family_id}


async def _authorise(context: ServiceContext, principal: Principal, family_id: UUID, *,
                     action: str, purpose: str) -> tuple[list[dict[str, Any]], dict[str, Any]
                                                         | None, UUID | None]:
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
            viewer=principal.subject, is_professional=principal.has_any(Role.PROFESSIONAL),
            guardians={m["subject"] for m in members if m["role"] == "guardian"},
            responsible=responsible, consented=consented,
        )
        await store.log_access(session, actor=principal.subject, family_id=family_id,
                               action=action, purpose=purpose, allowed=allowed)
    if not allowed:
        raise Problem(403, "Forbidden", "You are not the family's guardian, its responsible "
                      "person, or a network member the family has consented to.")
    return members, case, responsible


@router.get("/families/{family_id}")
async def read_family(family_id: UUID, principal: CurrentPrincipal, context: Context,
                      purpose: Purpose = "case work") -> Family:
    members, case, responsible = await _authorise(context, principal, family_id,
                                                  action="read", purpose=purpose)
    shown = []
    for member in members:
        hidden = member["non_disclosure"] and not domain.may_see_protected_details(
            viewer=principal.subject, person=member["subject"], responsible=responsible)
        details = dict.fromkeys(("email", "phone", "address")) if hidden else {}
        shown.append(FamilyMember(**{**member, **details}, details_hidden=hidden))
    return Family(id=family_id, members=shown, case_id=case["id"] if case else None,
                  responsible=responsible)


@router.post("/families/{family_id}/case", status_code=201)
async def open_case(family_id: UUID, principal: Professional, context: Context) -> Case:
    async with context.transaction() as session:
        if not await store.members_of(session, family_id):
            raise Problem(404, "Not Found", "No such family.")
        if await store.case_of(session, family_id):
            raise Problem(409, "Case exists", "The family already has a case and its one "
                          "responsible person; ask for a handover instead.")
        case_id = uuid4()
        await store.insert_case(session, case_id=case_id, family_id=family_id)
        await store.hand_over(session, case_id=case_id, to=principal.subject)
        await store.log_access(session, actor=principal.subject, family_id=family_id,
                               action="open_case", purpose="responsible person", allowed=True)
        await add_event(session, context.settings, ResponsiblePersonAssigned(
            case_id=case_id, family_id=family_id, professional=principal.subject))
        return await _case(session, case_id, family_id)


@router.put("/cases/{case_id}/responsible")
async def hand_over(case_id: UUID, body: HandoverIn, principal: CurrentPrincipal,
                    context: Context) -> Case:
    async with context.transaction() as session:
        case = await store.get_case(session, case_id, lock=True)
        if case is None:
            raise Problem(404, "Not Found", "No such case.")
        current = await store.current_responsible(session, case_id)
        if principal.subject != current and not principal.has_any(Role.COORDINATOR, Role.ADMIN):
            raise Problem(403, "Forbidden", "Only the responsible person hands a case over.")
        if body.professional == current:
            raise Problem(409, "Already responsible", "That professional is already responsible.")
        await store.hand_over(session, case_id=case_id, to=body.professional)
        await store.log_access(session, actor=principal.subject, family_id=case["family_id"],
                               action="hand_over", purpose="responsible person", allowed=True)
        await add_event(session, context.settings, ResponsiblePersonAssigned(
            case_id=case_id, family_id=case["family_id"], professional=body.professional,
            previous=current))
        return await _case(session, case_id, case["family_id"])


async def _case(session: Any, case_id: UUID, family_id: UUID) -> Case:
    history = await store.responsibility_history(session, case_id)
    return Case(id=case_id, family_id=family_id,
                responsible=await store.current_responsible(session, case_id),
                history=[Responsibility(**row) for row in history])


async def _guardian_case(context: ServiceContext, principal: Principal, case_id: UUID
                         ) -> dict[str, Any]:
    async with context.sessions() as session:
        case = await store.get_case(session, case_id)
        if case is None:
            raise Problem(404, "Not Found", "No such case.")
        members = await store.members_of(session, case["family_id"])
    if principal.subject not in {m["subject"] for m in members if m["role"] == "guardian"}:
        raise Problem(403, "Forbidden", "Only the family's guardians give or withdraw consent.")
    return case


@router.post("/cases/{case_id}/consents", status_code=201)
async def give_consent(case_id: UUID, body: ConsentIn, principal: CurrentPrincipal,
                       context: Context) -> Consent:
    case = await _guardian_case(context, principal, case_id)
    consent = Consent(id=uuid4(), **body.model_dump())
    async with context.transaction() as session:
        await store.insert_consent(session, {**consent.model_dump(), "case_id": case_id,
                                             "given_by": principal.subject})
        # Consent to see the case makes the member part of the family's network.
        if body.scope == "case":
            await store.add_network_member(session, case_id=case_id, member=body.member,
                                           kind="professional", added_by=principal.subject)
        await store.log_access(session, actor=principal.subject, family_id=case["family_id"],
                               action="consent", purpose=f"consent to {body.member}",
                               allowed=True)
    return consent


@router.delete("/cases/{case_id}/consents/{consent_id}", status_code=204)
async def withdraw_consent(case_id: UUID, consent_id: UUID, principal: CurrentPrincipal,
                           context: Context) -> Response:
    case = await _guardian_case(context, principal, case_id)
    async with context.transaction() as session:
        if not await store.withdraw_consent(session, case_id=case_id, consent_id=consent_id):
            raise Problem(404, "Not Found", "No such consent in force.")
        await store.log_access(session, actor=principal.subject, family_id=case["family_id"],
                               action="withdraw_consent", purpose=f"consent {consent_id}",
                               allowed=True)
    return Response(status_code=204)


@router.get("/families/{family_id}/access-log")
async def who_has_looked(family_id: UUID, principal: CurrentPrincipal, context: Context
                         ) -> list[AccessEntry]:
    async with context.sessions() as session:
        members = await store.members_of(session, family_id)
        guardians = {m["subject"] for m in members if m["role"] == "guardian"}
        if principal.subject not in guardians:
            raise Problem(403, "Forbidden", "A family's guardians see its access log.")
        return [AccessEntry(**row) for row in await store.access_entries(session, family_id)]


@router.post("/cases/{case_id}/network", status_code=201)
async def add_to_network(case_id: UUID, body: NetworkMemberIn, principal: CurrentPrincipal,
                         context: Context) -> dict[str, UUID]:
    """The responsible person gathers the people close to the child and other professionals.
    Seeing the case still takes the family's consent."""
    async with context.transaction() as session:
        case = await store.get_case(session, case_id, lock=True)
        if case is None:
            raise Problem(404, "Not Found", "No such case.")
        if principal.subject != await store.current_responsible(session, case_id):
            raise Problem(403, "Forbidden", "The responsible person gathers the network.")
        await store.add_network_member(session, case_id=case_id, member=body.member,
                                       kind=body.kind, added_by=principal.subject)
        await store.log_access(session, actor=principal.subject, family_id=case["family_id"],
                               action="add_network_member", purpose=body.kind, allowed=True)
    return {"case_id": case_id, "member": body.member}


@router.get("/families/{family_id}/network")
async def family_network(family_id: UUID, principal: CurrentPrincipal, context: Context,
                         purpose: Purpose = "case work") -> list[NetworkMember]:
    _, case, _ = await _authorise(context, principal, family_id, action="read_network",
                                  purpose=purpose)
    if case is None:
        return []
    async with context.sessions() as session:
        return [NetworkMember(**row) for row in await store.network_of(session, case["id"])]
