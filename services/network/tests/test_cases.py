"""Families and cases over HTTP: who may see what, the access log, one responsible person."""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import text

from familjecentret.testing import (
    Record,
    Stack,
    open_case_for,
    read_topic,
    registered_professional,
)
from fc_shared.db import create_engine
from fc_shared.events import ResponsiblePersonAssigned


async def register_family(stack: Stack, guardian: UUID, **guardian_fields: Any) -> str:
    body = {
        "guardians": [
            {
                "name": "Anna Andersson",
                "email": "anna@example.fi",
                "phone": "+358401234567",
                "address": "Storgatan 1, Vasa",
                **guardian_fields,
            }
        ],
        "children": [{"name": "Elsa", "birth_date": "2022-05-01"}],
    }
    response = await stack.client.post(
        stack.url("network", "/v1/families"),
        json=body,
        headers=stack.auth("guardian", subject=guardian),
    )
    assert response.status_code == 201, response.text
    family_id: str = response.json()["id"]
    return family_id


async def open_case(
    stack: Stack, family_id: str, professional: UUID, *, guardian: UUID
) -> dict[str, Any]:
    """The guardian asks the professional, who opens the case."""
    return await open_case_for(stack, family_id, guardian=guardian, professional=professional)


async def read_family(
    stack: Stack, family_id: str, *roles: str, subject: UUID
) -> tuple[int, dict[str, Any]]:
    response = await stack.client.get(
        stack.url("network", f"/v1/families/{family_id}"),
        params={"purpose": "planning support"},
        headers=stack.auth(*roles, subject=subject),
    )
    body: dict[str, Any] = response.json()
    return response.status_code, body


async def access_log(stack: Stack, family_id: str, guardian: UUID) -> list[dict[str, Any]]:
    response = await stack.client.get(
        stack.url("network", f"/v1/families/{family_id}/access-log"),
        headers=stack.auth("guardian", subject=guardian),
    )
    assert response.status_code == 200, response.text
    entries: list[dict[str, Any]] = response.json()
    return entries


async def test_a_professional_outside_the_case_is_refused_and_the_attempt_is_logged(
    stack: Stack,
) -> None:
    guardian, responsible, outsider = uuid4(), uuid4(), uuid4()
    family_id = await register_family(stack, guardian)
    await open_case(stack, family_id, responsible, guardian=guardian)

    status, problem = await read_family(stack, family_id, "professional", subject=outsider)
    allowed, family = await read_family(stack, family_id, "professional", subject=responsible)

    assert status == 403
    assert problem["title"] == "Forbidden"
    assert allowed == 200
    assert family["responsible"] == str(responsible)
    entries = await access_log(stack, family_id, guardian)
    refused = [e for e in entries if e["actor"] == str(outsider)]
    assert [(e["action"], e["allowed"], e["purpose"]) for e in refused] == [
        ("read", False, "planning support")
    ]
    assert any(e["actor"] == str(responsible) and e["allowed"] for e in entries)


async def test_a_guardian_sees_their_own_family_and_nobody_elses(stack: Stack) -> None:
    guardian, stranger = uuid4(), uuid4()
    family_id = await register_family(stack, guardian)

    own, family = await read_family(stack, family_id, "guardian", subject=guardian)
    other, _ = await read_family(stack, family_id, "guardian", subject=stranger)

    assert (own, other) == (200, 403)
    assert {m["role"] for m in family["members"]} == {"guardian", "child"}


async def test_consent_lets_a_network_member_in_and_withdrawal_shuts_them_out(
    stack: Stack,
) -> None:
    guardian, responsible, member = uuid4(), uuid4(), uuid4()
    family_id = await register_family(stack, guardian, non_disclosure=True)
    case = await open_case(stack, family_id, responsible, guardian=guardian)
    given = await stack.client.post(
        stack.url("network", f"/v1/cases/{case['id']}/consents"),
        json={"member": str(member)},
        headers=stack.auth("guardian", subject=guardian),
    )
    assert given.status_code == 201, given.text

    status, family = await read_family(stack, family_id, "professional", subject=member)
    assert status == 200
    protected = next(m for m in family["members"] if m["role"] == "guardian")
    assert protected["details_hidden"] is True
    assert (protected["email"], protected["address"]) == (None, None)
    _, as_responsible = await read_family(stack, family_id, "professional", subject=responsible)
    shown = next(m for m in as_responsible["members"] if m["role"] == "guardian")
    assert shown["email"] == "anna@example.fi"

    withdrawn = await stack.client.delete(
        stack.url("network", f"/v1/cases/{case['id']}/consents/{given.json()['id']}"),
        headers=stack.auth("guardian", subject=guardian),
    )
    assert withdrawn.status_code == 204
    after, _ = await read_family(stack, family_id, "professional", subject=member)
    assert after == 403
    actions = [entry["action"] for entry in await access_log(stack, family_id, guardian)]
    assert {"consent", "withdraw_consent"} <= set(actions)


async def test_a_second_case_for_a_family_is_refused(stack: Stack) -> None:
    guardian = uuid4()
    family_id = await register_family(stack, guardian)
    await open_case(stack, family_id, uuid4(), guardian=guardian)

    # With a case in place the family asks for a handover, not a second case.
    again = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/case-requests"),
        json={"professional": str(uuid4())},
        headers=stack.auth("guardian", subject=guardian),
    )

    assert again.status_code == 409
    assert again.json()["title"] == "Case exists"


async def test_concurrent_handovers_keep_exactly_one_responsible_person(stack: Stack) -> None:
    guardian = uuid4()
    family_id = await register_family(stack, guardian)
    case = await open_case(stack, family_id, uuid4(), guardian=guardian)
    organisation = (
        await stack.client.post(
            stack.url("network", "/v1/organisations"),
            headers=stack.auth("admin"),
            json={"name": "Välfärdsområdet", "sector": "wellbeing_county"},
        )
    ).json()["id"]
    successors = [
        await registered_professional(stack, organisation_id=organisation) for _ in range(15)
    ]
    case_url = stack.url("network", f"/v1/cases/{case['id']}")

    async def hand_over_to(successor: UUID) -> Any:
        """An admin with a reason hands over, as a client does: read the case, send its
        ETag, and on 412 (someone else got there first) read again and retry."""
        for _ in range(60):
            read = await stack.client.get(
                case_url, headers=stack.auth("guardian", subject=guardian)
            )
            response = await stack.client.put(
                f"{case_url}/responsible",
                json={"professional": str(successor), "reason": "reorganisation"},
                headers={**stack.auth("admin"), "If-Match": read.headers["ETag"]},
            )
            if response.status_code != 412:
                return response
        raise AssertionError("a handover lost every race")

    responses = await asyncio.gather(*(hand_over_to(successor) for successor in successors))

    assert {response.status_code for response in responses} == {200}
    engine = create_engine(stack.settings, "network")
    try:
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    text(
                        "SELECT professional, since, until FROM responsibilities "
                        "WHERE case_id = :case ORDER BY since"
                    ),
                    {"case": case["id"]},
                )
            ).all()
    finally:
        await engine.dispose()
    assert len(rows) == 16
    assert [row.until is None for row in rows].count(True) == 1
    assert rows[-1].until is None
    assert all(earlier.until <= later.since for earlier, later in itertools.pairwise(rows))

    def mine(records: list[Record]) -> list[Record]:
        return [r for r in records if json.loads(r.value)["case_id"] == case["id"]]

    events = mine(
        await read_topic(
            stack.settings.kafka_bootstrap_servers,
            stack.settings.topic(ResponsiblePersonAssigned.TOPIC),
            until=lambda records: len(mine(records)) >= 16,
        )
    )
    assert len(events) == 16
    assert all(b"Anna" not in e.value and b"@" not in e.value for e in events)


async def test_a_child_of_eighteen_is_not_registered(stack: Stack) -> None:
    response = await stack.client.post(
        stack.url("network", "/v1/families"),
        json={
            "guardians": [{"name": "Anna"}],
            "children": [{"name": "Vuxen", "birth_date": "2000-01-01"}],
        },
        headers=stack.auth("guardian"),
    )

    assert response.status_code == 422
    assert response.json()["title"] == "Not a child"


async def test_the_responsible_person_gathers_a_network_that_still_needs_consent(
    stack: Stack,
) -> None:
    guardian, responsible, grandmother, teacher = uuid4(), uuid4(), uuid4(), uuid4()
    family_id = await register_family(stack, guardian)
    case = await open_case(stack, family_id, responsible, guardian=guardian)
    network_url = stack.url("network", f"/v1/cases/{case['id']}/network")

    added = await stack.client.post(
        network_url,
        json={"member": str(grandmother), "kind": "close_person"},
        headers=stack.auth("professional", subject=responsible),
    )
    by_outsider = await stack.client.post(
        network_url,
        json={"member": str(teacher), "kind": "professional"},
        headers=stack.auth("professional", subject=teacher),
    )
    await stack.client.post(
        network_url,
        json={"member": str(teacher), "kind": "professional"},
        headers=stack.auth("professional", subject=responsible),
    )
    teacher_without_consent, _ = await read_family(
        stack, family_id, "professional", subject=teacher
    )
    network = await stack.client.get(
        stack.url("network", f"/v1/families/{family_id}/network"),
        headers=stack.auth("guardian", subject=guardian),
    )

    assert added.status_code == 201
    assert by_outsider.status_code == 403
    assert teacher_without_consent == 403
    assert [(m["member"], m["kind"]) for m in network.json()] == [
        (str(grandmother), "close_person"),
        (str(teacher), "professional"),
    ]
