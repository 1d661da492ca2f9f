"""The reads a frontend needs: the caller's own cases and referrals, a service and an
advice article by id; and a request naming a field nobody knows is refused, not ignored."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import Stack, family_with_referral_consent, open_case_for


async def a_family(stack: Stack, guardian: UUID) -> str:
    response = await stack.client.post(
        stack.url("network", "/v1/families"),
        json={
            "guardians": [{"name": "Anna"}],
            "children": [{"name": "Elsa", "birth_date": "2022-05-01"}],
        },
        headers=stack.auth("guardian", subject=guardian),
    )
    assert response.status_code == 201, response.text
    family_id: str = response.json()["id"]
    return family_id


async def access_log(stack: Stack, family_id: str, guardian: UUID) -> list[dict[str, Any]]:
    response = await stack.client.get(
        stack.url("network", f"/v1/families/{family_id}/access-log"),
        headers=stack.auth("guardian", subject=guardian),
    )
    entries: list[dict[str, Any]] = response.json()
    return entries


async def test_a_caller_finds_the_cases_the_model_lets_them_read(stack: Stack) -> None:
    guardian, responsible, consented, outsider = uuid4(), uuid4(), uuid4(), uuid4()
    family_id = await a_family(stack, guardian)
    case = await open_case_for(stack, family_id, guardian=guardian, professional=responsible)
    consent = await stack.client.post(
        stack.url("network", f"/v1/cases/{case['id']}/consents"),
        json={"member": str(consented)},
        headers=stack.auth("guardian", subject=guardian),
    )
    assert consent.status_code == 201, consent.text

    async def cases_of(*roles: str, subject: UUID) -> list[str]:
        response = await stack.client.get(
            stack.url("network", "/v1/cases"), headers=stack.auth(*roles, subject=subject)
        )
        assert response.status_code == 200, response.text
        return [found["id"] for found in response.json()]

    assert await cases_of("guardian", subject=guardian) == [case["id"]]
    assert await cases_of("professional", subject=responsible) == [case["id"]]
    assert await cases_of("professional", subject=consented) == [case["id"]]
    assert await cases_of("professional", subject=outsider) == []
    assert await cases_of("coordinator", subject=responsible) == []  # not as a professional
    logged = [
        (e["actor"], e["action"], e["purpose"])
        for e in await access_log(stack, family_id, guardian)
    ]
    assert (str(consented), "read_case", "own cases") in logged
    assert (str(guardian), "read_case", "own cases") in logged


async def test_a_caller_finds_the_referrals_they_made_received_or_their_family_got(
    stack: Stack,
) -> None:
    referrer, receiver, outsider = uuid4(), uuid4(), uuid4()
    guardian = uuid4()
    family_id = await a_family(stack, guardian)
    case = await open_case_for(stack, family_id, guardian=guardian, professional=referrer)
    consent = await stack.client.post(
        stack.url("network", f"/v1/cases/{case['id']}/consents"),
        json={"member": str(referrer), "scope": "referral"},
        headers=stack.auth("guardian", subject=guardian),
    )
    assert consent.status_code == 201, consent.text
    made = await stack.client.post(
        stack.url("network", "/v1/referrals"),
        json={"family_id": family_id, "referred_to": str(receiver), "reason_category": "leisure"},
        headers=stack.auth("professional", subject=referrer),
    )
    assert made.status_code == 201, made.text

    async def referrals_of(role: str, subject: UUID) -> list[str]:
        response = await stack.client.get(
            stack.url("network", "/v1/referrals"), headers=stack.auth(role, subject=subject)
        )
        assert response.status_code == 200, response.text
        return [found["id"] for found in response.json()]

    assert await referrals_of("professional", referrer) == [made.json()["id"]]
    assert await referrals_of("professional", receiver) == [made.json()["id"]]
    assert await referrals_of("professional", outsider) == []
    assert await referrals_of("guardian", guardian) == [made.json()["id"]]
    assert await referrals_of("guardian", outsider) == []
    logged = [(e["actor"], e["action"]) for e in await access_log(stack, family_id, guardian)]
    assert (str(guardian), "read_referrals") in logged


async def test_a_published_service_and_an_advice_article_are_read_by_id(stack: Stack) -> None:
    admin = stack.auth("admin")
    organisation = await stack.client.post(
        stack.url("network", "/v1/organisations"),
        json={"name": "Vasa församling", "sector": "parish"},
        headers=admin,
    )
    texts = {
        "sv": {"name": "Babycafé", "description": "Vi träffas på tisdagar."},
        "fi": {"name": "Vauvakahvila", "description": "Tapaamme tiistaisin."},
    }
    service = await stack.client.post(
        stack.url("network", "/v1/services"),
        json={
            "organisation_id": organisation.json()["id"],
            "age_min": 0,
            "age_max": 1,
            "languages": ["sv", "fi"],
            "texts": texts,
        },
        headers=admin,
    )
    service_url = stack.url("network", f"/v1/services/{service.json()['id']}")
    draft = await stack.client.get(service_url)
    await stack.client.post(f"{service_url}/publish", headers=admin)
    published = await stack.client.get(service_url, params={"lang": "fi"})
    article = await stack.client.post(
        stack.url("network", "/v1/advice"),
        json={
            "topic": "parenting",
            "age_min": 0,
            "age_max": 1,
            "texts": {
                "sv": {"title": "Sömn", "body": "Om sömn."},
                "fi": {"title": "Uni", "body": "Unesta."},
            },
        },
        headers=stack.auth("organiser"),
    )
    read = await stack.client.get(stack.url("network", f"/v1/advice/{article.json()['id']}"))
    missing = await stack.client.get(stack.url("network", f"/v1/advice/{uuid4()}"))

    assert draft.status_code == 404  # a draft is nobody's to read yet
    assert published.status_code == 200, published.text
    assert (published.json()["name"], published.json()["language"]) == ("Vauvakahvila", "fi")
    assert read.status_code == 200, read.text
    assert (read.json()["title"], read.json()["language"]) == ("Sömn", "sv")
    assert (missing.status_code, missing.json()["code"]) == (404, "no_such_article")


async def test_a_misspelt_field_in_a_referral_is_refused_by_name(stack: Stack) -> None:
    referrer = uuid4()
    family_id = await family_with_referral_consent(stack, referrer)

    response = await stack.client.post(
        stack.url("network", "/v1/referrals"),
        json={
            "family_id": family_id,
            "referred_to": str(uuid4()),
            "reason_category": "leisure",
            "urgncy": "urgent",
        },
        headers=stack.auth("professional", subject=referrer),
    )

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert any(error["loc"][-1] == "urgncy" for error in response.json()["errors"])
