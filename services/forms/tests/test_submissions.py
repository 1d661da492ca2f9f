"""Over HTTP: a family submits a form and reads its own submission back; the forms API
answers refusals as problem+json with a stable code."""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

from familjecentret.testing import Stack
from fc_forms.domain.forms import built_in
from fc_forms.domain.schema import json_schema

ANSWERS = {"topic": "leisure", "preferred_contact": "in_app", "message": "Hej"}
CONTACT = {"form_type": "contact-request", "municipality_code": "905", "answers": ANSWERS}


async def submit(stack: Stack, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return await stack.client.post(
        stack.url("forms", "/v1/submissions"), json=body, headers=headers
    )


async def test_a_form_definition_is_its_json_schema(stack: Stack) -> None:
    response = await stack.client.get(stack.url("forms", "/v1/forms/contact-request"))

    assert response.status_code == 200
    schema = json_schema(built_in("contact-request").content)
    # The JSON Schema's keys at the top level, as before the definitions had versions,
    # beside the version and the pages a frontend renders the form from.
    assert {key: response.json()[key] for key in schema} == schema
    assert response.json()["version"] == 1
    assert [page["id"] for page in response.json()["pages"]] == ["question", "contact"]


async def test_the_forms_there_are_are_listed_each_with_its_definition(stack: Stack) -> None:
    response = await stack.client.get(stack.url("forms", "/v1/forms"))
    assert response.status_code == 200, response.text
    listed = {form["form_type"]: form["definition_url"] for form in response.json()}
    assert listed["contact-request"] == "/v1/forms/contact-request"
    for url in listed.values():
        assert (await stack.client.get(stack.url("forms", url))).status_code == 200


async def test_an_unknown_form_is_404_with_a_stable_code(stack: Stack) -> None:
    response = await stack.client.get(stack.url("forms", "/v1/forms/birthday-card"))

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert (response.json()["title"], response.json()["code"]) == ("Unknown form", "unknown_form")


async def test_a_typo_in_the_submission_is_422_naming_the_field(stack: Stack) -> None:
    # `langauge` must not be dropped silently while the default language applies.
    response = await submit(stack, stack.auth("guardian"), {**CONTACT, "langauge": "fi"})

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert ["body", "langauge"] in [error["loc"] for error in response.json()["errors"]]


async def test_answers_that_do_not_match_the_form_are_422_listing_them(stack: Stack) -> None:
    body = {**CONTACT, "answers": {**ANSWERS, "topic": "weather"}}

    response = await submit(stack, stack.auth("guardian"), body)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_answers"
    assert [error["loc"] for error in response.json()["errors"]] == [["topic"]]
    assert [error["path"] for error in response.json()["errors"]] == ["topic"]


async def test_a_family_reads_its_own_submission_and_nobody_elses(stack: Stack) -> None:
    family = stack.auth("guardian")
    created = await submit(stack, family, CONTACT)
    assert created.status_code == 201, created.text
    url = stack.url("forms", f"/v1/submissions/{created.json()['id']}")

    own = await stack.client.get(url, headers=family)
    other = await stack.client.get(url, headers=stack.auth("guardian"))

    assert own.json() == created.json()
    assert own.json()["status"] == "submitted"
    assert own.json()["form_version"] == 1
    assert re.fullmatch(r"FC-20\d\d-\d{6}", own.json()["receipt_number"])
    assert other.status_code == 404
    assert other.json()["code"] == "submission_not_found"


async def test_a_repeated_submission_with_its_idempotency_key_is_submitted_once(
    stack: Stack,
) -> None:
    family = {**stack.auth("youth"), "Idempotency-Key": str(uuid4())}

    first = await submit(stack, family, CONTACT)
    again = await submit(stack, family, CONTACT)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
