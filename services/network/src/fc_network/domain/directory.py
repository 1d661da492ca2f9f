"""The public service directory: organisations and the services they offer, drafted by
their staff and published, in Swedish and Finnish at least, by their organiser."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from fc_shared.refusals import Refused, invalid, not_found

T = TypeVar("T")

SECTORS = frozenset(
    {
        "wellbeing_county",
        "child_health_clinic",
        "early_childhood_education",
        "school",
        "youth_and_leisure",
        "ngo",
        "parish",
        "police",
        "other",
    }
)

TOPICS = frozenset(
    {
        "parenting",
        "couple_relationship",
        "upbringing",
        "integration_and_language",
        "peer_support",
        "substance_use_prevention",
        "violence_and_bullying_prevention",
        "mental_wellbeing",
        "leisure",
    }
)

# The region is bilingual: a service is published only when both texts exist.
REQUIRED_LANGUAGES = ("sv", "fi")
# Whom to answer in when the caller's language has no text.
FALLBACK_ORDER = ("sv", "fi", "en")


class ServiceStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


@dataclass(frozen=True, slots=True, kw_only=True)
class Organisation:
    id: UUID
    name: str
    sector: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceText:
    name: str
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NewService:
    """A service as its staff drafts it."""

    organisation_id: UUID
    municipality_code: str | None
    digital: bool
    age_min: int
    age_max: int
    free_of_charge: bool
    languages: list[str]
    topics: list[str]
    contact: str | None
    opening_hours: str | None
    texts: dict[str, ServiceText]


@dataclass(frozen=True, slots=True, kw_only=True)
class Service:
    """A service as stored (its texts apart)."""

    id: UUID
    organisation_id: UUID
    municipality_code: str | None
    digital: bool
    age_min: int
    age_max: int
    free_of_charge: bool
    languages: list[str]
    topics: list[str]
    contact: str | None
    opening_hours: str | None
    status: ServiceStatus
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ShownService:
    """A published service with its text in one language, as the directory shows it."""

    service: Service
    language: str
    text: ServiceText


def no_such_service() -> Refused:
    return not_found("no_such_service", "No such service.")


def unknown_organisation() -> Refused:
    return invalid("unknown_organisation", "Unknown organisation", "No organisation has this id.")


def check_sector(sector: str) -> None:
    if sector not in SECTORS:
        raise invalid(
            "unknown_sector", "Unknown sector", f"Use one of: {', '.join(sorted(SECTORS))}."
        )


def check_service(*, age_min: int, age_max: int, topics: list[str]) -> None:
    if age_min > age_max:
        raise invalid(
            "age_range_upside_down",
            "Age range upside down",
            f"The youngest age ({age_min}) is above the oldest ({age_max}).",
        )
    unknown = sorted(set(topics) - TOPICS)
    if unknown:
        raise invalid("unknown_topic", "Unknown topic", f"Unknown topics: {', '.join(unknown)}.")


def check_publishable(languages_with_text: set[str]) -> None:
    missing = [language for language in REQUIRED_LANGUAGES if language not in languages_with_text]
    if missing:
        raise invalid(
            "texts_missing",
            "Texts missing",
            "A service is published only with both Swedish and Finnish texts; "
            f"missing: {', '.join(missing)}.",
        )


def pick_text(texts: dict[str, T], wanted: str) -> tuple[str, T]:
    """The text in the caller's language, else the first of the fallback order that exists."""
    for language in (wanted, *FALLBACK_ORDER):
        if language in texts:
            return language, texts[language]
    language = sorted(texts)[0]
    return language, texts[language]


def shown(service: Service, texts: dict[str, ServiceText], wanted: str) -> ShownService:
    language, text = pick_text(texts, wanted)
    return ShownService(service=service, language=language, text=text)
