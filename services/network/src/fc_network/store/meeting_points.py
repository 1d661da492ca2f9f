"""SQL of municipalities and meeting points."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Row, insert, literal_column, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain.meeting_points import MeetingPoint, MeetingPointChange, RoomAgreement
from fc_network.domain.municipalities import Municipality
from fc_network.store.tables import meeting_points, municipalities


def _meeting_point(row: Row[tuple[object, ...]]) -> MeetingPoint:
    agreement = None
    if row.agreement_parties:
        agreement = RoomAgreement(
            parties=list(row.agreement_parties),
            valid_from=row.agreement_from,
            valid_until=row.agreement_until,
            rooms=list(row.agreement_rooms),
        )
    return MeetingPoint(
        id=row.id,
        municipality_code=row.municipality_code,
        name=row.name,
        digital=row.digital,
        address=row.address,
        link=row.link,
        accessibility=row.accessibility,
        responsible_person=row.responsible_person,
        audience_bands=list(row.audience_bands),
        opened_by=row.opened_by,
        agreement=agreement,
        created_at=row.created_at,
    )


def _agreement_columns(agreement: RoomAgreement | None) -> dict[str, object]:
    if agreement is None:
        return {}
    return {
        "agreement_parties": agreement.parties,
        "agreement_from": agreement.valid_from,
        "agreement_until": agreement.valid_until,
        "agreement_rooms": agreement.rooms,
    }


async def list_municipalities(session: AsyncSession) -> list[Municipality]:
    rows = await session.execute(select(municipalities).order_by(municipalities.c.name_sv))
    return [
        Municipality(code=row.code, name_sv=row.name_sv, name_fi=row.name_fi, region=row.region)
        for row in rows
    ]


async def municipality_exists(session: AsyncSession, code: str) -> bool:
    found = await session.scalar(select(municipalities.c.code).where(municipalities.c.code == code))
    return found is not None


async def insert_meeting_point(session: AsyncSession, point: MeetingPoint) -> None:
    await session.execute(
        insert(meeting_points).values(
            id=point.id,
            municipality_code=point.municipality_code,
            name=point.name,
            digital=point.digital,
            address=point.address,
            link=point.link,
            accessibility=point.accessibility,
            responsible_person=point.responsible_person,
            audience_bands=point.audience_bands,
            opened_by=point.opened_by,
            created_at=point.created_at,
            **_agreement_columns(point.agreement),
        )
    )


async def list_meeting_points(
    session: AsyncSession, municipality_code: str | None
) -> list[MeetingPoint]:
    query = select(meeting_points).order_by(meeting_points.c.created_at)
    if municipality_code:
        query = query.where(meeting_points.c.municipality_code == municipality_code)
    return [_meeting_point(row) for row in await session.execute(query)]


async def get_meeting_point(
    session: AsyncSession, point_id: UUID, *, lock: bool = False
) -> MeetingPoint | None:
    """The meeting point; with `lock`, edits of one meeting point queue here."""
    query = select(meeting_points).where(meeting_points.c.id == point_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    return _meeting_point(row) if row else None


async def update_meeting_point(
    session: AsyncSession, point_id: UUID, change: MeetingPointChange
) -> MeetingPoint | None:
    """Apply the parts of `change` the caller gave; None when it changes nothing."""
    values: dict[str, object] = {
        name: getattr(change, name) for name in change.given if name != "agreement"
    }
    values.update(_agreement_columns(change.agreement))
    if not values:
        return None
    row = (
        await session.execute(
            update(meeting_points)
            .where(meeting_points.c.id == point_id)
            .values(**values)
            .returning(*meeting_points.c)
        )
    ).one()
    return _meeting_point(row)


async def meeting_point_version(session: AsyncSession, point_id: UUID) -> str:
    """The row version (`xmin`) for ETag / If-Match: it changes with every write."""
    return str(
        await session.scalar(
            select(literal_column("xmin::text"))
            .select_from(meeting_points)
            .where(meeting_points.c.id == point_id)
        )
    )


async def upsert_municipalities(session: AsyncSession, found: list[Municipality]) -> None:
    """Insert the municipalities, renaming those that exist."""
    statement = pg_insert(municipalities).values(
        [
            {"code": m.code, "name_sv": m.name_sv, "name_fi": m.name_fi, "region": m.region}
            for m in found
        ]
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[municipalities.c.code],
            set_={"name_sv": statement.excluded.name_sv, "name_fi": statement.excluded.name_fi},
        )
    )


async def meeting_point_ids(session: AsyncSession) -> set[UUID]:
    return set((await session.scalars(select(meeting_points.c.id))).all())
