"""Österbotten's chat queues as the county starts with them: family counselling and the
child-health clinic for guardians (identified), and a youth chat that takes anonymous
youths, each in Swedish and in Finnish. Loaded by `familjecentret seed` and `make up` where
a queue of that code is missing; an admin's later changes (PUT /v1/chat/queues/{code}) are
never overwritten. Office hours are a starting point for the county to set."""

from __future__ import annotations

from datetime import time
from uuid import NAMESPACE_URL, uuid5

from fc_chat.domain.queues import Audience, HelpNumber, Queue, Window

_WEEKDAYS = range(5)
HELP_NUMBERS = {
    "sv": (
        HelpNumber({"sv": "Nödnumret", "fi": "Hätänumero", "en": "Emergency"}, "112"),
        HelpNumber({"sv": "Kristelefonen", "fi": "Kriisipuhelin (ruotsiksi)"}, "09 2525 0112"),
        HelpNumber({"sv": "Hälsorådgivning dygnet runt", "fi": "Päivystysapu"}, "116 117"),
    ),
    "fi": (
        HelpNumber({"sv": "Nödnumret", "fi": "Hätänumero", "en": "Emergency"}, "112"),
        HelpNumber({"sv": "Kristelefonen (på finska)", "fi": "Kriisipuhelin"}, "09 2525 0111"),
        HelpNumber({"sv": "Hälsorådgivning dygnet runt", "fi": "Päivystysapu"}, "116 117"),
    ),
}
AWAY = {
    "sv": "Chatten är stängd eller full just nu. Försök igen under öppettiderna. "
    "Är det bråttom, ring numren nedan.",
    "fi": "Chat on nyt suljettu tai täynnä. Yritä uudelleen aukioloaikana. "
    "Jos asia on kiireellinen, soita alla oleviin numeroihin.",
    "en": "The chat is closed or full right now. Please try again during its opening hours. "
    "If it is urgent, call the numbers below.",
}


def _queue(
    code: str,
    names: dict[str, str],
    language: str,
    *,
    audience: Audience,
    anonymous: bool,
    topics: tuple[str, ...],
    hours: tuple[Window, ...],
) -> Queue:
    return Queue(
        id=uuid5(NAMESPACE_URL, f"familjecentret:chat-queue:{code}"),
        code=code,
        names=names,
        language=language,
        municipality_code=None,
        audience=audience,
        allows_anonymous=anonymous,
        topics=topics,
        hours=hours,
        closed_on_public_holidays=True,
        default_limit=3,
        max_wait_minutes=45,
        visitor_gone_seconds=180,
        away_messages=AWAY,
        help_numbers=HELP_NUMBERS[language],
        retention_days=365,
    )


def _weekdays(start: int, end: int) -> tuple[Window, ...]:
    return tuple(Window(day, time(start), time(end)) for day in _WEEKDAYS)


REFERENCE_QUEUES: tuple[Queue, ...] = tuple(
    queue
    for language in ("sv", "fi")
    for queue in (
        _queue(
            f"family-counselling-{language}",
            {
                "sv": "Familjerådgivningens chatt",
                "fi": "Perheneuvolan chat",
                "en": "Family counselling chat",
            },
            language,
            audience=Audience.FAMILY,
            anonymous=False,
            topics=("parenting", "couple-relationship", "upbringing"),
            hours=_weekdays(9, 15),
        ),
        _queue(
            f"child-health-{language}",
            {"sv": "Rådgivningens chatt", "fi": "Neuvolan chat", "en": "Child-health clinic chat"},
            language,
            audience=Audience.FAMILY,
            anonymous=False,
            topics=("child-health", "pregnancy"),
            hours=_weekdays(12, 15),
        ),
        _queue(
            f"youth-chat-{language}",
            {"sv": "Ungdomschatten", "fi": "Nuorten chat", "en": "Youth chat"},
            language,
            audience=Audience.YOUTH,
            anonymous=True,
            topics=("wellbeing", "bullying", "substance-use", "violence"),
            hours=_weekdays(14, 20),
        ),
    )
)
