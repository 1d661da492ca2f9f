"""The network service's HTTP routes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Header, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network import cases_store, domain, professionals_store, store
from fc_network.schemas import (
    CoordinatorIn,
    DeclineIn,
    MeetingPoint,
    MeetingPointChange,
    MeetingPointIn,
    Municipality,
    Referral,
    ReferralIn,
    RoomAgreement,
)
from fc_shared.auth import Principal, Role, require_role
from fc_shared.etags import IfMatch, check_if_match, etag, require_if_match
from fc_shared.events import (
    DomainEvent,
    MeetingPointChanged,
    MeetingPointOpened,
    ReferralAccepted,
    ReferralCompleted,
    ReferralDeclined,
    ReferralMade,
)
from fc_shared.idempotency import run_idempotent
from fc_shared.outbox import add_event
from fc_shared.problems import Problem
from fc_shared.service import Context, ServiceContext

router = APIRouter(prefix="/v1", tags=["network"])

Coordinator = Annotated[Principal, Depends(require_role(Role.COORDINATOR, Role.ADMIN))]
Admin = Annotated[Principal, Depends(require_role(Role.ADMIN))]
Professional = Annotated[Principal, Depends(require_role(Role.PROFESSIONAL))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


@router.get("/municipalities")
async def list_municipalities(context: Context) -> list[Municipality]:
    async with context.sessions() as session:
        return [Municipality(**row) for row in await store.list_municipalities(session)]


@router.get("/meeting-points")
async def list_meeting_points(
    context: Context, municipality: str | None = None
) -> list[MeetingPoint]:
    async with context.sessions() as session:
        rows = await store.list_meeting_points(session, municipality)
    return [_meeting_point(row) for row in rows]


@router.post("/meeting-points", status_code=201, response_model=MeetingPoint)
async def open_meeting_point(
    body: MeetingPointIn,
    principal: Coordinator,
    context: Context,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    domain.check_meeting_point(digital=body.digital, address=body.address, link=body.link)
    if body.agreement:
        domain.check_agreement_period(
            body.agreement.valid_from, body.agreement.valid_until, datetime.now(UTC).date()
        )
    async with context.transaction() as session:

        async def create() -> tuple[int, MeetingPoint]:
            if not await store.municipality_exists(session, body.municipality_code):
                raise Problem(
                    422,
                    "Unknown municipality",
                    f"No municipality has the code {body.municipality_code}.",
                )
            point = MeetingPoint(id=uuid4(), created_at=datetime.now(UTC), **body.model_dump())
            await store.insert_meeting_point(
                session,
                {
                    **point.model_dump(exclude={"agreement"}),
                    **_agreement_columns(body),
                    "opened_by": principal.subject,
                },
            )
            await add_event(
                session,
                context.settings,
                MeetingPointOpened(
                    meeting_point_id=point.id,
                    municipality_code=point.municipality_code,
                    digital=point.digital,
                    audience_bands=point.audience_bands,
                    coordinator=point.responsible_person or principal.subject,
                    title=point.name,
                ),
            )
            return 201, point

        return await run_idempotent(
            session,
            subject=principal.subject,
            key=idempotency_key,
            method="POST",
            path=request.url.path,
            body=await request.body(),
            create=create,
        )


@router.get("/meeting-points/{point_id}")
async def get_meeting_point(point_id: UUID, context: Context, response: Response) -> MeetingPoint:
    """The meeting point, with the `ETag` an edit's If-Match needs."""
    async with context.sessions() as session:
        point = await store.get_meeting_point(session, point_id)
        if point is None:
            raise Problem(404, "Not Found", "No such meeting point.")
        response.headers["ETag"] = etag(await store.meeting_point_version(session, point_id))
    return _meeting_point(point)


@router.patch("/meeting-points/{point_id}")
async def edit_meeting_point(
    point_id: UUID,
    body: MeetingPointChange,
    principal: Coordinator,
    context: Context,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingPoint:
    """The meeting point's responsible person (or, with none named, whoever opened it) or an
    admin edits it, with the ETag of their read in If-Match; one without a responsible
    person only an admin. A change of responsible person hands its booking room over."""
    if body.agreement:
        domain.check_agreement_period(
            body.agreement.valid_from, body.agreement.valid_until, datetime.now(UTC).date()
        )
    async with context.transaction() as session:
        point = await store.lock_meeting_point(session, point_id)
        if point is None:
            raise Problem(404, "Not Found", "No such meeting point.")
        if not domain.may_edit_meeting_point(
            principal, responsible=point["responsible_person"], opened_by=point["opened_by"]
        ):
            raise Problem(
                403,
                "Forbidden",
                "Only the meeting point's responsible person or an admin edits it.",
            )
        require_if_match(if_match, await store.meeting_point_version(session, point_id))
        values = body.model_dump(exclude_unset=True, exclude={"agreement"})
        values.update(_agreement_columns(body))
        updated = await store.update_meeting_point(session, point_id, values) if values else point
        await _announce_change(session, context, before=point, after=updated)
        response.headers["ETag"] = etag(await store.meeting_point_version(session, point_id))
    return _meeting_point(updated)


@router.put("/meeting-points/{point_id}/coordinator")
async def appoint_coordinator(
    point_id: UUID,
    body: CoordinatorIn,
    _: Admin,
    context: Context,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingPoint:
    """An admin appoints a meeting point's responsible person (the seeded ones have none).
    The appointment replaces whoever was responsible, whatever they did meanwhile, so
    If-Match is optional here; sent, it is checked."""
    async with context.transaction() as session:
        point = await store.lock_meeting_point(session, point_id)
        if point is None:
            raise Problem(404, "Not Found", "No such meeting point.")
        if if_match is not None:
            check_if_match(if_match, await store.meeting_point_version(session, point_id))
        updated = await store.update_meeting_point(
            session, point_id, {"responsible_person": body.coordinator}
        )
        await _announce_change(session, context, before=point, after=updated)
        response.headers["ETag"] = etag(await store.meeting_point_version(session, point_id))
    return _meeting_point(updated)


async def _announce_change(
    session: AsyncSession, context: ServiceContext, *, before: dict[str, Any], after: dict[str, Any]
) -> None:
    """MeetingPointChanged when a bookable fact changed: audience bands, name or coordinator."""
    coordinator = domain.meeting_point_coordinator(
        responsible=after["responsible_person"], opened_by=after["opened_by"]
    )
    previous = domain.meeting_point_coordinator(
        responsible=before["responsible_person"], opened_by=before["opened_by"]
    )
    bookable = ("audience_bands", "name")
    if any(after[fact] != before[fact] for fact in bookable) or coordinator != previous:
        await add_event(
            session,
            context.settings,
            MeetingPointChanged(
                meeting_point_id=after["id"],
                municipality_code=after["municipality_code"],
                digital=after["digital"],
                audience_bands=after["audience_bands"],
                coordinator=coordinator,
                title=after["name"],
            ),
        )


def _agreement_columns(body: MeetingPointIn | MeetingPointChange) -> dict[str, object]:
    agreement = body.agreement
    if agreement is None:
        return {}
    return {
        "agreement_parties": agreement.parties,
        "agreement_from": agreement.valid_from,
        "agreement_until": agreement.valid_until,
        "agreement_rooms": agreement.rooms,
    }


def _meeting_point(row: dict[str, Any]) -> MeetingPoint:
    agreement = None
    if row["agreement_parties"]:
        agreement = RoomAgreement(
            parties=row["agreement_parties"],
            valid_from=row["agreement_from"],
            valid_until=row["agreement_until"],
            rooms=row["agreement_rooms"],
        )
    return MeetingPoint(**row, agreement=agreement)


async def _receiver(session: AsyncSession, body: ReferralIn) -> UUID:
    """The named professional, or the staff member of the named service who speaks the
    family's language (a family that chose Swedish meets Swedish-speaking staff)."""
    if (body.referred_to is None) == (body.service_id is None):
        raise Problem(422, "Receiver unclear", "Name either a professional or a service.")
    if body.referred_to is not None:
        return body.referred_to
    assert body.service_id is not None
    language = await cases_store.family_language(session, body.family_id) or "sv"
    return domain.route_to_staff(
        await professionals_store.staff_of(session, body.service_id), language
    )


@router.post("/referrals", status_code=201, response_model=Referral)
async def refer_family(
    body: ReferralIn,
    principal: Professional,
    context: Context,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    # The family's consent, a guardian's referral consent in force for this professional,
    # is checked and the attempt logged in a transaction of its own, so a refusal is kept.
    async with context.transaction() as session:
        if not await cases_store.members_of(session, body.family_id):
            raise Problem(422, "Unknown family", "No family has this id.")
        case = await cases_store.case_of(session, body.family_id)
        consented = case is not None and principal.subject in (
            await cases_store.consented_members(session, case["id"], scope="referral")
        )
        await cases_store.log_access(
            session,
            actor=principal.subject,
            family_id=body.family_id,
            action="refer",
            purpose=body.reason_category,
            allowed=consented,
        )
    async with context.transaction() as session:

        async def create() -> tuple[int, Referral]:
            receiver = await _receiver(session, body)
            domain.check_referral(
                consent_given=consented,
                reason_category=body.reason_category,
                referred_by=principal.subject,
                referred_to=receiver,
            )
            referral = Referral(
                id=uuid4(),
                family_id=body.family_id,
                referred_by=principal.subject,
                referred_to=receiver,
                reason_category=body.reason_category,
                urgency=body.urgency,
                status="made",
                created_at=datetime.now(UTC),
            )
            await store.insert_referral(session, {**referral.model_dump(), "message": body.message})
            await add_event(
                session,
                context.settings,
                ReferralMade(
                    referral_id=referral.id,
                    family_id=referral.family_id,
                    referred_by=referral.referred_by,
                    referred_to=referral.referred_to,
                    reason_category=referral.reason_category,
                    urgency=body.urgency,
                ),
            )
            return 201, referral

        return await run_idempotent(
            session,
            subject=principal.subject,
            key=idempotency_key,
            method="POST",
            path=request.url.path,
            body=await request.body(),
            create=create,
        )


@router.get("/referrals/{referral_id}")
async def get_referral(referral_id: UUID, principal: Professional, context: Context) -> Referral:
    async with context.sessions() as session:
        row = await store.get_referral(session, referral_id)
    # Only the two professionals of a referral may see it; others learn nothing, not even 403.
    if row is None or principal.subject not in (row["referred_by"], row["referred_to"]):
        raise Problem(404, "Not Found", "No such referral.")
    return Referral(**row)


async def _take_step(
    context: ServiceContext,
    principal: Principal,
    referral_id: UUID,
    *,
    step: str,
    reason_code: str | None = None,
) -> Referral:
    """One step of a referral's lifecycle, taken by the receiving professional only."""
    async with context.transaction() as session:
        referral = await store.lock_referral(session, referral_id)
        if referral is None or principal.subject not in (
            referral["referred_by"],
            referral["referred_to"],
        ):
            raise Problem(404, "Not Found", "No such referral.")
        if principal.subject != referral["referred_to"]:
            raise Problem(403, "Forbidden", "Only the receiving professional answers a referral.")
        domain.check_referral_step(status=referral["status"], step=step, reason_code=reason_code)
        now = datetime.now(UTC)
        lead_time = int((now - referral["created_at"]).total_seconds())
        common = {"referral_id": referral_id, "family_id": referral["family_id"]}
        event: DomainEvent
        if step == "accepted":
            values: dict[str, object] = {"status": step, "accepted_at": now}
            event = ReferralAccepted(
                **common, accepted_by=principal.subject, lead_time_seconds=lead_time
            )
        elif step == "declined":
            values = {"status": step, "declined_at": now, "decline_reason": reason_code}
            event = ReferralDeclined(
                **common, declined_by=principal.subject, reason_code=str(reason_code)
            )
        else:
            values = {"status": step, "completed_at": now}
            event = ReferralCompleted(
                **common, completed_by=principal.subject, lead_time_seconds=lead_time
            )
        updated = await store.record_referral_step(session, referral_id, values)
        await add_event(session, context.settings, event)
    return Referral(**updated)


@router.post("/referrals/{referral_id}/accept")
async def accept_referral(referral_id: UUID, principal: Professional, context: Context) -> Referral:
    return await _take_step(context, principal, referral_id, step="accepted")


@router.post("/referrals/{referral_id}/decline")
async def decline_referral(
    referral_id: UUID, body: DeclineIn, principal: Professional, context: Context
) -> Referral:
    return await _take_step(
        context, principal, referral_id, step="declined", reason_code=body.reason_code
    )


@router.post("/referrals/{referral_id}/complete")
async def complete_referral(
    referral_id: UUID, principal: Professional, context: Context
) -> Referral:
    return await _take_step(context, principal, referral_id, step="completed")
