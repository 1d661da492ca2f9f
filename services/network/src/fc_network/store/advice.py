"""SQL of advice articles."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

from sqlalchemy import Row, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain.advice import AdviceText, Article
from fc_network.store.tables import advice_articles


def _article(row: Row[Any]) -> Article:
    return Article(
        id=row.id,
        topic=row.topic,
        age_min=row.age_min,
        age_max=row.age_max,
        texts={language: AdviceText(**text) for language, text in row.texts.items()},
        created_at=row.created_at,
    )


async def insert_article(
    session: AsyncSession,
    *,
    article_id: UUID,
    topic: str,
    age_min: int,
    age_max: int,
    texts: dict[str, AdviceText],
) -> None:
    await session.execute(
        insert(advice_articles).values(
            id=article_id,
            topic=topic,
            age_min=age_min,
            age_max=age_max,
            texts={language: asdict(text) for language, text in texts.items()},
        )
    )


async def find_articles(
    session: AsyncSession, *, topic: str | None, age: int | None, limit: int
) -> list[Article]:
    query = select(advice_articles).order_by(advice_articles.c.created_at.desc()).limit(limit)
    if topic:
        query = query.where(advice_articles.c.topic == topic)
    if age is not None:
        query = query.where(advice_articles.c.age_min <= age, advice_articles.c.age_max >= age)
    return [_article(row) for row in await session.execute(query)]


async def get_article(session: AsyncSession, article_id: UUID) -> Article | None:
    row = (
        await session.execute(select(advice_articles).where(advice_articles.c.id == article_id))
    ).first()
    return _article(row) if row else None
