"""Resources over HTTP: calendars, who manages them, closures, and private calendar feeds."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from fc_booking.api.calendar_schemas import (
    Closure,
    ClosureIn,
    FeedLink,
    ManagerIn,
    Resource,
    ResourceIn,
)
from fc_booking.api.common import calendar_refused, now, settings_of
from fc_booking.domain.resources import ResourceKind
from fc_booking.use_cases import resources
from fc_shared.auth import Admin, Staff
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["resources"])


@router.get("/resources", response_model=list[Resource])
async def list_resources(
    context: Context,
    meeting_point_id: UUID | None = None,
    municipality: Annotated[str | None, Query(pattern=r"^\d{3}$")] = None,
    kind: ResourceKind | None = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None,
) -> list[Resource]:
    """Bookable resources: a meeting point's rooms, digital rooms, calendars, interpreters."""
    async with context.sessions() as session:
        found = await resources.list_resources(
            session,
            meeting_point_id=meeting_point_id,
            municipality_code=municipality,
            kind=kind,
            language=language,
        )
    return [Resource.of(resource) for resource in found]


@router.post("/resources", status_code=201, response_model=Resource)
async def create_resource(body: ResourceIn, principal: Staff, context: Context) -> Resource:
    """A professional opens their own calendar; an admin adds rooms, digital rooms and
    interpreters (meeting-point rooms come from the network service's events)."""
    resource = resources.new_resource(
        principal,
        kind=body.kind,
        name=body.name,
        municipality_code=body.municipality_code,
        languages=body.languages,
    )
    with calendar_refused():
        async with context.transaction() as session:
            await resources.create_resource(session, resource)
    return Resource.of(resource)


@router.put("/resources/{resource_id}/managers", status_code=204, response_class=Response)
async def add_manager(
    resource_id: UUID, body: ManagerIn, principal: Admin, context: Context
) -> Response:
    """An admin names who manages a room: the meeting point's coordinator, typically."""
    async with context.transaction() as session:
        await resources.add_manager(
            session, principal, resource_id=resource_id, subject=body.subject
        )
    return Response(status_code=204)


@router.post("/resources/{resource_id}/closures", status_code=201, response_model=Closure)
async def add_closure(
    resource_id: UUID, body: ClosureIn, principal: Staff, context: Context
) -> Closure:
    """Days the resource is closed: no single slot is placed on them, and recurring
    availability skips them."""
    async with context.transaction() as session:
        closure = await resources.add_closure(
            session,
            principal,
            resource_id=resource_id,
            starts_on=body.starts_on,
            ends_on=body.ends_on,
            reason=body.reason,
            today=now().date(),
        )
    return Closure.of(closure)


@router.get("/resources/{resource_id}/closures", response_model=list[Closure])
async def list_closures(resource_id: UUID, principal: Staff, context: Context) -> list[Closure]:
    """For the resource's managers: a reason may say more than families need to know."""
    async with context.sessions() as session:
        found = await resources.list_closures(session, principal, resource_id)
    return [Closure.of(closure) for closure in found]


@router.get("/resources/{resource_id}/feed-link", response_model=FeedLink)
async def feed_link(
    resource_id: UUID, principal: Staff, context: Context, request: Request
) -> FeedLink:
    """The private calendar-feed link of a resource one manages."""
    async with context.sessions() as session:
        signature = await resources.feed_signature(session, principal, resource_id)
    return FeedLink(
        url=str(request.url_for("resource_feed", resource_id=resource_id)) + f"?sig={signature}"
    )


@router.post("/resources/{resource_id}/feed-link/revoke", status_code=204, response_class=Response)
async def revoke_feed_link(resource_id: UUID, principal: Staff, context: Context) -> Response:
    """A new signing key: every link given out so far stops working."""
    async with context.transaction() as session:
        await resources.revoke_feed_links(session, principal, resource_id)
    return Response(status_code=204)


@router.get(
    "/feeds/{resource_id}.ics",
    name="resource_feed",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
async def resource_feed(
    resource_id: UUID, context: Context, sig: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    """A resource's calendar as iCalendar, for the link's holder (no token: calendar apps
    cannot send one). Slots only, with counts: no names, nothing about the families."""
    async with context.sessions() as session:
        body = await resources.resource_feed(
            session, settings_of(context), resource_id=resource_id, signature=sig, now=now()
        )
    return Response(body, media_type="text/calendar; charset=utf-8")
