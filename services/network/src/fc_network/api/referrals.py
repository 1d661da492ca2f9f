"""HTTP routes of referrals between professionals, made with the family's consent."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter, Request, Response

from fc_network.api.params import IdempotencyKey
from fc_network.api.schemas import DeclineIn, Referral, ReferralIn
from fc_network.domain import referrals as rules
from fc_network.domain.referrals import ReferralStatus
from fc_network.use_cases import referrals
from fc_shared.auth import CurrentPrincipal, Principal, Professional
from fc_shared.idempotency import idempotent_request
from fc_shared.service import Context, ServiceContext

router = APIRouter(prefix="/v1", tags=["network"])


@router.post("/referrals", status_code=201, response_model=Referral)
async def refer_family(
    body: ReferralIn,
    principal: Professional,
    context: Context,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """A professional refers a family to a colleague (`referred_to`) or to a service
    (`service_id`, routed to its staff in the family's language), with the family's
    consent: a guardian's referral consent in force for them. The consent check, refused
    or allowed, is in the family's access log. Honours `Idempotency-Key`."""
    async with context.transaction() as session:

        async def create() -> tuple[int, Referral]:
            referral = await referrals.make_referral(
                session,
                context.settings,
                principal=principal,
                request=rules.ReferralRequest(
                    family_id=body.family_id,
                    referred_to=body.referred_to,
                    service_id=body.service_id,
                    reason_category=body.reason_category,
                    urgency=body.urgency,
                    message=body.message,
                ),
                now=datetime.now(UTC),
            )
            return 201, referral_answer(referral)

        return await idempotent_request(
            session, request, subject=principal.subject, key=idempotency_key, create=create
        )


@router.get("/referrals", response_model=list[Referral])
async def my_referrals(principal: CurrentPrincipal, context: Context) -> list[Referral]:
    """The caller's referrals, newest first: for a professional, those they made or that are
    addressed to them; for a confirmed guardian, their families' (each family's read in its
    access log). Anyone else finds none."""
    async with context.transaction() as session:
        found = await referrals.own_referrals(session, principal=principal)
    return [referral_answer(referral) for referral in found]


@router.get("/referrals/{referral_id}", response_model=Referral)
async def get_referral(referral_id: UUID, principal: Professional, context: Context) -> Referral:
    """A referral, for the professional who made it and the one it is addressed to; to
    anyone else it does not exist (404)."""
    async with context.sessions() as session:
        referral = await referrals.read_referral(
            session, principal=principal, referral_id=referral_id
        )
    return referral_answer(referral)


async def _step(
    context: ServiceContext,
    principal: Principal,
    referral_id: UUID,
    step: ReferralStatus,
    reason: str | None = None,
) -> Referral:
    async with context.transaction() as session:
        referral = await referrals.take_step(
            session,
            context.settings,
            principal=principal,
            referral_id=referral_id,
            step=step,
            reason_code=reason,
            now=datetime.now(UTC),
        )
    return referral_answer(referral)


@router.post("/referrals/{referral_id}/accept", response_model=Referral)
async def accept_referral(referral_id: UUID, principal: Professional, context: Context) -> Referral:
    """The receiving professional accepts a referral that was made."""
    return await _step(context, principal, referral_id, ReferralStatus.ACCEPTED)


@router.post("/referrals/{referral_id}/decline", response_model=Referral)
async def decline_referral(
    referral_id: UUID, body: DeclineIn, principal: Professional, context: Context
) -> Referral:
    """The receiving professional declines a referral that was made, with a reason code
    (one of `not_our_service`, `no_capacity`, `family_declined`, `referred_elsewhere`,
    `other`)."""
    return await _step(context, principal, referral_id, ReferralStatus.DECLINED, body.reason_code)


@router.post("/referrals/{referral_id}/complete", response_model=Referral)
async def complete_referral(
    referral_id: UUID, principal: Professional, context: Context
) -> Referral:
    """The receiving professional completes a referral they accepted."""
    return await _step(context, principal, referral_id, ReferralStatus.COMPLETED)


def referral_answer(referral: rules.Referral) -> Referral:
    return Referral(
        id=referral.id,
        family_id=referral.family_id,
        referred_by=referral.referred_by,
        referred_to=referral.referred_to,
        reason_category=referral.reason_category,
        urgency=referral.urgency,
        status=referral.status,
        created_at=referral.created_at,
        accepted_at=referral.accepted_at,
        declined_at=referral.declined_at,
        decline_reason=referral.decline_reason,
        completed_at=referral.completed_at,
    )
