"""The service directory's SQL: writing services and searching published ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.tables import advice_articles, organisations, service_texts, services

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


async def insert_organisation(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(insert(organisations).values(**values))


async def organisation_exists(session: AsyncSession, organisation_id: UUID) -> bool:
    query = select(organisations.c.id).where(organisations.c.id == organisation_id)
    return await session.scalar(query) is not None


async def insert_service(
    session: AsyncSession, values: dict[str, Any], texts: dict[str, tuple[str, str]]
) -> None:
    await session.execute(insert(services).values(**values))
    await session.execute(
        insert(service_texts),
        [
            {
                "service_id": values["id"],
                "language": language,
                "name": name,
                "description": description,
            }
            for language, (name, description) in texts.items()
        ],
    )


async def get_service(
    session: AsyncSession, service_id: UUID, *, for_update: bool = False
) -> dict[str, Any] | None:
    query = select(services).where(services.c.id == service_id)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    return dict(row._mapping) if row else None


async def text_languages(session: AsyncSession, service_id: UUID) -> set[str]:
    query = select(service_texts.c.language).where(service_texts.c.service_id == service_id)
    return set((await session.scalars(query)).all())


async def mark_published(session: AsyncSession, service_id: UUID) -> None:
    await session.execute(
        update(services).where(services.c.id == service_id).values(status="published")
    )


async def search(session: AsyncSession, query: Search) -> tuple[list[dict[str, Any]], int]:
    """Published services matching `query`, best first, and how many match in all."""
    where = ["s.status = 'published'"]
    params: dict[str, Any] = {"limit": query.limit, "offset": query.offset}
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
    rows = [dict(row._mapping) for row in await session.execute(statement, params)]
    total = rows[0].pop("total") if rows else 0
    for row in rows[1:]:
        row.pop("total")
    return rows, total


async def texts_of(
    session: AsyncSession, service_ids: list[UUID]
) -> dict[UUID, dict[str, tuple[str, str]]]:
    query = select(
        service_texts.c.service_id,
        service_texts.c.language,
        service_texts.c.name,
        service_texts.c.description,
    ).where(service_texts.c.service_id.in_(service_ids))
    texts: dict[UUID, dict[str, tuple[str, str]]] = {}
    for row in await session.execute(query):
        texts.setdefault(row.service_id, {})[row.language] = (row.name, row.description)
    return texts


async def published_with_organisations(
    session: AsyncSession,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every published service and the organisations that offer them, for an export."""
    rows = [
        dict(row._mapping)
        for row in await session.execute(
            select(services).where(services.c.status == "published").order_by(services.c.id)
        )
    ]
    offered_by = {row["organisation_id"] for row in rows}
    orgs = [
        dict(row._mapping)
        for row in await session.execute(
            select(organisations)
            .where(organisations.c.id.in_(offered_by))
            .order_by(organisations.c.id)
        )
    ]
    return rows, orgs


async def insert_advice(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(insert(advice_articles).values(**values))


async def find_advice(
    session: AsyncSession, *, topic: str | None, age: int | None, limit: int
) -> list[dict[str, Any]]:
    query = select(advice_articles).order_by(advice_articles.c.created_at.desc()).limit(limit)
    if topic:
        query = query.where(advice_articles.c.topic == topic)
    if age is not None:
        query = query.where(advice_articles.c.age_min <= age, advice_articles.c.age_max >= age)
    return [dict(row._mapping) for row in await session.execute(query)]
