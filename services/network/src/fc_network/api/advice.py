"""HTTP routes of advice articles by topic and child age: written by organisers, read by
anyone."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from fc_network.api.directory_schemas import Advice, AdviceCreated, AdviceIn
from fc_network.domain.advice import AdviceText, ShownArticle
from fc_network.use_cases import advice
from fc_shared.auth import OrganiserOrAdmin
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["advice"])

Lang = Annotated[str, Query(pattern=r"^[a-z]{2,3}$")]


@router.post("/advice", status_code=201, response_model=AdviceCreated)
async def write_advice(body: AdviceIn, _: OrganiserOrAdmin, context: Context) -> AdviceCreated:
    """An organiser (or an admin) writes an article on a directory topic for an age range,
    in Swedish and Finnish at least."""
    texts = {
        language: AdviceText(title=text.title, body=text.body)
        for language, text in body.texts.items()
    }
    async with context.transaction() as session:
        article_id = await advice.write_article(
            session, topic=body.topic, age_min=body.age_min, age_max=body.age_max, texts=texts
        )
    return AdviceCreated(id=article_id)


@router.get("/advice", response_model=list[Advice])
async def read_advice(
    context: Context,
    topic: str | None = None,
    age: Annotated[int | None, Query(ge=0, le=17)] = None,
    lang: Lang = "sv",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[Advice]:
    """Articles on the topic for the child's age, newest first, each in `lang` when it has
    a text in it. Public."""
    async with context.sessions() as session:
        found = await advice.find_articles(
            session, topic=topic, age=age, language=lang, limit=limit
        )
    return [answer(article) for article in found]


@router.get("/advice/{article_id}", response_model=Advice)
async def read_article(article_id: UUID, context: Context, lang: Lang = "sv") -> Advice:
    """One article, in `lang` when it has a text in it. Public, like the list."""
    async with context.sessions() as session:
        article = await advice.read_article(session, article_id=article_id, language=lang)
    return answer(article)


def answer(article: ShownArticle) -> Advice:
    return Advice(
        id=article.id,
        topic=article.topic,
        age_min=article.age_min,
        age_max=article.age_max,
        language=article.language,
        title=article.title,
        body=article.body,
    )
