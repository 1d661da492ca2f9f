"""Advice articles by topic and child age, answered in the reader's language."""

from __future__ import annotations

from uuid import uuid4

from familjecentret.testing import Stack


async def test_advice_is_found_by_topic_and_age_in_the_readers_language(stack: Stack) -> None:
    marker = uuid4().hex[:8]
    written = await stack.client.post(
        stack.url("network", "/v1/advice"),
        headers=stack.auth("organiser"),
        json={
            "topic": "upbringing",
            "age_min": 2,
            "age_max": 4,
            "texts": {
                "sv": {"title": f"Trotsåldern {marker}", "body": "Så stöder du ditt barn."},
                "fi": {"title": f"Uhmaikä {marker}", "body": "Näin tuet lastasi."},
            },
        },
    )
    assert written.status_code == 201, written.text

    async def titles(**params: str | int) -> list[str]:
        response = await stack.client.get(stack.url("network", "/v1/advice"), params=params)
        return [a["title"] for a in response.json() if marker in a["title"]]

    assert await titles(topic="upbringing", age=3, lang="fi") == [f"Uhmaikä {marker}"]
    assert await titles(topic="upbringing", age=3, lang="en") == [f"Trotsåldern {marker}"]
    assert await titles(topic="upbringing", age=9) == []
    assert await titles(topic="leisure", age=3) == []


async def test_advice_needs_both_national_languages_and_an_organiser(stack: Stack) -> None:
    one_language = await stack.client.post(
        stack.url("network", "/v1/advice"),
        headers=stack.auth("organiser"),
        json={
            "topic": "parenting",
            "age_min": 0,
            "age_max": 1,
            "texts": {"sv": {"title": "Sömn", "body": "Om sömn."}},
        },
    )
    by_guardian = await stack.client.post(
        stack.url("network", "/v1/advice"),
        headers=stack.auth("guardian"),
        json={
            "topic": "parenting",
            "age_min": 0,
            "age_max": 1,
            "texts": {
                "sv": {"title": "Sömn", "body": "Om sömn."},
                "fi": {"title": "Uni", "body": "Unesta."},
            },
        },
    )

    assert (one_language.status_code, one_language.json()["title"]) == (422, "Texts missing")
    assert by_guardian.status_code == 403
