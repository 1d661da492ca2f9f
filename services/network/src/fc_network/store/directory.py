"""The service directory's SQL: writing services and searching published ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Row, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain.directory import (
    NewService,
    Organisation,
    Service,
    ServiceStatus,
    ServiceText,
)
from fc_network.store.tables import organisations, service_texts, services

# The text search configuration of a text's own language; the query is parsed with it too,
# so a Swedish query is stemmed as Swedish against Swedish texts, and so on.
_CONFIG = (
    "CASE t.language WHEN 'sv' THEN 'swedish'::regconfig "
    "WHEN 'fi' THEN 'finnish'::regconfig WHEN 'en' THEN 'english'::regconfig "
    "ELSE 'simple'::regconfig END"
)

# Matching: one branch per configuration, each a constant the GIN indexes can serve, and a
# trigram branch for names; a UNION of index scans instead of testing every text. The
# ranking then parses the query in each matched text's own language.
_MATCH = (
    "(t.service_id, t.language) IN ("
    + " UNION ".join(
        [
            f"SELECT service_id, language FROM service_texts "
            f"WHERE search @@ websearch_to_tsquery('{config}', :q)"
            for config in ("swedish", "finnish", "english", "simple")
        ]
        + ["SELECT service_id, language FROM service_texts WHERE name % :q"]
    )
    + ")"
)

_FILTERS = {
    "municipality": "(s.municipality_code = :municipality OR s.digital)",
    "age": ":age BETWEEN s.age_min AND s.age_max",
    "language": ":language = ANY(s.languages)",
    "topic": ":topic = ANY(s.topics)",
}


@dataclass(frozen=True, slots=True)
class Search:
    text: str | None
    municipality: str | None
    age: int | None
    language: str | None
    topic: str | None
    limit: int
    offset: int


def _service(row: Row[Any]) -> Service:
    return Service(
        id=row.id,
        organisation_id=row.organisation_id,
        municipality_code=row.municipality_code,
        digital=row.digital,
        age_min=row.age_min,
        age_max=row.age_max,
        free_of_charge=row.free_of_charge,
        languages=list(row.languages),
        topics=list(row.topics),
        contact=row.contact,
        opening_hours=row.opening_hours,
        status=ServiceStatus(row.status),
        created_at=row.created_at,
    )


async def insert_organisation(session: AsyncSession, organisation: Organisation) -> None:
    await session.execute(
        insert(organisations).values(
            id=organisation.id, name=organisation.name, sector=organisation.sector
        )
    )


async def organisation_exists(session: AsyncSession, organisation_id: UUID) -> bool:
    query = select(organisations.c.id).where(organisations.c.id == organisation_id)
    return await session.scalar(query) is not None


async def insert_service(session: AsyncSession, service_id: UUID, service: NewService) -> None:
    """Store a draft service and its texts."""
    await session.execute(
        insert(services).values(
            id=service_id,
            organisation_id=service.organisation_id,
            municipality_code=service.municipality_code,
            digital=service.digital,
            age_min=service.age_min,
            age_max=service.age_max,
            free_of_charge=service.free_of_charge,
            languages=service.languages,
            topics=service.topics,
            contact=service.contact,
            opening_hours=service.opening_hours,
            status=ServiceStatus.DRAFT,
        )
    )
    await session.execute(
        insert(service_texts),
        [
            {
                "service_id": service_id,
                "language": language,
                "name": text.name,
                "description": text.description,
            }
            for language, text in service.texts.items()
        ],
    )


async def get_service(
    session: AsyncSession, service_id: UUID, *, for_update: bool = False
) -> Service | None:
    query = select(services).where(services.c.id == service_id)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    return _service(row) if row else None


async def text_languages(session: AsyncSession, service_id: UUID) -> set[str]:
    query = select(service_texts.c.language).where(service_texts.c.service_id == service_id)
    return set((await session.scalars(query)).all())


async def mark_published(session: AsyncSession, service_id: UUID) -> None:
    await session.execute(
        update(services).where(services.c.id == service_id).values(status=ServiceStatus.PUBLISHED)
    )


async def search(session: AsyncSession, query: Search) -> tuple[list[Service], int]:
    """Published services matching `query`, best first, and how many match in all."""
    where = ["s.status = 'published'"]
    params: dict[str, object] = {"limit": query.limit, "offset": query.offset}
    for name in _FILTERS:
        value = getattr(query, name)
        if value is not None:
            where.append(_FILTERS[name])
            params[name] = value
    if query.text:
        params["q"] = query.text
        ranked = f"""
            JOIN (SELECT t.service_id,
                         max(ts_rank(t.search, websearch_to_tsquery({_CONFIG}, :q))
                             + similarity(t.name, :q)) AS rank
                  FROM service_texts t
                  WHERE {_MATCH}
                  GROUP BY t.service_id) m ON m.service_id = s.id"""
        order = "m.rank DESC, s.id"
    else:
        ranked, order = "", "s.created_at, s.id"
    statement = text(f"""
        SELECT s.*, count(*) OVER () AS total FROM services s {ranked}
        WHERE {" AND ".join(where)}
        ORDER BY {order} LIMIT :limit OFFSET :offset""")
    rows = list(await session.execute(statement, params))
    total = int(rows[0].total) if rows else 0
    return [_service(row) for row in rows], total


async def texts_of(
    session: AsyncSession, service_ids: list[UUID]
) -> dict[UUID, dict[str, ServiceText]]:
    query = select(
        service_texts.c.service_id,
        service_texts.c.language,
        service_texts.c.name,
        service_texts.c.description,
    ).where(service_texts.c.service_id.in_(service_ids))
    texts: dict[UUID, dict[str, ServiceText]] = {}
    for row in await session.execute(query):
        texts.setdefault(row.service_id, {})[row.language] = ServiceText(
            name=row.name, description=row.description
        )
    return texts


async def published_with_organisations(
    session: AsyncSession,
) -> tuple[list[Service], list[Organisation]]:
    """Every published service and the organisations that offer them, for an export."""
    published = select(services).where(services.c.status == ServiceStatus.PUBLISHED)
    rows = [_service(row) for row in await session.execute(published.order_by(services.c.id))]
    offered_by = {row.organisation_id for row in rows}
    orgs = [
        Organisation(id=row.id, name=row.name, sector=row.sector)
        for row in await session.execute(
            select(organisations)
            .where(organisations.c.id.in_(offered_by))
            .order_by(organisations.c.id)
        )
    ]
    return rows, orgs
