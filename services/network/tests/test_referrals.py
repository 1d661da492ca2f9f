"""A referral's lifecycle over HTTP: the receiving professional answers, once per step."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import Record, Stack, family_with_referral_consent, read_topic
from fc_shared.events import ReferralAccepted, ReferralCompleted, ReferralMade


async def refer(stack: Stack, receiver: UUID) -> dict[str, Any]:
    referrer = uuid4()
    family_id = await family_with_referral_consent(stack, referrer)
    response = await stack.client.post(
        stack.url("network", "/v1/referrals"),
        json={
            "family_id": family_id,
            "referred_to": str(receiver),
            "reason_category": "mental_wellbeing",
            "message": "Mamman är trött.",
        },
        headers=stack.auth("professional", subject=referrer),
    )
    assert response.status_code == 201, response.text
    referral: dict[str, Any] = response.json()
    return referral


async def step(
    stack: Stack, referral: dict[str, Any], name: str, subject: UUID, **body: Any
) -> tuple[int, dict[str, Any]]:
    response = await stack.client.post(
        stack.url("network", f"/v1/referrals/{referral['id']}/{name}"),
        json=body or None,
        headers=stack.auth("professional", subject=subject),
    )
    answer: dict[str, Any] = response.json()
    return response.status_code, answer


async def test_accept_then_complete_publishes_each_step_once_with_lead_times(
    stack: Stack,
) -> None:
    receiver = uuid4()
    referral = await refer(stack, receiver)

    accepted = await step(stack, referral, "accept", receiver)
    completed = await step(stack, referral, "complete", receiver)
    again = await step(stack, referral, "complete", receiver)

    assert (accepted[0], accepted[1]["status"]) == (200, "accepted")
    assert (completed[0], completed[1]["status"]) == (200, "completed")
    assert completed[1]["accepted_at"] <= completed[1]["completed_at"]
    assert (again[0], again[1]["title"]) == (409, "Invalid referral step")

    def mine(records: list[Record]) -> list[Record]:
        return [r for r in records if json.loads(r.value).get("referral_id") == referral["id"]]

    events = mine(
        await read_topic(
            stack.settings.kafka_bootstrap_servers,
            stack.settings.topic(ReferralMade.TOPIC),
            until=lambda records: len(mine(records)) >= 3,
        )
    )
    assert [e.headers["ce_type"] for e in events] == [
        ReferralMade.TYPE,
        ReferralAccepted.TYPE,
        ReferralCompleted.TYPE,
    ]
    assert all("trött".encode() not in e.value for e in events)


async def test_declining_needs_a_reason_and_only_the_receiver_may_answer(stack: Stack) -> None:
    receiver = uuid4()
    referral = await refer(stack, receiver)

    by_stranger = await step(stack, referral, "accept", uuid4())
    no_reason = await step(stack, referral, "decline", receiver, reason_code="bored")
    declined = await step(stack, referral, "decline", receiver, reason_code="no_capacity")
    accept_after = await step(stack, referral, "accept", receiver)

    assert by_stranger[0] == 404
    assert (no_reason[0], no_reason[1]["title"]) == (422, "Decline reason missing")
    assert (declined[0], declined[1]["decline_reason"]) == (200, "no_capacity")
    assert accept_after[0] == 409


async def test_a_referral_to_a_service_meets_staff_who_speak_the_familys_language(
    stack: Stack,
) -> None:
    admin = stack.auth("admin")
    organisation = (
        await stack.client.post(
            stack.url("network", "/v1/organisations"),
            headers=admin,
            json={"name": "Rådgivningen i Vasa", "sector": "child_health_clinic"},
        )
    ).json()["id"]
    finnish_only, swedish_speaking = uuid4(), uuid4()
    for subject, languages in ((finnish_only, ["fi"]), (swedish_speaking, ["fi", "sv"])):
        registered = await stack.client.post(
            stack.url("network", "/v1/professionals"),
            headers=admin,
            json={
                "subject": str(subject),
                "organisation_id": organisation,
                "role": "public health nurse",
                "languages": languages,
                "municipalities": ["905"],
            },
        )
        assert registered.status_code == 201, registered.text
    service = await stack.client.post(
        stack.url("network", "/v1/services"),
        headers=stack.auth("professional", subject=finnish_only),
        json={
            "organisation_id": organisation,
            "municipality_code": "905",
            "age_min": 0,
            "age_max": 6,
            "languages": ["sv", "fi"],
            "topics": ["parenting"],
            "texts": {
                "sv": {"name": "Rådgivning", "description": "Barnrådgivning"},
                "fi": {"name": "Neuvola", "description": "Lastenneuvola"},
            },
        },
    )
    service_id = service.json()["id"]
    for subject in (finnish_only, swedish_speaking):
        staffed = await stack.client.post(
            stack.url("network", f"/v1/services/{service_id}/staff"),
            headers=admin,
            json={"professional": str(subject)},
        )
        assert staffed.status_code == 201, staffed.text

    receivers = {}
    for language in ("sv", "fi"):
        referrer = uuid4()
        family_id = await family_with_referral_consent(stack, referrer, language=language)
        response = await stack.client.post(
            stack.url("network", "/v1/referrals"),
            json={
                "family_id": family_id,
                "service_id": service_id,
                "reason_category": "parenting_support",
            },
            headers=stack.auth("professional", subject=referrer),
        )
        assert response.status_code == 201, response.text
        receivers[language] = response.json()["referred_to"]

    assert receivers == {"sv": str(swedish_speaking), "fi": str(finnish_only)}


async def test_a_referral_names_a_professional_or_a_service_not_both(stack: Stack) -> None:
    referrer = uuid4()
    family_id = await family_with_referral_consent(stack, referrer)

    response = await stack.client.post(
        stack.url("network", "/v1/referrals"),
        json={
            "family_id": family_id,
            "referred_to": str(uuid4()),
            "service_id": str(uuid4()),
            "reason_category": "parenting_support",
        },
        headers=stack.auth("professional", subject=referrer),
    )

    assert (response.status_code, response.json()["title"]) == (422, "Receiver unclear")
