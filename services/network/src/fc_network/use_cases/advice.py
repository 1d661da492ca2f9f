"""Advice articles: written by organisers, read by anyone."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain import advice
from fc_network.domain.advice import AdviceText, ShownArticle
from fc_network.store import advice as store


async def write_article(
    session: AsyncSession, *, topic: str, age_min: int, age_max: int, texts: dict[str, AdviceText]
) -> UUID:
    advice.check_article(topic=topic, age_min=age_min, age_max=age_max, languages=set(texts))
    article_id = uuid4()
    await store.insert_article(
        session, article_id=article_id, topic=topic, age_min=age_min, age_max=age_max, texts=texts
    )
    return article_id


async def find_articles(
    session: AsyncSession, *, topic: str | None, age: int | None, language: str, limit: int
) -> list[ShownArticle]:
    found = await store.find_articles(session, topic=topic, age=age, limit=limit)
    return [advice.shown(article, language) for article in found]


async def read_article(session: AsyncSession, *, article_id: UUID, language: str) -> ShownArticle:
    article = await store.get_article(session, article_id)
    if article is None:
        raise advice.no_such_article()
    return advice.shown(article, language)
