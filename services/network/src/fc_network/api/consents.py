"""HTTP routes of a family's consents, given and withdrawn by its confirmed guardians."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from fc_network.api.family_schemas import Consent, ConsentIn
from fc_network.domain.consents import ConsentScope
from fc_network.use_cases import consents
from fc_shared.auth import CurrentPrincipal
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["families"])


@router.post("/cases/{case_id}/consents", status_code=201, response_model=Consent)
async def give_consent(
    case_id: UUID, body: ConsentIn, principal: CurrentPrincipal, context: Context
) -> Consent:
    """A confirmed guardian lets a professional or close person see the case (`case`: they
    join the case team) or refer the family (`referral`)."""
    async with context.transaction() as session:
        consent = await consents.give_consent(
            session,
            context.settings,
            principal=principal,
            case_id=case_id,
            member=body.member,
            scope=ConsentScope(body.scope),
        )
    return Consent(id=consent.id, member=consent.member, scope=body.scope)


@router.delete("/cases/{case_id}/consents/{consent_id}", status_code=204)
async def withdraw_consent(
    case_id: UUID, consent_id: UUID, principal: CurrentPrincipal, context: Context
) -> Response:
    """A confirmed guardian withdraws a consent in force; a member who saw the case no
    longer does."""
    async with context.transaction() as session:
        await consents.withdraw_consent(
            session, context.settings, principal=principal, case_id=case_id, consent_id=consent_id
        )
    return Response(status_code=204)
