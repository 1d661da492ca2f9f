"""HTTP routes of cases: asked for by a guardian, opened by the professional asked, read,
handed over, their network gathered. One responsible person at a time."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter, Response

from fc_network.api.family_schemas import (
    Case,
    CaseRequest,
    CaseRequestIn,
    HandoverIn,
    NetworkMemberAdded,
    NetworkMemberIn,
    Responsibility,
)
from fc_network.api.params import Purpose
from fc_network.domain.cases import CaseView, NetworkMemberKind
from fc_network.use_cases import cases
from fc_shared.auth import CurrentPrincipal, Professional
from fc_shared.etags import IfMatch, etag
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["families"])


@router.post("/families/{family_id}/case-requests", status_code=201, response_model=CaseRequest)
async def request_case(
    family_id: UUID, body: CaseRequestIn, principal: CurrentPrincipal, context: Context
) -> CaseRequest:
    """A confirmed guardian asks a professional to open the family's case and be its one
    responsible person: the family's consent to them, given before any case exists. Only a
    professional in the county's register can be asked (422 otherwise)."""
    async with context.transaction() as session:
        request = await cases.request_case(
            session, principal=principal, family_id=family_id, professional=body.professional
        )
    return CaseRequest(
        id=request.id, family_id=request.family_id, professional=request.professional
    )


@router.delete("/families/{family_id}/case-requests/{request_id}", status_code=204)
async def withdraw_case_request(
    family_id: UUID, request_id: UUID, principal: CurrentPrincipal, context: Context
) -> Response:
    """A confirmed guardian takes back a request not yet used, like any consent: the
    professional asked can then no longer open the case."""
    async with context.transaction() as session:
        await cases.withdraw_case_request(
            session, principal=principal, family_id=family_id, request_id=request_id
        )
    return Response(status_code=204)


@router.post("/families/{family_id}/case", status_code=201, response_model=Case)
async def open_case(
    family_id: UUID, principal: Professional, context: Context, response: Response
) -> Case:
    """The professional a confirmed guardian asked (a case request), or who took a contact
    request a confirmed guardian of the family sent in the forms service (within 30 days of
    taking it), opens the case and becomes responsible; the ground is used up. Anyone else
    is refused (403, and the attempt logged)."""
    async with context.transaction() as session:
        case = await cases.open_case(
            session,
            context.settings,
            principal=principal,
            family_id=family_id,
            now=datetime.now(UTC),
        )
    response.headers["ETag"] = etag(case.version)
    return case_answer(case)


@router.get("/cases", response_model=list[Case])
async def my_cases(principal: CurrentPrincipal, context: Context) -> list[Case]:
    """The caller's own cases, as the authorisation model lets them read a case: for a
    confirmed guardian, their families' cases; for a professional, the cases they are
    responsible for or that the family consented to them seeing (the case team). A network
    member without the family's consent, or a guardian not yet confirmed, finds none. Each
    read is in the family's access log."""
    async with context.transaction() as session:
        found = await cases.own_cases(session, principal=principal)
    return [case_answer(case) for case in found]


@router.get("/cases/{case_id}", response_model=Case)
async def read_case(
    case_id: UUID,
    principal: CurrentPrincipal,
    context: Context,
    response: Response,
    purpose: Purpose = "case work",
) -> Case:
    """The case and its responsible persons, with the `ETag` a handover's If-Match needs.
    Read as the family is: its guardians, responsible person and consented members."""
    async with context.transaction() as session:
        case = await cases.read_case(session, principal=principal, case_id=case_id, purpose=purpose)
    response.headers["ETag"] = etag(case.version)
    return case_answer(case)


@router.put("/cases/{case_id}/responsible", response_model=Case)
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
        case = await cases.hand_over(
            session,
            context.settings,
            principal=principal,
            case_id=case_id,
            successor=body.professional,
            reason=body.reason,
            if_match=if_match,
        )
    response.headers["ETag"] = etag(case.version)
    return case_answer(case)


@router.post("/cases/{case_id}/network", status_code=201, response_model=NetworkMemberAdded)
async def add_to_network(
    case_id: UUID, body: NetworkMemberIn, principal: CurrentPrincipal, context: Context
) -> NetworkMemberAdded:
    """The responsible person gathers the people close to the child and other professionals.
    Seeing the case still takes the family's consent."""
    async with context.transaction() as session:
        await cases.add_to_network(
            session,
            principal=principal,
            case_id=case_id,
            member=body.member,
            kind=NetworkMemberKind(body.kind),
        )
    return NetworkMemberAdded(case_id=case_id, member=body.member)


def case_answer(case: CaseView) -> Case:
    return Case(
        id=case.id,
        family_id=case.family_id,
        responsible=case.responsible,
        history=[
            Responsibility(professional=period.professional, since=period.since, until=period.until)
            for period in case.history
        ],
    )
