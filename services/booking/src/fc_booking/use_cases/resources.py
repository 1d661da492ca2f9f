"""Resources and their calendars: opening one, who manages it, closures, feed links."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain import access, calendar
from fc_booking.domain import resources as rules
from fc_booking.domain.descriptions import describe
from fc_booking.domain.resources import Closure, Resource, ResourceKind
from fc_booking.settings import booking_settings
from fc_booking.store import availability as closure_store
from fc_booking.store import resources as store
from fc_booking.store import slots as slot_store
from fc_shared.principals import Principal
from fc_shared.refusals import Kind
from fc_shared.settings import Settings


async def may_manage(session: AsyncSession, principal: Principal, resource: Resource) -> bool:
    return access.may_manage(
        principal,
        owner=resource.owner_subject,
        managers=await store.managers_of(session, resource.id),
    )


async def managed_resource(
    session: AsyncSession,
    principal: Principal,
    resource_id: UUID,
    *,
    unknown: Kind = Kind.NOT_FOUND,
) -> Resource:
    """The resource, if the caller manages it: 404 (or 422 when named in a body) if there is
    none, 403 if it is somebody else's."""
    resource = await store.get_resource(session, resource_id)
    if resource is None:
        raise rules.unknown_resource(unknown)
    access.check_manages(
        principal,
        owner=resource.owner_subject,
        managers=await store.managers_of(session, resource.id),
    )
    return resource


async def list_resources(
    session: AsyncSession,
    *,
    meeting_point_id: UUID | None,
    municipality_code: str | None,
    kind: ResourceKind | None,
    language: str | None,
) -> list[Resource]:
    return await store.list_resources(
        session,
        meeting_point_id=meeting_point_id,
        municipality_code=municipality_code,
        kind=kind,
        language=language,
    )


def new_resource(
    principal: Principal,
    *,
    kind: ResourceKind,
    name: str,
    municipality_code: str | None,
    languages: list[str],
) -> Resource:
    """A professional's calendar, or an admin's room, digital room or interpreter; checked
    before any transaction."""
    return Resource(
        id=uuid4(),
        kind=kind,
        name=name,
        meeting_point_id=None,
        municipality_code=municipality_code,
        audience_bands=(),
        owner_subject=rules.owner_of_new(principal, kind, languages),
        languages=tuple(languages),
    )


async def create_resource(session: AsyncSession, resource: Resource) -> Resource:
    """Store it (a second calendar of one professional is refused by a unique index)."""
    await store.insert_resource(session, resource)
    return resource


async def add_manager(
    session: AsyncSession, principal: Principal, *, resource_id: UUID, subject: UUID
) -> None:
    """An admin names who manages a room: the meeting point's coordinator, typically."""
    if await store.get_resource(session, resource_id) is None:
        raise rules.unknown_resource()
    await store.add_manager(
        session, resource_id=resource_id, subject=subject, assigned_by=principal.subject
    )


async def add_closure(
    session: AsyncSession,
    principal: Principal,
    *,
    resource_id: UUID,
    starts_on: date,
    ends_on: date,
    reason: str,
    today: date,
) -> Closure:
    rules.check_closure(starts_on=starts_on, ends_on=ends_on, today=today)
    closure = Closure(
        id=uuid4(), resource_id=resource_id, starts_on=starts_on, ends_on=ends_on, reason=reason
    )
    await managed_resource(session, principal, resource_id)
    await closure_store.insert_closure(session, closure, created_by=principal.subject)
    return closure


async def list_closures(
    session: AsyncSession, principal: Principal, resource_id: UUID
) -> list[Closure]:
    await managed_resource(session, principal, resource_id)
    return await closure_store.closures_of(session, resource_id)


async def feed_signature(session: AsyncSession, principal: Principal, resource_id: UUID) -> str:
    """The signature of the private feed link of a resource the caller manages."""
    resource = await managed_resource(session, principal, resource_id)
    return calendar.feed_signature(resource.feed_key, resource_id)


async def revoke_feed_links(session: AsyncSession, principal: Principal, resource_id: UUID) -> None:
    """A new signing key: every link given out so far stops working."""
    await managed_resource(session, principal, resource_id)
    await store.rotate_feed_key(session, resource_id)


async def resource_feed(
    session: AsyncSession,
    settings: Settings,
    *,
    resource_id: UUID,
    signature: str,
    now: datetime,
) -> bytes:
    """The resource's calendar as iCalendar, for the holder of a valid link: each slot with
    what, where and with whom as its bookings' events say it."""
    resource = await store.get_resource(session, resource_id)
    rules.check_feed_signature(
        resource is not None
        and calendar.feed_signature_valid(resource.feed_key, resource_id, signature)
    )
    assert resource is not None
    slots = await slot_store.feed_slots(session, resource_id, rules.feed_since(now))
    own = booking_settings(settings)
    entries = [
        calendar.slot_entry(
            slot,
            describe(slot, resource, family_centre=own.booking_organizer_name),
            organizer_email=own.booking_organizer_email,
        )
        for slot in slots
    ]
    return calendar.resource_feed(resource.calendar_name, entries)
