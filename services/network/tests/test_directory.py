"""The public service directory over HTTP: bilingual publishing, search, fallback, events."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

import pytest

from familjecentret.testing import Record, Stack, read_topic
from fc_shared.events import ServicePublished


async def organisation(stack: Stack) -> str:
    response = await stack.client.post(
        stack.url("network", "/v1/organisations"),
        json={"name": "Österbottens välfärdsområde", "sector": "wellbeing_county"},
        headers=stack.auth("admin"),
    )
    assert response.status_code == 201, response.text
    organisation_id: str = response.json()["id"]
    return organisation_id


def peer_group(organisation_id: str, token: str, **changes: Any) -> dict[str, Any]:
    service: dict[str, Any] = {
        "organisation_id": organisation_id,
        "municipality_code": "905",
        "age_min": 0,
        "age_max": 6,
        "languages": ["sv", "fi"],
        "topics": ["peer_support", "parenting"],
        "texts": {
            "sv": {
                "name": "Kamratgrupp för småbarnsföräldrar",
                "description": f"Vi träffas varje vecka och delar erfarenheter. {token}",
            },
            "fi": {
                "name": "Vertaisryhmä pikkulasten vanhemmille",
                "description": f"Tapaamme viikoittain ja jaamme kokemuksia. {token}",
            },
        },
    }
    service.update(changes)
    return service


async def add_service(stack: Stack, service: dict[str, Any], *, publish: bool = True) -> str:
    # Drafting and publishing rights are tested in test_authorisation.py; here an admin.
    created = await stack.client.post(
        stack.url("network", "/v1/services"), json=service, headers=stack.auth("admin")
    )
    assert created.status_code == 201, created.text
    service_id: str = created.json()["id"]
    if publish:
        published = await stack.client.post(
            stack.url("network", f"/v1/services/{service_id}/publish"), headers=stack.auth("admin")
        )
        assert published.status_code == 200, published.text
    return service_id


async def search(stack: Stack, **params: Any) -> dict[str, Any]:
    response = await stack.client.get(stack.url("network", "/v1/directory/services"), params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def test_a_swedish_search_finds_the_swedish_text_by_its_stem(stack: Stack) -> None:
    token = f"t{uuid4().hex[:10]}"
    wanted = await add_service(stack, peer_group(await organisation(stack), token))

    page = await search(stack, q=f"kamratgrupper {token}", lang="sv")

    assert [item["id"] for item in page["items"]] == [wanted]
    assert page["items"][0]["language"] == "sv"
    assert page["items"][0]["name"] == "Kamratgrupp för småbarnsföräldrar"


async def test_a_finnish_search_answers_in_finnish(stack: Stack) -> None:
    token = f"t{uuid4().hex[:10]}"
    wanted = await add_service(stack, peer_group(await organisation(stack), token))

    page = await search(stack, q=f"vertaisryhmä {token}", lang="fi")

    assert [item["id"] for item in page["items"]] == [wanted]
    assert page["items"][0]["name"] == "Vertaisryhmä pikkulasten vanhemmille"


async def test_a_language_without_a_text_falls_back_to_swedish(stack: Stack) -> None:
    token = f"t{uuid4().hex[:10]}"
    await add_service(stack, peer_group(await organisation(stack), token))

    page = await search(stack, q=token, lang="en")

    assert page["items"][0]["language"] == "sv"


async def test_filters_and_pages(stack: Stack) -> None:
    token = f"t{uuid4().hex[:10]}"
    organisation_id = await organisation(stack)
    small = await add_service(stack, peer_group(organisation_id, token))
    youth = await add_service(
        stack, peer_group(organisation_id, token, age_min=13, age_max=17, topics=["leisure"])
    )

    assert [i["id"] for i in (await search(stack, q=token, age=15))["items"]] == [youth]
    assert [i["id"] for i in (await search(stack, q=token, topic="parenting"))["items"]] == [small]
    assert (await search(stack, q=token, municipality="545"))["items"] == []
    first = await search(stack, q=token, page_size=1)
    second = await search(stack, q=token, page_size=1, page=2)
    assert first["total"] == second["total"] == 2
    assert {first["items"][0]["id"], second["items"][0]["id"]} == {small, youth}


async def test_a_service_without_a_finnish_text_cannot_be_published(stack: Stack) -> None:
    token = f"t{uuid4().hex[:10]}"
    service = peer_group(await organisation(stack), token)
    del service["texts"]["fi"]
    service_id = await add_service(stack, service, publish=False)

    response = await stack.client.post(
        stack.url("network", f"/v1/services/{service_id}/publish"), headers=stack.auth("admin")
    )

    assert response.status_code == 422
    assert response.json()["title"] == "Texts missing"
    assert (await search(stack, q=token))["items"] == []


@pytest.mark.parametrize(
    ("changes", "title"),
    [
        ({"age_min": 12, "age_max": 3}, "Age range upside down"),
        ({"municipality_code": "091"}, "Unknown municipality"),
        ({"topics": ["astrology"]}, "Unknown topic"),
        ({"organisation_id": str(uuid4())}, "Unknown organisation"),
    ],
)
async def test_bad_services_are_refused_with_problem_json(
    stack: Stack, changes: dict[str, Any], title: str
) -> None:
    token = f"t{uuid4().hex[:10]}"
    service = peer_group(await organisation(stack), token)
    service.update(changes)

    response = await stack.client.post(
        stack.url("network", "/v1/services"), json=service, headers=stack.auth("admin")
    )

    assert (response.status_code, response.json()["title"]) == (422, title)
    assert response.headers["content-type"] == "application/problem+json"


async def test_publishing_twice_publishes_one_event_with_no_texts(stack: Stack) -> None:
    token = f"t{uuid4().hex[:10]}"
    service_id = await add_service(stack, peer_group(await organisation(stack), token))
    again = await stack.client.post(
        stack.url("network", f"/v1/services/{service_id}/publish"), headers=stack.auth("admin")
    )
    assert again.status_code == 200
    topic = stack.settings.topic(ServicePublished.TOPIC)

    def mine(records: list[Record]) -> list[Record]:
        return [r for r in records if json.loads(r.value)["service_id"] == service_id]

    records = mine(
        await read_topic(
            stack.settings.kafka_bootstrap_servers, topic, until=lambda records: bool(mine(records))
        )
    )

    assert len(records) == 1
    assert token.encode() not in records[0].value
    assert records[0].headers["ce_type"] == ServicePublished.TYPE


async def test_the_directory_exports_in_hsds_shape(stack: Stack) -> None:
    token = f"t{uuid4().hex[:10]}"
    organisation_id = await organisation(stack)
    published = await add_service(stack, peer_group(organisation_id, token))
    draft = await add_service(stack, peer_group(organisation_id, token), publish=False)

    response = await stack.client.get(
        stack.url("network", "/v1/directory/hsds"), params={"lang": "fi"}
    )

    assert response.status_code == 200
    export = response.json()
    ids = {service["id"] for service in export["services"]}
    assert published in ids
    assert draft not in ids
    service = next(s for s in export["services"] if s["id"] == published)
    assert service["organization_id"] == organisation_id
    assert service["name"] == "Vertaisryhmä pikkulasten vanhemmille"
    assert (service["minimum_age"], service["maximum_age"]) == (0, 6)
    assert service["service_areas"] == [{"name": "905", "extent_type": "municipality"}]
    assert organisation_id in {o["id"] for o in export["organizations"]}
