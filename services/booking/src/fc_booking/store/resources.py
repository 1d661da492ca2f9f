"""Resources' SQL: rooms following network's meeting points, calendars, managers, feed keys."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, fields
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Row, delete, func, insert, literal_column, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain.resources import FROM_NETWORK, Location, Resource, ResourceKind
from fc_booking.store.tables import resource_managers, resources

RESOURCE_COLUMNS = [column for column in resources.c if column.name != "created_at"]
LOCATION_COLUMNS = [field.name for field in fields(Location)]


def resource_of(row: Row[*tuple[Any, ...]]) -> Resource:
    values = row._asdict()
    return Resource(
        **{
            **values,
            "kind": ResourceKind(values["kind"]),
            "audience_bands": tuple(values["audience_bands"]),
            "languages": tuple(values["languages"]),
        }
    )


async def put_meeting_point_room(
    session: AsyncSession,
    *,
    meeting_point_id: UUID,
    municipality_code: str,
    kind: ResourceKind,
    audience_bands: list[str],
    name: str | None,
    location: Location,
    overwrite_bands: bool,
) -> bool:
    """The meeting point's room, created if missing; True if this call created it. An
    opening leaves an existing room's bands, name and location alone, as a change may
    overtake it (the two are handled by different consumers); a change overwrites them."""
    statement = pg_insert(resources).values(
        id=uuid4(),
        kind=kind,
        meeting_point_id=meeting_point_id,
        municipality_code=municipality_code,
        audience_bands=audience_bands,
        name=name,
        **asdict(location),
    )
    index = [resources.c.meeting_point_id]
    if overwrite_bands:
        overwrite = statement.on_conflict_do_update(
            index_elements=index,
            set_={
                "audience_bands": statement.excluded.audience_bands,
                # An older change (from before names and addresses were sent) keeps what
                # the room has; network never takes a place to meet away from a meeting point.
                **{
                    column: func.coalesce(statement.excluded[column], resources.c[column])
                    for column in ("name", *LOCATION_COLUMNS)
                },
            },
        )
        # xmax is 0 only on a row this statement inserted, not on one it updated.
        return bool(await session.scalar(overwrite.returning(literal_column("xmax = 0"))))
    return (
        await session.scalar(
            statement.on_conflict_do_nothing(index_elements=index).returning(resources.c.id)
        )
        is not None
    )


async def insert_resource(session: AsyncSession, resource: Resource) -> None:
    await session.execute(
        insert(resources).values(
            id=resource.id,
            kind=resource.kind,
            name=resource.name,
            meeting_point_id=resource.meeting_point_id,
            municipality_code=resource.municipality_code,
            audience_bands=list(resource.audience_bands),
            owner_subject=resource.owner_subject,
            languages=list(resource.languages),
        )
    )


async def list_resources(
    session: AsyncSession,
    *,
    meeting_point_id: UUID | None,
    municipality_code: str | None,
    kind: ResourceKind | None = None,
    language: str | None = None,
) -> list[Resource]:
    # The feed key stays in the database: a list is public.
    columns = [column for column in RESOURCE_COLUMNS if column.name != "feed_key"]
    query = select(*columns).order_by(resources.c.created_at, resources.c.id)
    if meeting_point_id:
        query = query.where(resources.c.meeting_point_id == meeting_point_id)
    if municipality_code:
        query = query.where(resources.c.municipality_code == municipality_code)
    if kind:
        query = query.where(resources.c.kind == kind)
    if language:
        query = query.where(resources.c.languages.contains([language]))
    return [resource_of(row) for row in await session.execute(query)]


async def get_resource(session: AsyncSession, resource_id: UUID) -> Resource | None:
    row = (
        await session.execute(select(*RESOURCE_COLUMNS).where(resources.c.id == resource_id))
    ).first()
    return resource_of(row) if row else None


async def get_resources(session: AsyncSession, ids: Sequence[UUID]) -> list[Resource]:
    rows = await session.execute(select(*RESOURCE_COLUMNS).where(resources.c.id.in_(ids)))
    return [resource_of(row) for row in rows]


async def managers_of(session: AsyncSession, resource_id: UUID) -> list[UUID]:
    rows = await session.scalars(
        select(resource_managers.c.subject).where(resource_managers.c.resource_id == resource_id)
    )
    return list(rows)


async def add_manager(
    session: AsyncSession, *, resource_id: UUID, subject: UUID, assigned_by: UUID
) -> None:
    """Name a manager. An admin naming someone network already named takes the entry
    over, so the manager stays when network later hands the meeting point to another;
    network naming someone an admin named leaves the admin's entry as it is."""
    insert_manager = pg_insert(resource_managers).values(
        resource_id=resource_id, subject=subject, assigned_by=assigned_by
    )
    if assigned_by == FROM_NETWORK:
        await session.execute(insert_manager.on_conflict_do_nothing())
        return
    await session.execute(
        insert_manager.on_conflict_do_update(
            index_elements=[resource_managers.c.resource_id, resource_managers.c.subject],
            set_={"assigned_by": assigned_by, "assigned_at": func.now()},
        )
    )


async def lock_room_of(session: AsyncSession, meeting_point_id: UUID) -> UUID | None:
    """The meeting point's room id, its row locked until commit."""
    return await session.scalar(
        select(resources.c.id)
        .where(resources.c.meeting_point_id == meeting_point_id)
        .with_for_update()
    )


async def remove_network_managers(session: AsyncSession, resource_id: UUID) -> set[UUID]:
    """Drop the managers network named (admins' stay); who they were."""
    return set(
        await session.scalars(
            delete(resource_managers)
            .where(
                resource_managers.c.resource_id == resource_id,
                resource_managers.c.assigned_by == FROM_NETWORK,
            )
            .returning(resource_managers.c.subject)
        )
    )


async def rotate_feed_key(session: AsyncSession, resource_id: UUID) -> None:
    await session.execute(
        update(resources)
        .where(resources.c.id == resource_id)
        .values(feed_key=text("uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())"))
    )
