"""Over HTTP: authors edit a form's draft definition and publish it as a new version, which
never changes after (a family's draft stays on the version it was started on); a
definition that cannot be rendered or checked is refused."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

from familjecentret.testing import Stack
from familjecentret.testing.broker import read_topic
from fc_shared.devkeys import mint_token
from fc_shared.events import FormDefinitionPublished, FormSubmitted


def t(sv: str, fi: str = "", en: str = "") -> dict[str, str]:
    return {"sv": sv, "fi": fi or sv + " (fi)", "en": en or sv + " (en)"}


def question_form(**extra_field: Any) -> dict[str, Any]:
    """A small form: a yes/no question, and a text shown only when it is answered yes."""
    return {
        "titles": t("Frågor"),
        "pages": [
            {
                "id": "main",
                "titles": t("Sidan"),
                "fields": [
                    {"name": "has_pet", "type": "yes_no", "required": True, "label": t("Djur?")},
                    {
                        "name": "pet_name",
                        "type": "text",
                        "max_length": 20,
                        "label": t("Namn"),
                        "visible_when": {"field": "has_pet", "equals": True},
                        **extra_field,
                    },
                ],
            }
        ],
    }


async def put_draft(
    stack: Stack, form_type: str, body: dict[str, Any], role: str = "organiser"
) -> Any:
    return await stack.client.put(
        stack.url("forms", f"/v1/form-definitions/{form_type}/draft"),
        json=body,
        headers=stack.auth(role),
    )


async def publish(stack: Stack, form_type: str, role: str = "admin") -> Any:
    return await stack.client.post(
        stack.url("forms", f"/v1/form-definitions/{form_type}/publish"), headers=stack.auth(role)
    )


def new_form_type() -> str:
    return f"questions-{uuid4().hex[:8]}"


async def test_an_author_publishes_a_draft_as_the_next_version(stack: Stack) -> None:
    form_type = new_form_type()
    saved = await put_draft(stack, form_type, question_form())
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] is None
    read = await stack.client.get(
        stack.url("forms", f"/v1/form-definitions/{form_type}/draft"), headers=stack.auth("admin")
    )
    assert read.json()["pages"] == saved.json()["pages"]

    first = await publish(stack, form_type)
    assert first.status_code == 201, first.text
    assert first.json()["version"] == 1
    assert first.json()["allOf"][0]["else"] == {"not": {"required": ["pet_name"]}}

    await put_draft(stack, form_type, question_form(max_length=5))
    second = await publish(stack, form_type, role="organiser")
    assert second.json()["version"] == 2

    async def get(path: str) -> Any:
        return (await stack.client.get(stack.url("forms", path))).json()

    assert (await get(f"/v1/forms/{form_type}"))["version"] == 2
    kept = await get(f"/v1/forms/{form_type}/versions/1")
    assert kept == first.json()  # a published version never changes
    assert kept["properties"]["pet_name"]["maxLength"] == 20
    listed = {form["form_type"]: form for form in await get("/v1/forms")}
    assert listed[form_type]["version"] == 2
    assert listed["contact-request"]["titles"]["fi"] == "Yhteydenottopyyntö"

    def published(records: list[Any]) -> list[dict[str, Any]]:
        events = [json.loads(record.value) for record in records]
        return [event for event in events if event["form_type"] == form_type]

    records = await read_topic(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic(FormDefinitionPublished.TOPIC),
        until=lambda records: len(published(records)) == 2,
    )
    assert [event["version"] for event in published(records)] == [1, 2]
    assert set(published(records)[0]) >= {"form_type", "version", "published_by"}
    assert "pages" not in published(records)[0]


async def test_publishing_is_refused_while_a_swedish_or_finnish_text_is_missing(
    stack: Stack,
) -> None:
    form_type = new_form_type()
    form = question_form()
    form["titles"] = {"sv": "Frågor", "en": "Questions"}
    form["pages"][0]["fields"][1]["label"] = {"sv": "", "fi": "Nimi"}
    assert (await put_draft(stack, form_type, form)).status_code == 200

    refused = await publish(stack, form_type)

    assert refused.status_code == 422
    assert refused.json()["code"] == "translation_missing"
    assert refused.json()["paths"] == ["titles/fi", "pages/0/fields/1/label/sv"]
    unknown = await stack.client.get(stack.url("forms", f"/v1/forms/{form_type}"))
    assert unknown.status_code == 404  # nothing was published


async def test_a_definition_that_cannot_be_checked_is_refused_with_every_problem(
    stack: Stack,
) -> None:
    form = question_form()
    fields = form["pages"][0]["fields"]
    fields.append({"name": "has_pet", "type": "hologram", "label": t("Igen")})
    fields.append(
        {
            "name": "colour",
            "type": "text",
            "label": t("Färg"),
            "visible_when": {"field": "x", "equals": 1},
        }
    )
    fields.append({"name": "kind", "type": "single_choice", "label": t("Sort")})

    refused = await put_draft(stack, new_form_type(), form)

    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "invalid_definition"
    assert [(e["path"], e["code"]) for e in refused.json()["errors"]] == [
        ("pages/0/fields/2/name", "duplicate_field_name"),
        ("pages/0/fields/2/type", "unknown_field_type"),
        ("pages/0/fields/3/visible_when", "unknown_condition_field"),
        ("pages/0/fields/4/options", "options_missing"),
    ]


async def test_a_pattern_that_is_no_regular_expression_is_an_invalid_json_schema(
    stack: Stack,
) -> None:
    form_type = new_form_type()
    refused = await put_draft(stack, form_type, question_form(pattern="[unclosed"))

    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_definition"
    assert [e["code"] for e in refused.json()["errors"]] == ["invalid_json_schema"]
    draft = await stack.client.get(
        stack.url("forms", f"/v1/form-definitions/{form_type}/draft"), headers=stack.auth("admin")
    )
    assert draft.status_code == 404  # nothing was kept


async def test_only_authors_edit_and_publish_definitions(stack: Stack) -> None:
    for role in ("guardian", "professional", "coordinator"):
        assert (await put_draft(stack, new_form_type(), question_form(), role)).status_code == 403
        assert (await publish(stack, "contact-request", role)).status_code == 403


async def test_an_unknown_version_is_404_with_its_own_code(stack: Stack) -> None:
    response = await stack.client.get(stack.url("forms", "/v1/forms/contact-request/versions/99"))

    assert response.status_code == 404
    assert response.json()["code"] == "unknown_form_version"


async def test_the_built_in_forms_are_loaded_once(stack: Stack) -> None:
    from familjecentret.operations import seed_reference_data

    await seed_reference_data(stack.settings, ["forms"])  # a second time: nothing changes
    forms = (await stack.client.get(stack.url("forms", "/v1/forms"))).json()
    built_in = [form for form in forms if not form["form_type"].startswith("questions-")]
    assert [(form["form_type"], form["version"]) for form in built_in] == [
        ("child-health-questionnaire", 1),
        ("contact-request", 1),
        ("feedback", 1),
        ("group-activity-registration", 1),
        ("network-consent", 1),
    ]


def family(stack: Stack) -> dict[str, str]:
    token = mint_token(stack.settings, subject=uuid4(), roles=["guardian"])
    return {"Authorization": f"Bearer {token}"}


async def submit(stack: Stack, headers: dict[str, str], form_type: str, answers: Any) -> Any:
    body = {"form_type": form_type, "municipality_code": "905", "answers": answers}
    return await stack.client.post(
        stack.url("forms", "/v1/submissions"), json=body, headers=headers
    )


async def test_a_draft_started_on_v1_stays_valid_on_v1_after_v2_is_published(stack: Stack) -> None:
    form_type = new_form_type()
    await put_draft(stack, form_type, question_form())
    assert (await publish(stack, form_type)).json()["version"] == 1
    headers = family(stack)
    url = stack.url("forms", f"/v1/drafts/{form_type}")
    started = await stack.client.put(url, json={"answers": {"has_pet": True}}, headers=headers)
    assert started.status_code == 200, started.text
    assert started.json()["form_version"] == 1

    # v2 allows only five letters for the pet's name.
    await put_draft(stack, form_type, question_form(max_length=5))
    assert (await publish(stack, form_type)).json()["version"] == 2
    answers = {"has_pet": True, "pet_name": "Fluffington"}
    resumed = await stack.client.put(url, json={"answers": answers}, headers=headers)
    assert resumed.json()["form_version"] == 1
    assert resumed.json()["definition_url"] == f"/v1/forms/{form_type}/versions/1"
    assert (await stack.client.get(url, headers=headers)).json()["answers"] == answers

    # Someone without a draft is checked against v2, where the name is too long.
    fresh = await submit(stack, family(stack), form_type, answers)
    assert [e["path"] for e in fresh.json()["errors"]] == ["pet_name"]

    sent = await submit(stack, headers, form_type, answers)
    assert sent.status_code == 201, sent.text
    assert sent.json()["form_version"] == 1
    assert (await stack.client.get(url, headers=headers)).status_code == 404  # submitted
    records = await read_topic(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic(FormSubmitted.TOPIC),
        until=lambda records: any(sent.json()["id"] in str(r.value) for r in records),
    )
    (event,) = [json.loads(r.value) for r in records if sent.json()["id"] in str(r.value)]
    assert event["form_version"] == 1
