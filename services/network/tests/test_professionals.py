"""Professionals and the Let's Talk about Children training counted against its target."""

from __future__ import annotations

import json
from uuid import uuid4

from familjecentret.testing import Record, Stack, read_topic
from fc_shared.events import ProfessionalTrained


async def test_a_training_counts_once_against_the_yearly_target_of_48(stack: Stack) -> None:
    admin = stack.auth("admin")
    organisation = await stack.client.post(
        stack.url("network", "/v1/organisations"),
        json={"name": "Vasa församling", "sector": "parish"},
        headers=admin,
    )
    subject = uuid4()
    registered = await stack.client.post(
        stack.url("network", "/v1/professionals"),
        headers=admin,
        json={
            "subject": str(subject),
            "organisation_id": organisation.json()["id"],
            "role": "deacon",
            "languages": ["sv", "fi"],
            "municipalities": ["905"],
        },
    )
    assert registered.status_code == 201, registered.text
    progress_url = stack.url("network", "/v1/trainings/lets_talk_about_children/progress")
    before = (await stack.client.get(progress_url, params={"year": 2026})).json()

    answers = [
        (
            await stack.client.post(
                stack.url("network", f"/v1/professionals/{subject}/trainings"),
                headers=admin,
                json={"course": "lets_talk_about_children", "completed_on": "2026-10-15"},
            )
        ).json()
        for _ in range(2)
    ]
    after = (await stack.client.get(progress_url, params={"year": 2026})).json()

    assert answers == [{"recorded": True}, {"recorded": False}]
    assert after["target"] == 48
    assert after["completed"] == before["completed"] + 1

    def mine(records: list[Record]) -> list[Record]:
        return [r for r in records if json.loads(r.value)["professional"] == str(subject)]

    events = mine(
        await read_topic(
            stack.settings.kafka_bootstrap_servers,
            stack.settings.topic(ProfessionalTrained.TOPIC),
            until=lambda records: bool(mine(records)),
        )
    )
    assert len(events) == 1


async def test_unknown_courses_and_municipalities_are_refused(stack: Stack) -> None:
    admin = stack.auth("admin")
    unknown_course = await stack.client.get(
        stack.url("network", "/v1/trainings/knitting/progress"), params={"year": 2026}
    )
    organisation = await stack.client.post(
        stack.url("network", "/v1/organisations"),
        json={"name": "Polisen", "sector": "police"},
        headers=admin,
    )
    unknown_place = await stack.client.post(
        stack.url("network", "/v1/professionals"),
        headers=admin,
        json={
            "subject": str(uuid4()),
            "organisation_id": organisation.json()["id"],
            "role": "officer",
            "languages": ["sv"],
            "municipalities": ["091"],
        },
    )

    assert (unknown_course.status_code, unknown_course.json()["title"]) == (422, "Unknown course")
    assert (unknown_place.status_code, unknown_place.json()["title"]) == (
        422,
        "Unknown municipality",
    )
