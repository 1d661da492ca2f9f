"""HTTP routes of municipalities and meeting points."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter, Request, Response

from fc_network.api.params import IdempotencyKey
from fc_network.api.schemas import (
    CoordinatorIn,
    MeetingPoint,
    MeetingPointChange,
    MeetingPointIn,
    Municipality,
    RoomAgreement,
)
from fc_network.domain import meeting_points as rules
from fc_network.use_cases import meeting_points
from fc_shared.auth import Admin, CoordinatorOrAdmin
from fc_shared.etags import IfMatch, etag
from fc_shared.idempotency import idempotent_request
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["network"])


@router.get("/municipalities", response_model=list[Municipality])
async def list_municipalities(context: Context) -> list[Municipality]:
    """The municipalities of the region (Statistics Finland's codes and their names)."""
    async with context.sessions() as session:
        found = await meeting_points.municipalities(session)
    return [
        Municipality(code=m.code, name_sv=m.name_sv, name_fi=m.name_fi, region=m.region)
        for m in found
    ]


@router.get("/meeting-points", response_model=list[MeetingPoint])
async def list_meeting_points(
    context: Context, municipality: str | None = None
) -> list[MeetingPoint]:
    """Every meeting point, oldest first; or those of one municipality (its code)."""
    async with context.sessions() as session:
        found = await meeting_points.list_meeting_points(session, municipality=municipality)
    return [point_answer(point) for point in found]


@router.post("/meeting-points", status_code=201, response_model=MeetingPoint)
async def open_meeting_point(
    body: MeetingPointIn,
    principal: CoordinatorOrAdmin,
    context: Context,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """A coordinator (or an admin) opens a meeting point: physical with an address, or
    digital with a link. Whoever opens it is responsible for it until someone is named.
    Booking opens a room for it. Honours `Idempotency-Key`."""
    described = _described(body)
    async with context.transaction() as session:

        async def create() -> tuple[int, MeetingPoint]:
            point = await meeting_points.open_meeting_point(
                session,
                context.settings,
                principal=principal,
                described=described,
                now=datetime.now(UTC),
            )
            return 201, point_answer(point)

        return await idempotent_request(
            session, request, subject=principal.subject, key=idempotency_key, create=create
        )


@router.get("/meeting-points/{point_id}", response_model=MeetingPoint)
async def get_meeting_point(point_id: UUID, context: Context, response: Response) -> MeetingPoint:
    """The meeting point, with the `ETag` an edit's If-Match needs."""
    async with context.sessions() as session:
        found = await meeting_points.read_meeting_point(session, point_id=point_id)
    response.headers["ETag"] = etag(found.version)
    return point_answer(found.point)


@router.patch("/meeting-points/{point_id}", response_model=MeetingPoint)
async def edit_meeting_point(
    point_id: UUID,
    body: MeetingPointChange,
    principal: CoordinatorOrAdmin,
    context: Context,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingPoint:
    """The meeting point's responsible person (or, with none named, whoever opened it) or an
    admin edits it, with the ETag of their read in If-Match; one without a responsible
    person only an admin. A change of responsible person hands its booking room over."""
    change = rules.MeetingPointChange(
        audience_bands=body.audience_bands,
        address=body.address,
        link=body.link,
        accessibility=body.accessibility,
        responsible_person=body.responsible_person,
        agreement=_agreement(body.agreement),
        given=frozenset(body.model_fields_set),
    )
    async with context.transaction() as session:
        found = await meeting_points.edit_meeting_point(
            session,
            context.settings,
            principal=principal,
            point_id=point_id,
            change=change,
            if_match=if_match,
            now=datetime.now(UTC),
        )
    response.headers["ETag"] = etag(found.version)
    return point_answer(found.point)


@router.put("/meeting-points/{point_id}/coordinator", response_model=MeetingPoint)
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
        found = await meeting_points.appoint_coordinator(
            session,
            context.settings,
            point_id=point_id,
            coordinator=body.coordinator,
            if_match=if_match,
        )
    response.headers["ETag"] = etag(found.version)
    return point_answer(found.point)


def _described(body: MeetingPointIn) -> rules.NewMeetingPoint:
    return rules.NewMeetingPoint(
        municipality_code=body.municipality_code,
        name=body.name,
        digital=body.digital,
        address=body.address,
        link=body.link,
        accessibility=body.accessibility,
        responsible_person=body.responsible_person,
        audience_bands=body.audience_bands,
        agreement=_agreement(body.agreement),
    )


def _agreement(agreement: RoomAgreement | None) -> rules.RoomAgreement | None:
    if agreement is None:
        return None
    return rules.RoomAgreement(
        parties=agreement.parties,
        valid_from=agreement.valid_from,
        valid_until=agreement.valid_until,
        rooms=agreement.rooms,
    )


def point_answer(point: rules.MeetingPoint) -> MeetingPoint:
    agreement = point.agreement
    return MeetingPoint(
        id=point.id,
        created_at=point.created_at,
        municipality_code=point.municipality_code,
        name=point.name,
        digital=point.digital,
        address=point.address,
        link=point.link,
        accessibility=point.accessibility,
        responsible_person=point.responsible_person,
        audience_bands=point.audience_bands,
        agreement=RoomAgreement(
            parties=agreement.parties,
            valid_from=agreement.valid_from,
            valid_until=agreement.valid_until,
            rooms=agreement.rooms,
        )
        if agreement
        else None,
    )
