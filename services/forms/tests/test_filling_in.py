"""Over HTTP: a family saves a draft and resumes it on the version it started on; a
submission lists every wrong answer at once in the caller's language and keeps nothing;
a registration carries its hold to FormSubmitted; feedback may come without a token."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import Stack
from familjecentret.testing.broker import read_topic
from fc_shared.devkeys import mint_token
from fc_shared.events import FormSubmitted

FIVE_WRONG = {
    "topic": "weather",
    "message": "",
    "child_age_years": 30,
    "interpreter_language": "ar",
}


def family(stack: Stack, locale: str | None = "sv", subject: UUID | None = None) -> dict[str, str]:
    token = mint_token(
        stack.settings, subject=subject or uuid4(), roles=["guardian"], locale=locale
    )
    return {"Authorization": f"Bearer {token}"}


async def submit(
    stack: Stack, headers: dict[str, str], form_type: str, answers: Any, **more: Any
) -> Any:
    body = {"form_type": form_type, "municipality_code": "905", "answers": answers, **more}
    return await stack.client.post(
        stack.url("forms", "/v1/submissions"), json=body, headers=headers
    )


async def events_for(stack: Stack, submission_id: str) -> dict[str, Any]:
    def mine(records: list[Any]) -> list[dict[str, Any]]:
        events = [json.loads(record.value) for record in records]
        return [event for event in events if event["submission_id"] == submission_id]

    records = await read_topic(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic(FormSubmitted.TOPIC),
        until=lambda records: bool(mine(records)),
    )
    return mine(records)[0]


async def test_five_wrong_answers_are_five_errors_in_swedish_and_in_finnish(stack: Stack) -> None:
    messages = {}
    for locale in ("sv", "fi"):
        response = await submit(stack, family(stack, locale), "contact-request", FIVE_WRONG)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        errors = response.json()["errors"]
        # (The codes of a type's own checks are fields.py's; these two are the form's.)
        assert [e["path"] for e in errors] == [
            "topic",
            "message",
            "child_age_years",
            "preferred_contact",
            "interpreter_language",
        ]
        assert [e["code"] for e in errors][3:] == ["required", "hidden_field"]
        messages[locale] = [e["message"] for e in errors]
    assert messages["sv"][3] == "Svaret behövs."
    assert messages["fi"][3] == "Vastaus tarvitaan."
    assert all(sv != fi for sv, fi in zip(messages["sv"], messages["fi"], strict=True))


async def test_without_a_locale_in_the_token_the_errors_follow_accept_language(
    stack: Stack,
) -> None:
    headers = {**family(stack, None), "Accept-Language": "fi-FI,fi;q=0.9,en;q=0.5"}
    response = await submit(stack, headers, "contact-request", FIVE_WRONG)
    assert response.status_code == 422
    assert response.json()["errors"][3]["message"] == "Vastaus tarvitaan."
    with_locale = {**family(stack, "en"), "Accept-Language": "fi"}
    english = await submit(stack, with_locale, "contact-request", FIVE_WRONG)
    assert english.json()["errors"][3]["message"] != "Vastaus tarvitaan."  # the token wins


async def test_an_invalid_submission_keeps_nothing_not_even_the_draft(stack: Stack) -> None:
    headers = family(stack)
    url = stack.url("forms", "/v1/drafts/contact-request")
    await stack.client.put(url, json={"answers": {"topic": "other"}}, headers=headers)

    assert (await submit(stack, headers, "contact-request", FIVE_WRONG)).status_code == 422
    assert (await stack.client.get(url, headers=headers)).json()["answers"] == {"topic": "other"}


async def test_a_draft_is_its_owners_alone(stack: Stack) -> None:
    headers = family(stack)
    url = stack.url("forms", "/v1/drafts/feedback")
    await stack.client.put(url, json={"answers": {"rating": 5}}, headers=headers)

    other = await stack.client.get(url, headers=family(stack))
    assert (other.status_code, other.json()["code"]) == (404, "draft_not_found")
    staff = await stack.client.get(url, headers=stack.auth("professional"))
    assert staff.status_code == 403
    unknown = await stack.client.put(
        stack.url("forms", "/v1/drafts/birthday-card"), json={"answers": {}}, headers=headers
    )
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_form")


async def test_a_registration_carries_its_hold_to_form_submitted(stack: Stack) -> None:
    headers = family(stack, "en")
    answers = {"participant_count": 2, "photo_permission": False}
    missing = await submit(stack, headers, "group-activity-registration", answers)
    assert [(e["path"], e["code"]) for e in missing.json()["errors"]] == [
        ("hold_id", "hold_required")
    ]

    hold_id = str(uuid4())
    sent = await submit(stack, headers, "group-activity-registration", answers, hold_id=hold_id)

    assert sent.status_code == 201, sent.text
    assert sent.json()["hold_id"] == hold_id
    event = await events_for(stack, sent.json()["id"])
    assert (event["hold_id"], event["form_type"]) == (hold_id, "group-activity-registration")
    assert "participant_count" not in json.dumps(event)


async def test_an_exit_refuses_the_submission_in_the_callers_language(stack: Stack) -> None:
    response = await submit(
        stack, family(stack, "fi"), "child-health-questionnaire", {"has_appointment": False}
    )
    assert (response.status_code, response.json()["code"]) == (422, "not_eligible")
    assert response.json()["detail"].startswith("Varaa ensin")


async def test_feedback_may_be_sent_without_a_token_and_nothing_else_may(stack: Stack) -> None:
    url = stack.url("forms", "/v1/submissions/anonymous")
    body = {"form_type": "feedback", "municipality_code": "905", "answers": {"rating": 4}}

    sent = await stack.client.post(url, json=body)
    assert sent.status_code == 201, sent.text
    assert set(sent.json()) == {"form_type", "form_version", "receipt_number", "created_at"}

    wrong = {**body, "answers": {"rating": 9}}
    finnish = await stack.client.post(url, json=wrong, headers={"Accept-Language": "fi, sv;q=0.5"})
    swedish = await stack.client.post(url, json=wrong)
    assert finnish.status_code == swedish.status_code == 422
    assert finnish.json()["errors"][0]["code"] == swedish.json()["errors"][0]["code"]
    assert finnish.json()["errors"][0]["message"] != swedish.json()["errors"][0]["message"]
    contact = {**body, "form_type": "contact-request", "answers": {}}
    refused = await stack.client.post(url, json=contact)
    assert (refused.status_code, refused.json()["code"]) == (403, "anonymous_not_allowed")


async def test_receipt_numbers_are_unique_and_readable(stack: Stack) -> None:
    answers = {"topic": "leisure", "preferred_contact": "in_app", "message": "Hej"}
    receipts = [
        (await submit(stack, family(stack), "contact-request", answers)).json()["receipt_number"]
        for _ in range(3)
    ]
    assert len(set(receipts)) == 3
    assert all(len(receipt) == len("FC-2026-000123") for receipt in receipts)
