"""A contact request taken opens the family's case: the forms service's FormStatusChanged
(received → in_handling), published here as forms would, lets the professional who took it
open the case of the family whose confirmed guardian sent it, once, within 30 days. Nobody
else, and nothing the event does not say."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import (
    Record,
    Stack,
    ensure_registered,
    produce,
    publish_as_owner,
    read_topic,
)
from familjecentret.testing.probes import handled as wait_handled
from familjecentret.testing.probes import service_db
from fc_shared.bus import dead_letter_topic
from fc_shared.events import FormStatusChanged
from fc_shared.events.envelope import Envelope

CONSUMER = "network.contact-requests"


def taking(submitted_by: UUID, professional: UUID, **fields: Any) -> FormStatusChanged:
    """The step forms publishes when `professional` takes `submitted_by`'s contact request."""
    values: dict[str, Any] = {
        "submission_id": uuid4(),
        "form_type": "contact-request",
        "municipality_code": "905",
        "status": "in_handling",
        "previous_status": "received",
        "submitted_by": submitted_by,
        "assignee": professional,
        **fields,
    }
    return FormStatusChanged(**values)


async def network_db(stack: Stack, sql: str, **params: Any) -> Any:
    return await service_db(stack, "network", sql, **params)


async def handled(stack: Stack, event_id: UUID) -> None:
    await wait_handled(stack, "network", CONSUMER, event_id)


async def took(
    stack: Stack, submitted_by: UUID, professional: UUID, *, at: datetime | None = None
) -> Envelope:
    sent = await publish_as_owner(stack, taking(submitted_by, professional), at=at)
    await handled(stack, sent.id)
    return sent


async def register_family(stack: Stack, registrant: UUID, *, role: str, guardian: UUID) -> str:
    """A family registered by `registrant` (a guardian registering their own, or a
    professional) naming `guardian` as its guardian."""
    body = {
        "guardians": [{"name": "Anna Andersson", "subject": str(guardian)}],
        "children": [{"name": "Elsa", "birth_date": "2022-05-01"}],
    }
    response = await stack.client.post(
        stack.url("network", "/v1/families"),
        json=body,
        headers=stack.auth(role, subject=registrant),
    )
    assert response.status_code == 201, response.text
    family_id: str = response.json()["id"]
    return family_id


async def guardians_family(stack: Stack, guardian: UUID) -> str:
    return await register_family(stack, guardian, role="guardian", guardian=guardian)


async def open_case(stack: Stack, family_id: str, professional: UUID) -> Any:
    await ensure_registered(stack, professional)
    return await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/case"),
        headers=stack.auth("professional", subject=professional),
    )


async def access_log(stack: Stack, family_id: str, guardian: UUID) -> list[dict[str, Any]]:
    response = await stack.client.get(
        stack.url("network", f"/v1/families/{family_id}/access-log"),
        headers=stack.auth("guardian", subject=guardian),
    )
    assert response.status_code == 200, response.text
    entries: list[dict[str, Any]] = response.json()
    return entries


async def test_the_professional_who_took_a_guardians_contact_request_opens_the_case(
    stack: Stack,
) -> None:
    guardian, professional = uuid4(), uuid4()
    family_id = await guardians_family(stack, guardian)
    await took(stack, guardian, professional)

    opened = await open_case(stack, family_id, professional)

    assert opened.status_code == 201, opened.text
    assert opened.json()["responsible"] == str(professional)
    entries = await access_log(stack, family_id, guardian)
    assert [
        (e["action"], e["allowed"], e["purpose"]) for e in entries if e["action"] == "open_case"
    ] == [("open_case", True, "responsible person (contact_request)")]


async def test_another_professional_than_the_one_who_took_it_is_refused_and_logged(
    stack: Stack,
) -> None:
    guardian, taker, other = uuid4(), uuid4(), uuid4()
    family_id = await guardians_family(stack, guardian)
    await took(stack, guardian, taker)

    refused = await open_case(stack, family_id, other)
    opened = await open_case(stack, family_id, taker)

    assert refused.status_code == 403, refused.text
    assert refused.json()["code"] == "case_not_requested"
    assert opened.status_code == 201, opened.text
    entries = await access_log(stack, family_id, guardian)
    assert [(e["action"], e["allowed"]) for e in entries if e["actor"] == str(other)] == [
        ("open_case", False)
    ]


async def test_a_contact_request_from_someone_outside_the_family_opens_nothing(
    stack: Stack,
) -> None:
    guardian, stranger, professional = uuid4(), uuid4(), uuid4()
    family_id = await guardians_family(stack, guardian)
    await took(stack, stranger, professional)

    refused = await open_case(stack, family_id, professional)

    assert refused.status_code == 403, refused.text
    entries = await access_log(stack, family_id, guardian)
    assert [(e["action"], e["allowed"]) for e in entries if e["actor"] == str(professional)] == [
        ("open_case", False)
    ]


async def test_a_family_the_professional_registers_opens_once_its_guardian_confirms(
    stack: Stack,
) -> None:
    # Registration by a professional confirms nobody: the submitter named as guardian is
    # pending, and a pending guardian's contact request opens nothing until they confirm.
    guardian, professional = uuid4(), uuid4()
    await took(stack, guardian, professional)
    family_id = await register_family(stack, professional, role="professional", guardian=guardian)

    before = await open_case(stack, family_id, professional)
    confirmed = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/guardians/me/confirmation"),
        headers=stack.auth("guardian", subject=guardian),
    )
    after = await open_case(stack, family_id, professional)

    assert before.status_code == 403, before.text
    assert confirmed.status_code == 200, confirmed.text
    assert after.status_code == 201, after.text


async def test_opening_uses_the_contact_request_up(stack: Stack) -> None:
    # One guardian of two families: one contact request taken opens one case, not both.
    guardian, professional = uuid4(), uuid4()
    first, second = await guardians_family(stack, guardian), await guardians_family(stack, guardian)
    event = taking(guardian, professional)
    await handled(stack, (await publish_as_owner(stack, event)).id)

    opened = await open_case(stack, first, professional)
    again = await open_case(stack, second, professional)

    assert opened.status_code == 201, opened.text
    assert again.status_code == 403, again.text
    used_for = await network_db(
        stack,
        "SELECT case_id FROM taken_contact_requests WHERE submission_id = :id",
        id=event.submission_id,
    )
    assert str(used_for) == opened.json()["id"]


async def test_a_contact_request_taken_over_30_days_ago_opens_nothing(stack: Stack) -> None:
    guardian, professional = uuid4(), uuid4()
    family_id = await guardians_family(stack, guardian)
    await took(stack, guardian, professional, at=datetime.now(UTC) - timedelta(days=31))

    refused = await open_case(stack, family_id, professional)

    assert refused.status_code == 403, refused.text


async def test_a_redelivered_taking_changes_nothing(stack: Stack) -> None:
    guardian, professional = uuid4(), uuid4()
    first, second = await guardians_family(stack, guardian), await guardians_family(stack, guardian)
    event = taking(guardian, professional)
    sent = await publish_as_owner(stack, event)
    await handled(stack, sent.id)
    assert (await open_case(stack, first, professional)).status_code == 201

    # The same event again, and the same taking under a new event id (after it, on the same
    # partition: once that one is handled, so is the redelivery).
    await publish_as_owner(stack, event, at=sent.time, event_id=sent.id)
    fresh = await publish_as_owner(stack, event, at=sent.time)
    await handled(stack, fresh.id)

    again = await open_case(stack, second, professional)
    rows = await network_db(
        stack,
        "SELECT count(*) FROM taken_contact_requests WHERE submission_id = :id "
        "AND used_at IS NOT NULL",
        id=event.submission_id,
    )
    assert again.status_code == 403, again.text
    assert rows == 1


async def test_a_status_change_not_from_forms_is_dead_lettered_and_grounds_nothing(
    stack: Stack,
) -> None:
    guardian, professional = uuid4(), uuid4()
    family_id = await guardians_family(stack, guardian)
    forged = taking(guardian, professional)
    envelope = Envelope.wrap(forged)
    headers = {**envelope.headers(), "ce_source": "/booking"}
    topic = stack.settings.topic(FormStatusChanged.TOPIC)
    await produce(
        stack.settings.kafka_bootstrap_servers,
        topic,
        key=envelope.key.encode(),
        headers=headers,
        value=envelope.data,
    )
    # A genuine later step of the same submission, on the same partition: once network has
    # handled it, it has dealt with the forged one before it.
    closed = await publish_as_owner(
        stack, forged.model_copy(update={"status": "closed", "previous_status": "in_handling"})
    )
    await handled(stack, closed.id)

    def has_forged(records: list[Record]) -> bool:
        return any(record.headers.get("ce_id") == str(envelope.id) for record in records)

    dead = await read_topic(
        stack.settings.kafka_bootstrap_servers, dead_letter_topic(topic), until=has_forged
    )
    letter = next(record for record in dead if record.headers.get("ce_id") == str(envelope.id))
    assert "not the owner" in letter.headers["dlt_error"]
    refused = await open_case(stack, family_id, professional)
    assert refused.status_code == 403, refused.text
    assert (
        await network_db(
            stack,
            "SELECT count(*) FROM taken_contact_requests WHERE submission_id = :id",
            id=forged.submission_id,
        )
        == 0
    )
