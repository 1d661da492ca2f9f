"""Advice articles by topic and child age: written by organisers, read by anyone, in the
reader's language when there is a text in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from fc_network.domain.directory import check_publishable, check_service, pick_text
from fc_shared.refusals import Refused, not_found


@dataclass(frozen=True, slots=True, kw_only=True)
class AdviceText:
    title: str
    body: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    id: UUID
    topic: str
    age_min: int
    age_max: int
    texts: dict[str, AdviceText]
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ShownArticle:
    """An article in one language."""

    id: UUID
    topic: str
    age_min: int
    age_max: int
    language: str
    title: str
    body: str


def check_article(*, topic: str, age_min: int, age_max: int, languages: set[str]) -> None:
    """An article's topic and ages are the directory's; like a service, it is in Swedish and
    Finnish at least."""
    check_service(age_min=age_min, age_max=age_max, topics=[topic])
    check_publishable(languages)


def shown(article: Article, wanted: str) -> ShownArticle:
    language, text = pick_text(article.texts, wanted)
    return ShownArticle(
        id=article.id,
        topic=article.topic,
        age_min=article.age_min,
        age_max=article.age_max,
        language=language,
        title=text.title,
        body=text.body,
    )


def no_such_article() -> Refused:
    return not_found("no_such_article", "No such advice article.")
