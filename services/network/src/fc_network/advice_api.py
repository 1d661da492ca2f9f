"""Advice articles by topic and child age: written by organisers, read by anyone."""

from __future__ import annotations

from typing import Annotated
from uuid import uuid4

from fastapi import APIRouter, Depends, Query

from fc_network import directory_store as store
from fc_network import domain
from fc_network.schemas import Advice, AdviceIn, AdviceText
from fc_shared.auth import Principal, Role, require_role
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["advice"])

Organiser = Annotated[Principal, Depends(require_role(Role.ORGANISER, Role.ADMIN))]


@router.post("/advice", status_code=201)
async def write_advice(body: AdviceIn, _: Organiser, context: Context) -> dict[str, str]:
    domain.check_service(age_min=body.age_min, age_max=body.age_max, topics=[body.topic])
    domain.check_publishable(set(body.texts))
    article_id = uuid4()
    async with context.transaction() as session:
        await store.insert_advice(
            session,
            {
                "id": article_id,
                "topic": body.topic,
                "age_min": body.age_min,
                "age_max": body.age_max,
                "texts": {language: text.model_dump() for language, text in body.texts.items()},
            },
        )
    return {"id": str(article_id)}


@router.get("/advice")
async def read_advice(
    context: Context,
    topic: str | None = None,
    age: Annotated[int | None, Query(ge=0, le=17)] = None,
    lang: Annotated[str, Query(pattern=r"^[a-z]{2,3}$")] = "sv",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[Advice]:
    async with context.sessions() as session:
        rows = await store.find_advice(session, topic=topic, age=age, limit=limit)
    articles = []
    for row in rows:
        language, text = domain.pick_text(row["texts"], lang)
        shown = AdviceText(**text)
        articles.append(
            Advice(
                id=row["id"],
                topic=row["topic"],
                age_min=row["age_min"],
                age_max=row["age_max"],
                language=language,
                title=shown.title,
                body=shown.body,
            )
        )
    return articles
