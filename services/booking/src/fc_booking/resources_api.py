"""Resources and their calendars: who manages them, closures, recurring availability, feeds."""

from __future__ import annotations

import asyncio
import functools
from datetime import UTC, datetime, timedelta
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Query, Request, Response

from fc_booking import access, availability, calendar_export, domain, store
from fc_booking.access import Admin, Staff
from fc_booking.domain import ResourceKind
from fc_booking.offerings import overlaps_refused, place
from fc_booking.schemas import (
    Availability,
    AvailabilityIn,
    Closure,
    ClosureIn,
    FeedLink,
    ManagerIn,
    Resource,
    ResourceIn,
    Slot,
)
from fc_shared.auth import Role
from fc_shared.problems import UNIQUE_VIOLATION, Problem, refused_by_constraint
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["resources"])

FEED_HISTORY = timedelta(days=30)


@router.get("/resources")
async def list_resources(
    context: Context,
    meeting_point_id: UUID | None = None,
    municipality: Annotated[str | None, Query(pattern=r"^\d{3}$")] = None,
    kind: ResourceKind | None = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None,
) -> list[Resource]:
    async with context.sessions() as session:
        rows = await store.list_resources(
            session,
            meeting_point_id=meeting_point_id,
            municipality_code=municipality,
            kind=kind,
            language=language,
        )
    return [Resource(**row) for row in rows]


@router.post("/resources", status_code=201)
async def create_resource(body: ResourceIn, principal: Staff, context: Context) -> Resource:
    """A professional opens their own calendar; an admin adds rooms, digital rooms and
    interpreters (meeting-point rooms come from the network service's events)."""
    if body.kind == ResourceKind.PROFESSIONAL:
        if not principal.has_any(Role.PROFESSIONAL):
            raise Problem(403, "Forbidden", "A professional opens their own calendar.")
        owner: UUID | None = principal.subject
    elif principal.has_any(Role.ADMIN):
        owner = None
    else:
        raise Problem(403, "Forbidden", "Only an admin adds rooms and interpreters.")
    if body.kind == ResourceKind.INTERPRETER and not body.languages:
        raise Problem(422, "Languages needed", "An interpreter has at least one language.")
    values = {
        "id": uuid4(),
        "kind": body.kind,
        "name": body.name,
        "municipality_code": body.municipality_code,
        "languages": body.languages,
        "owner_subject": owner,
        "audience_bands": [],
    }
    with refused_by_constraint(
        UNIQUE_VIOLATION, 409, "Calendar exists", "You already have a calendar."
    ):
        async with context.transaction() as session:
            await store.insert_resource(session, values)
    return Resource(meeting_point_id=None, **values)


@router.put("/resources/{resource_id}/managers", status_code=204)
async def add_manager(
    resource_id: UUID, body: ManagerIn, principal: Admin, context: Context
) -> Response:
    """An admin names who manages a room: the meeting point's coordinator, typically."""
    async with context.transaction() as session:
        if await store.get_resource(session, resource_id) is None:
            raise Problem(404, "Unknown resource", "No resource has this id.")
        await store.add_manager(
            session, resource_id=resource_id, subject=body.subject, assigned_by=principal.subject
        )
    return Response(status_code=204)


@router.post("/resources/{resource_id}/closures", status_code=201)
async def add_closure(
    resource_id: UUID, body: ClosureIn, principal: Staff, context: Context
) -> Closure:
    domain.check_closure(
        starts_on=body.starts_on, ends_on=body.ends_on, today=datetime.now(UTC).date()
    )
    closure = Closure(id=uuid4(), resource_id=resource_id, **body.model_dump())
    async with context.transaction() as session:
        await access.managed_resource(session, principal, resource_id)
        await store.insert_closure(
            session, {**closure.model_dump(), "created_by": principal.subject}
        )
    return closure


@router.get("/resources/{resource_id}/closures")
async def list_closures(resource_id: UUID, principal: Staff, context: Context) -> list[Closure]:
    """For the resource's managers: a reason may say more than families need to know."""
    async with context.sessions() as session:
        await access.managed_resource(session, principal, resource_id)
        return [Closure(**row) for row in await store.closures_of(session, resource_id)]


@router.post("/resources/{resource_id}/availability", status_code=201)
async def add_availability(
    resource_id: UUID, body: AvailabilityIn, principal: Staff, context: Context
) -> Availability:
    """Recurring availability: the rule is expanded in Helsinki time, skipping public
    holidays, the resource's closures and the given dates, and stored as UTC slots."""
    rule_id = uuid4()
    series_id = rule_id if body.as_series else None
    with overlaps_refused():
        async with context.transaction() as session:
            resource = await access.managed_resource(session, principal, resource_id)
            closures = [
                availability.Closure(row["starts_on"], row["ends_on"])
                for row in await store.closures_of(session, resource_id)
            ]
            # A rule's work is bounded before it is expanded (availability.check_bounds);
            # the expansion still runs off the event loop, as it is CPU work all the same.
            occurrences = await asyncio.to_thread(
                functools.partial(
                    availability.expand,
                    rrule=body.rrule,
                    first_start=body.first_start,
                    duration=timedelta(minutes=body.duration_minutes),
                    skip_public_holidays=body.skip_public_holidays,
                    closures=closures,
                    exdates=body.except_dates,
                    now=datetime.now(UTC),
                )
            )
            if not occurrences:
                raise Problem(422, "No sessions", "The rule gives no future sessions.")
            await store.insert_rule(
                session,
                {
                    "id": rule_id,
                    "resource_id": resource_id,
                    "rrule": body.rrule,
                    "first_start_local": body.first_start,
                    "duration_minutes": body.duration_minutes,
                    "is_series": body.as_series,
                    "created_by": principal.subject,
                },
            )
            rows = await place(
                session,
                principal,
                resource=resource,
                offering=body,
                times=[(o.starts_at, o.ends_at) for o in occurrences],
                rule_id=rule_id,
                series_id=series_id,
            )
    return Availability(
        rule_id=rule_id, series_id=series_id, slots=[Slot(**row, booked_count=0) for row in rows]
    )


@router.get("/resources/{resource_id}/feed-link")
async def feed_link(
    resource_id: UUID, principal: Staff, context: Context, request: Request
) -> FeedLink:
    """The private calendar-feed link of a resource one manages."""
    async with context.sessions() as session:
        resource = await access.managed_resource(session, principal, resource_id)
    signature = calendar_export.feed_signature(resource["feed_key"], resource_id)
    return FeedLink(
        url=str(request.url_for("resource_feed", resource_id=resource_id)) + f"?sig={signature}"
    )


@router.post("/resources/{resource_id}/feed-link/revoke", status_code=204)
async def revoke_feed_link(resource_id: UUID, principal: Staff, context: Context) -> Response:
    """A new signing key: every link given out so far stops working."""
    async with context.transaction() as session:
        await access.managed_resource(session, principal, resource_id)
        await store.rotate_feed_key(session, resource_id)
    return Response(status_code=204)


@router.get(
    "/feeds/{resource_id}.ics",
    name="resource_feed",
    responses={200: {"content": {"text/calendar": {}}}},
)
async def resource_feed(
    resource_id: UUID, context: Context, sig: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    """A resource's calendar as iCalendar, for the link's holder (no token: calendar apps
    cannot send one). Slots only, with counts: no names, nothing about the families."""
    async with context.sessions() as session:
        resource = await store.get_resource(session, resource_id)
        if resource is None or not calendar_export.feed_signature_valid(
            resource["feed_key"], resource_id, sig
        ):
            raise Problem(403, "Forbidden", "The feed link is not valid or was revoked.")
        rows = await store.feed_slots(session, resource_id, datetime.now(UTC) - FEED_HISTORY)
    entries = [
        calendar_export.CalendarEntry(
            uid=row["id"],
            starts_at=row["starts_at"],
            ends_at=row["ends_at"],
            summary=row["title"] or row["activity"].replace("_", " ").capitalize(),
            status="CONFIRMED",
            description=f"{row['booked_count']}/{row['capacity']} booked",
        )
        for row in rows
    ]
    body = calendar_export.resource_feed(
        resource["name"] or f"Familjecentret {resource['kind']}", entries
    )
    return Response(body, media_type="text/calendar; charset=utf-8")
