"""The authorisation holes of issue 8, closed, over HTTP against real PostgreSQL and Kafka:
who may open a case, hand it over, edit a meeting point, draft and publish a service, act
for a family; If-Match on updates that can race; ranges on dates and years; and the
pseudonymous family and case-team snapshots network publishes."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4, uuid5

import httpx
import pytest
from sqlalchemy import text

from familjecentret.testing import (
    Record,
    Stack,
    ensure_registered,
    open_case_for,
    read_topic,
    registered_professional,
)
from fc_network.seed import SEED_NAMESPACE
from fc_shared.db import create_engine
from fc_shared.events import CaseTeamChanged, FamilyChanged, MeetingPointChanged

SECRET_ADDRESS = "Hemliga vägen 7, Vasa"


async def register(
    stack: Stack,
    guardian: UUID,
    *,
    co_guardian: UUID | None = None,
    youth: UUID | None = None,
    role: str = "guardian",
) -> str:
    """A family whose first guardian lives under a non-disclosure order."""
    guardians: list[dict[str, Any]] = [
        {
            "name": "Anna Andersson",
            "subject": str(guardian),
            "address": SECRET_ADDRESS,
            "non_disclosure": True,
        }
    ]
    if co_guardian:
        guardians.append({"name": "Bo Andersson", "subject": str(co_guardian)})
    children: list[dict[str, Any]] = [{"name": "Elsa", "birth_date": "2022-05-01"}]
    if youth:
        children.append({"name": "Oskar", "birth_date": "2011-03-03", "subject": str(youth)})
    response = await stack.client.post(
        stack.url("network", "/v1/families"),
        json={"guardians": guardians, "children": children},
        headers=stack.auth(role, subject=guardian if role == "guardian" else uuid4()),
    )
    assert response.status_code == 201, response.text
    family_id: str = response.json()["id"]
    return family_id


async def read_family(
    stack: Stack, family_id: str, *roles: str, subject: UUID
) -> tuple[int, dict[str, Any]]:
    response = await stack.client.get(
        stack.url("network", f"/v1/families/{family_id}"),
        params={"purpose": "case work"},
        headers=stack.auth(*roles, subject=subject),
    )
    return response.status_code, response.json()


async def log_of(stack: Stack, family_id: str, guardian: UUID) -> list[tuple[str, str, bool]]:
    response = await stack.client.get(
        stack.url("network", f"/v1/families/{family_id}/access-log"),
        headers=stack.auth("guardian", subject=guardian),
    )
    assert response.status_code == 200, response.text
    return [(e["actor"], e["action"], e["allowed"]) for e in response.json()]


async def ask_for_case(stack: Stack, family_id: str, guardian: UUID, professional: UUID) -> int:
    await ensure_registered(stack, professional)
    response = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/case-requests"),
        json={"professional": str(professional)},
        headers=stack.auth("guardian", subject=guardian),
    )
    return response.status_code


async def try_open(stack: Stack, family_id: str, professional: UUID) -> int:
    response = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/case"),
        headers=stack.auth("professional", subject=professional),
    )
    return response.status_code


# 1. Opening a case ------------------------------------------------------------------------


async def test_a_professional_nobody_asked_cannot_open_a_case_and_read_protected_data(
    stack: Stack,
) -> None:
    guardian, intruder, asked = uuid4(), uuid4(), uuid4()
    family_id = await register(stack, guardian)

    opened_uninvited = await try_open(stack, family_id, intruder)
    read_uninvited, _ = await read_family(stack, family_id, "professional", subject=intruder)
    request = await ask_for_case(stack, family_id, guardian, asked)
    opened_by_asked = await try_open(stack, family_id, asked)
    read_by_asked, family = await read_family(stack, family_id, "professional", subject=asked)
    intruder_again = await try_open(stack, family_id, intruder)

    assert (opened_uninvited, read_uninvited) == (403, 403)
    assert (request, opened_by_asked, read_by_asked) == (201, 201, 200)
    assert intruder_again == 403
    assert family["responsible"] == str(asked)
    assert SECRET_ADDRESS in {m["address"] for m in family["members"]}
    refused = [
        (a, allowed)
        for actor, a, allowed in await log_of(stack, family_id, guardian)
        if actor == str(intruder)
    ]
    assert sorted(refused) == [("open_case", False), ("open_case", False), ("read", False)]


async def test_a_case_request_is_used_up_when_the_case_opens(stack: Stack) -> None:
    guardian, first, second = uuid4(), uuid4(), uuid4()
    family_id = await register(stack, guardian)
    await ask_for_case(stack, family_id, guardian, first)
    await ask_for_case(stack, family_id, guardian, second)

    assert await try_open(stack, family_id, first) == 201
    # The second request went with the first opening: a case exists, and it is first's.
    assert await try_open(stack, family_id, second) == 403
    assert await ask_for_case(stack, family_id, guardian, second) == 409


async def test_only_a_confirmed_guardian_asks_for_a_case(stack: Stack) -> None:
    guardian, stranger, professional = uuid4(), uuid4(), uuid4()
    family_id = await register(stack, guardian)

    by_stranger = await ask_for_case(stack, family_id, stranger, professional)

    assert by_stranger == 403
    assert await try_open(stack, family_id, professional) == 403
    assert (str(stranger), "case_request", False) in await log_of(stack, family_id, guardian)


# 2. Handing a case over -------------------------------------------------------------------


async def handover(
    stack: Stack, case_id: str, headers: dict[str, str], to: UUID, **body: Any
) -> Any:
    return await stack.client.put(
        stack.url("network", f"/v1/cases/{case_id}/responsible"),
        json={"professional": str(to), **body},
        headers=headers,
    )


async def fresh(stack: Stack, case_id: str, guardian: UUID) -> dict[str, str]:
    """If-Match with the case's current ETag, as its guardian reads it now."""
    read = await stack.client.get(
        stack.url("network", f"/v1/cases/{case_id}"),
        headers=stack.auth("guardian", subject=guardian),
    )
    assert read.status_code == 200, read.text
    return {"If-Match": read.headers["ETag"]}


async def test_only_the_responsible_person_or_an_admin_with_a_reason_hands_over(
    stack: Stack,
) -> None:
    guardian, coordinator = uuid4(), uuid4()
    responsible = await registered_professional(stack)
    successor = await registered_professional(stack)
    family_id = await register(stack, guardian)
    case = await open_case_for(stack, family_id, guardian=guardian, professional=responsible)

    async def current() -> dict[str, str]:
        return await fresh(stack, case["id"], guardian)

    by_coordinator = await handover(
        stack,
        case["id"],
        {**stack.auth("coordinator", subject=coordinator), **await current()},
        coordinator,
    )
    by_other = await handover(
        stack, case["id"], {**stack.auth("professional"), **await current()}, successor
    )
    admin_without_reason = await handover(
        stack, case["id"], {**stack.auth("admin"), **await current()}, successor
    )
    by_admin = await handover(
        stack,
        case["id"],
        {**stack.auth("admin"), **await current()},
        successor,
        reason="The nurse has left the clinic",
    )
    by_successor = await handover(
        stack,
        case["id"],
        {**stack.auth("professional", subject=successor), **await current()},
        responsible,
    )
    by_former = await handover(
        stack,
        case["id"],
        {**stack.auth("professional", subject=successor), **await current()},
        successor,
    )

    assert (by_coordinator.status_code, by_other.status_code) == (403, 403)
    assert (admin_without_reason.status_code, admin_without_reason.json()["title"]) == (
        422,
        "Reason missing",
    )
    assert by_admin.status_code == 200, by_admin.text
    assert by_successor.status_code == 200
    assert by_successor.json()["responsible"] == str(responsible)
    assert by_former.status_code == 403  # successor handed it back: no longer theirs
    entries = (
        await stack.client.get(
            stack.url("network", f"/v1/families/{family_id}/access-log"),
            headers=stack.auth("guardian", subject=guardian),
        )
    ).json()
    handovers = [
        (e["action"], e["allowed"], e["purpose"]) for e in entries if e["action"] == "hand_over"
    ]
    assert ("hand_over", True, "The nurse has left the clinic") in handovers
    assert [allowed for _, allowed, _ in handovers].count(False) == 4


# 11. If-Match on updates that can race -----------------------------------------------------


async def test_a_handover_needs_the_cases_current_etag(stack: Stack) -> None:
    guardian, responsible = uuid4(), uuid4()
    successor = await registered_professional(stack)
    family_id = await register(stack, guardian)
    case = await open_case_for(stack, family_id, guardian=guardian, professional=responsible)
    as_responsible = stack.auth("professional", subject=responsible)
    case_url = stack.url("network", f"/v1/cases/{case['id']}")

    read = await stack.client.get(case_url, headers=as_responsible)
    by_stranger = await stack.client.get(case_url, headers=stack.auth("professional"))
    without = await handover(stack, case["id"], as_responsible, successor)
    stale = await handover(stack, case["id"], {**as_responsible, "If-Match": '"stale"'}, successor)
    current = await handover(
        stack, case["id"], {**as_responsible, "If-Match": read.headers["ETag"]}, successor
    )
    replayed = await handover(
        stack,
        case["id"],
        {**stack.auth("professional", subject=successor), "If-Match": read.headers["ETag"]},
        responsible,
    )

    assert read.status_code == 200
    assert read.json()["responsible"] == str(responsible)
    assert by_stranger.status_code == 403
    assert (without.status_code, without.json()["title"]) == (428, "Precondition Required")
    assert without.headers["content-type"] == "application/problem+json"
    assert stale.status_code == 412
    assert current.status_code == 200, current.text
    assert current.headers["ETag"] != read.headers["ETag"]
    assert replayed.status_code == 412
    assert ("read_case", False) in {
        (a, allowed)
        for actor, a, allowed in await log_of(stack, family_id, guardian)
        if actor != str(responsible)
    }


async def test_a_meeting_point_edit_needs_the_current_etag(stack: Stack) -> None:
    coordinator = stack.auth("coordinator", subject=uuid4())
    created = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        headers=coordinator,
        json={"municipality_code": "545", "name": "Träffpunkten", "address": "Torget 1"},
    )
    url = stack.url("network", f"/v1/meeting-points/{created.json()['id']}")

    read = await stack.client.get(url)
    without = await stack.client.patch(url, json={"accessibility": "Hiss"}, headers=coordinator)
    first = await stack.client.patch(
        url,
        json={"accessibility": "Hiss"},
        headers={**coordinator, "If-Match": read.headers["ETag"]},
    )
    second = await stack.client.patch(
        url,
        json={"accessibility": "Ramp"},
        headers={**coordinator, "If-Match": read.headers["ETag"]},
    )

    assert (without.status_code, first.status_code, second.status_code) == (428, 200, 412)
    assert (await stack.client.get(url)).json()["accessibility"] == "Hiss"


# 4. Seeded meeting points -------------------------------------------------------------------


async def test_a_seeded_meeting_point_has_no_responsible_person_until_an_admin_appoints_one(
    stack: Stack,
) -> None:
    point_id = str(uuid5(SEED_NAMESPACE, "440"))  # Larsmo
    url = stack.url("network", f"/v1/meeting-points/{point_id}")
    coordinator = uuid4()
    as_coordinator = stack.auth("coordinator", subject=coordinator)

    async def current() -> dict[str, str]:
        return {**as_coordinator, "If-Match": (await stack.client.get(url)).headers["ETag"]}

    before = await stack.client.patch(url, json={"accessibility": "Ramp"}, headers=await current())
    by_coordinator = await stack.client.put(
        f"{url}/coordinator",
        json={"coordinator": str(coordinator)},
        headers=stack.auth("coordinator", subject=coordinator),
    )
    appointed = await stack.client.put(
        f"{url}/coordinator", json={"coordinator": str(coordinator)}, headers=stack.auth("admin")
    )
    after = await stack.client.patch(url, json={"accessibility": "Ramp"}, headers=await current())

    assert (before.status_code, by_coordinator.status_code) == (403, 403)
    engine = create_engine(stack.settings, "network")
    try:
        async with engine.connect() as connection:
            owned_by_nil = await connection.scalar(
                text(
                    "SELECT count(*) FROM meeting_points WHERE opened_by = :nil "
                    "OR responsible_person = :nil"
                ),
                {"nil": UUID(int=0)},
            )
    finally:
        await engine.dispose()
    assert owned_by_nil == 0
    assert appointed.status_code == 200, appointed.text
    assert appointed.json()["responsible_person"] == str(coordinator)
    assert after.status_code == 200, after.text

    def mine(records: list[Record]) -> list[Record]:
        return [
            r
            for r in records
            if r.headers["ce_type"] == MeetingPointChanged.TYPE
            and json.loads(r.value)["meeting_point_id"] == point_id
        ]

    changed = mine(
        await read_topic(
            stack.settings.kafka_bootstrap_servers,
            stack.settings.topic(MeetingPointChanged.TOPIC),
            until=lambda records: bool(mine(records)),
        )
    )
    assert json.loads(changed[-1].value)["coordinator"] == str(coordinator)


# 6. Drafting and publishing services ------------------------------------------------------


async def organisation_with(stack: Stack, *staff: tuple[UUID, str]) -> str:
    admin = stack.auth("admin")
    organisation = await stack.client.post(
        stack.url("network", "/v1/organisations"),
        json={"name": "Vasa församling", "sector": "parish"},
        headers=admin,
    )
    organisation_id: str = organisation.json()["id"]
    for subject, role in staff:
        registered = await stack.client.post(
            stack.url("network", "/v1/professionals"),
            headers=admin,
            json={
                "subject": str(subject),
                "organisation_id": organisation_id,
                "role": role,
                "languages": ["sv"],
                "municipalities": ["905"],
            },
        )
        assert registered.status_code == 201, registered.text
    return organisation_id


def service_of(organisation_id: str) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "age_min": 0,
        "age_max": 6,
        "languages": ["sv", "fi"],
        "texts": {
            "sv": {"name": "Familjecafé", "description": "Öppet hus."},
            "fi": {"name": "Perhekahvila", "description": "Avoimet ovet."},
        },
    }


async def test_staff_draft_for_their_own_organisation_and_its_organiser_publishes(
    stack: Stack,
) -> None:
    deacon, organiser, other_organiser = uuid4(), uuid4(), uuid4()
    own = await organisation_with(stack, (deacon, "deacon"), (organiser, "organiser"))
    other = await organisation_with(stack, (other_organiser, "organiser"))
    services_url = stack.url("network", "/v1/services")

    for_other = await stack.client.post(
        services_url, json=service_of(other), headers=stack.auth("professional", subject=deacon)
    )
    unregistered = await stack.client.post(
        services_url, json=service_of(own), headers=stack.auth("professional")
    )
    drafted = await stack.client.post(
        services_url, json=service_of(own), headers=stack.auth("professional", subject=deacon)
    )
    publish_url = stack.url("network", f"/v1/services/{drafted.json()['id']}/publish")
    by_coordinator = await stack.client.post(publish_url, headers=stack.auth("coordinator"))
    by_other_organiser = await stack.client.post(
        publish_url, headers=stack.auth("organiser", subject=other_organiser)
    )
    by_organiser = await stack.client.post(
        publish_url, headers=stack.auth("organiser", subject=organiser)
    )
    self_registered = await stack.client.post(
        stack.url("network", "/v1/professionals"),
        headers=stack.auth("coordinator"),
        json={
            "subject": str(uuid4()),
            "organisation_id": own,
            "role": "organiser",
            "languages": ["sv"],
            "municipalities": ["905"],
        },
    )

    assert (for_other.status_code, unregistered.status_code) == (403, 403)
    assert drafted.status_code == 201, drafted.text
    assert (by_coordinator.status_code, by_other_organiser.status_code) == (403, 403)
    assert by_organiser.status_code == 200, by_organiser.text
    assert self_registered.status_code == 403  # the register decides: only an admin writes it


# 8. Values no one means ---------------------------------------------------------------------


@pytest.mark.parametrize("year", [-1, 10000, 1990])
async def test_training_progress_for_a_year_nobody_means_is_refused(
    stack: Stack, year: int
) -> None:
    response = await stack.client.get(
        stack.url("network", "/v1/trainings/lets_talk_about_children/progress"),
        params={"year": year},
    )

    assert (response.status_code, response.json()["title"]) == (422, "Year out of range")
    assert response.headers["content-type"] == "application/problem+json"


async def test_dates_nobody_means_are_refused(stack: Stack) -> None:
    subject = uuid4()
    await organisation_with(stack, (subject, "deacon"))
    today = datetime.now(UTC).date()
    training_url = stack.url("network", f"/v1/professionals/{subject}/trainings")
    admin = stack.auth("admin")

    answers = [
        await stack.client.post(
            training_url,
            headers=admin,
            json={"course": "lets_talk_about_children", "completed_on": str(completed)},
        )
        for completed in (date(1900, 1, 1), today + timedelta(days=30))
    ]
    answers.append(
        await stack.client.post(
            stack.url("network", "/v1/meeting-points"),
            headers=stack.auth("coordinator"),
            json={
                "municipality_code": "905",
                "name": "Träffpunkten",
                "address": "Torget 1",
                "agreement": {
                    "parties": ["Vasa stad", "Välfärdsområdet"],
                    "rooms": ["Salen"],
                    "valid_from": "0001-01-01",
                    "valid_until": "9999-12-31",
                },
            },
        )
    )
    answers.append(
        await stack.client.post(
            stack.url("network", "/v1/families"),
            headers=stack.auth("guardian"),
            json={
                "guardians": [{"name": "Anna"}],
                "children": [{"name": "Elsa", "birth_date": str(today + timedelta(days=1))}],
            },
        )
    )

    assert [a.status_code for a in answers] == [422] * 4
    assert {a.headers["content-type"] for a in answers} == {"application/problem+json"}


# 10. Co-guardians confirm themselves --------------------------------------------------------


async def test_a_named_co_guardian_acts_for_nobody_until_they_confirm(stack: Stack) -> None:
    guardian, co_guardian, professional = uuid4(), uuid4(), uuid4()
    family_id = await register(stack, guardian, co_guardian=co_guardian)
    as_co = stack.auth("guardian", subject=co_guardian)

    read_pending, _ = await read_family(stack, family_id, "guardian", subject=co_guardian)
    log_pending = await stack.client.get(
        stack.url("network", f"/v1/families/{family_id}/access-log"), headers=as_co
    )
    ask_pending = await ask_for_case(stack, family_id, co_guardian, professional)
    case = await open_case_for(stack, family_id, guardian=guardian, professional=professional)
    consent_pending = await stack.client.post(
        stack.url("network", f"/v1/cases/{case['id']}/consents"),
        json={"member": str(uuid4())},
        headers=as_co,
    )
    by_stranger = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/guardians/me/confirmation"),
        headers=stack.auth("guardian"),
    )
    confirmed = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/guardians/me/confirmation"), headers=as_co
    )
    read_confirmed, family = await read_family(stack, family_id, "guardian", subject=co_guardian)

    assert (read_pending, log_pending.status_code, ask_pending, consent_pending.status_code) == (
        403,
        403,
        403,
        403,
    )
    assert by_stranger.status_code == 404
    assert confirmed.status_code == 200, confirmed.text
    assert read_confirmed == 200
    assert [m["pending"] for m in family["members"] if m["role"] == "guardian"] == [False, False]

    def snapshots(records: list[Record]) -> list[dict[str, Any]]:
        return [
            json.loads(r.value)
            for r in records
            if r.headers["ce_type"] == FamilyChanged.TYPE
            and json.loads(r.value)["family_id"] == family_id
        ]

    found = snapshots(
        await read_topic(
            stack.settings.kafka_bootstrap_servers,
            stack.settings.topic(FamilyChanged.TOPIC),
            until=lambda records: len(snapshots(records)) >= 2,
        )
    )
    assert [s["guardians"] for s in found] == [
        [str(guardian)],
        sorted([str(guardian), str(co_guardian)]),
    ]


async def test_guardians_named_by_a_professional_confirm_themselves(stack: Stack) -> None:
    guardian = uuid4()
    family_id = await register(stack, guardian, role="professional")

    before, _ = await read_family(stack, family_id, "guardian", subject=guardian)
    confirmed = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/guardians/me/confirmation"),
        headers=stack.auth("guardian", subject=guardian),
    )
    after, _ = await read_family(stack, family_id, "guardian", subject=guardian)

    assert (before, confirmed.status_code, after) == (403, 200, 200)


# Relationships published ---------------------------------------------------------------------


async def test_the_familys_shape_and_case_team_are_published_as_ids_in_revision_order(
    stack: Stack,
) -> None:
    guardian, youth, responsible, member = (uuid4() for _ in range(4))
    successor = await registered_professional(stack)
    family_id = await register(stack, guardian, youth=youth)
    as_guardian = stack.auth("guardian", subject=guardian)
    case = await open_case_for(stack, family_id, guardian=guardian, professional=responsible)
    consent = await stack.client.post(
        stack.url("network", f"/v1/cases/{case['id']}/consents"),
        json={"member": str(member)},
        headers=as_guardian,
    )
    assert consent.status_code == 201
    handed = await handover(
        stack,
        case["id"],
        {
            **stack.auth("professional", subject=responsible),
            **await fresh(stack, case["id"], guardian),
        },
        successor,
    )
    assert handed.status_code == 200, handed.text
    withdrawn = await stack.client.delete(
        stack.url("network", f"/v1/cases/{case['id']}/consents/{consent.json()['id']}"),
        headers=as_guardian,
    )
    assert withdrawn.status_code == 204

    def mine(records: list[Record]) -> list[Record]:
        return [r for r in records if json.loads(r.value)["family_id"] == family_id]

    records = mine(
        await read_topic(
            stack.settings.kafka_bootstrap_servers,
            stack.settings.topic(FamilyChanged.TOPIC),
            until=lambda records: len(mine(records)) >= 5,
        )
    )
    events = [(r.headers["ce_type"], json.loads(r.value)) for r in records]

    assert all(r.key == family_id.encode() for r in records)
    assert [kind for kind, _ in events] == [FamilyChanged.TYPE] + [CaseTeamChanged.TYPE] * 4
    assert [data["revision"] for _, data in events] == [1, 2, 3, 4, 5]
    shape = events[0][1]
    assert shape["guardians"] == [str(guardian)]
    # The youth's own login is pending until the youth confirms it (see below).
    assert {(c["birth_date"], c["subject"]) for c in shape["children"]} == {
        ("2022-05-01", None),
        ("2011-03-03", None),
    }
    assert [(data["responsible"], data["consented_members"]) for _, data in events[1:]] == [
        (str(responsible), []),
        (str(responsible), [str(member)]),
        (str(successor), [str(member)]),
        (str(successor), []),
    ]
    assert not any(
        secret in r.value
        for r in records
        for secret in (b"Anna", b"Elsa", b"Oskar", SECRET_ADDRESS.encode())
    )


async def test_a_youths_login_is_no_guardians(stack: Stack) -> None:
    guardian = uuid4()
    response = await stack.client.post(
        stack.url("network", "/v1/families"),
        headers=stack.auth("guardian", subject=guardian),
        json={
            "guardians": [{"name": "Anna"}],
            "children": [{"name": "Oskar", "birth_date": "2011-03-03", "subject": str(guardian)}],
        },
    )

    assert (response.status_code, response.json()["title"]) == (422, "Subject named twice")


# 12. A refusal never holds one connection while it waits for another ------------------------

REFUSED_ROUTES = [
    "open_case",
    "case_request",
    "hand_over",
    "add_network_member",
    "confirm_guardian",
    "confirm_youth",
]


@pytest.mark.parametrize("action", REFUSED_ROUTES)
async def test_more_parallel_refusals_than_the_pool_holds_are_all_answered_and_logged(
    stack: Stack,
    action: str,
) -> None:
    # Each refused request used to keep its transaction (and the family's or case's row
    # lock) open while logging the refusal on a second connection: more of them than the
    # pool holds (pool_size plus SQLAlchemy's default max_overflow of 10) waited on each
    # other until the pool timed out, and everyone else with them.
    guardian, responsible, intruder = uuid4(), uuid4(), uuid4()
    family_id = await register(stack, guardian)
    case = await open_case_for(stack, family_id, guardian=guardian, professional=responsible)
    others_guardian = uuid4()
    others = await register(stack, others_guardian)
    as_professional = stack.auth("professional", subject=intruder)
    requests = {
        "open_case": ("POST", f"/v1/families/{family_id}/case", as_professional, None),
        "case_request": (
            "POST",
            f"/v1/families/{family_id}/case-requests",
            stack.auth("guardian", subject=intruder),
            {"professional": str(intruder)},
        ),
        "hand_over": (
            "PUT",
            f"/v1/cases/{case['id']}/responsible",
            {**as_professional, **await fresh(stack, case["id"], guardian)},
            {"professional": str(intruder)},
        ),
        "add_network_member": (
            "POST",
            f"/v1/cases/{case['id']}/network",
            as_professional,
            {"member": str(intruder), "kind": "professional"},
        ),
        "confirm_guardian": (
            "POST",
            f"/v1/families/{family_id}/guardians/me/confirmation",
            stack.auth("guardian", subject=intruder),
            None,
        ),
        "confirm_youth": (
            "POST",
            f"/v1/families/{family_id}/children/me/confirmation",
            stack.auth("youth", subject=intruder),
            None,
        ),
    }
    method, path, headers, body = requests[action]
    parallel = stack.settings.database_pool_size + 10 + 15

    *refused, unrelated = await asyncio.gather(
        *(
            stack.client.request(method, stack.url("network", path), headers=headers, json=body)
            for _ in range(parallel)
        ),
        stack.client.get(
            stack.url("network", f"/v1/families/{others}"),
            headers=stack.auth("guardian", subject=others_guardian),
        ),
        return_exceptions=True,
    )

    def outcome(answer: httpx.Response | BaseException) -> int | str:
        # Before the fix: 503s once the pool timed out, or the client's own read timeout.
        return answer.status_code if isinstance(answer, httpx.Response) else repr(answer)

    expected = 404 if action.startswith("confirm_") else 403
    assert [outcome(r) for r in refused] == [expected] * parallel
    assert outcome(unrelated) == 200
    logged = [
        entry for entry in await log_of(stack, family_id, guardian) if entry[0] == str(intruder)
    ]
    assert logged == [(str(intruder), action, False)] * parallel


# 13. A youth's own login is linked to a child only by the youth ---------------------------


def snapshots_of(records: list[Record], family_id: str) -> list[dict[str, Any]]:
    return [
        json.loads(r.value)
        for r in records
        if r.headers["ce_type"] == FamilyChanged.TYPE
        and json.loads(r.value)["family_id"] == family_id
    ]


async def snapshots(stack: Stack, family_id: str, count: int) -> list[dict[str, Any]]:
    return snapshots_of(
        await read_topic(
            stack.settings.kafka_bootstrap_servers,
            stack.settings.topic(FamilyChanged.TOPIC),
            until=lambda records: len(snapshots_of(records, family_id)) >= count,
        ),
        family_id,
    )


async def confirm_youth(stack: Stack, family_id: str, *roles: str, subject: UUID) -> int:
    response = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/children/me/confirmation"),
        headers=stack.auth(*roles, subject=subject),
    )
    return response.status_code


async def test_a_youths_login_is_the_childs_only_once_the_youth_confirms(stack: Stack) -> None:
    guardian, youth = uuid4(), uuid4()
    family_id = await register(stack, guardian, youth=youth)

    _, pending = await read_family(stack, family_id, "guardian", subject=guardian)
    as_guardian = await confirm_youth(stack, family_id, "guardian", subject=youth)
    by_other_youth = await confirm_youth(stack, family_id, "youth", subject=uuid4())
    confirmed = await confirm_youth(stack, family_id, "youth", subject=youth)
    again = await confirm_youth(stack, family_id, "youth", subject=youth)
    _, after = await read_family(stack, family_id, "guardian", subject=guardian)

    assert [m["pending"] for m in pending["members"] if m["name"] == "Oskar"] == [True]
    assert (as_guardian, by_other_youth) == (403, 404)
    assert (confirmed, again) == (200, 200)
    assert [m["pending"] for m in after["members"] if m["role"] == "child"] == [False, False]
    found = await snapshots(stack, family_id, 2)
    assert [sorted(str(c["subject"]) for c in s["children"]) for s in found] == [
        ["None", "None"],
        sorted(["None", str(youth)]),
    ]
    assert (str(youth), "confirm_youth", True) in await log_of(stack, family_id, guardian)


async def test_a_youths_login_is_confirmed_for_one_child_in_one_family_only(
    stack: Stack,
) -> None:
    youth = uuid4()
    own_guardian, stranger = uuid4(), uuid4()
    own = await register(stack, own_guardian, youth=youth)
    assert await confirm_youth(stack, own, "youth", subject=youth) == 200
    # An unrelated guardian names the youth's login on their own child of four.
    planted = await stack.client.post(
        stack.url("network", "/v1/families"),
        headers=stack.auth("guardian", subject=stranger),
        json={
            "guardians": [{"name": "Eve"}],
            "children": [{"name": "Liten", "birth_date": "2022-01-01", "subject": str(youth)}],
        },
    )
    assert planted.status_code == 201, planted.text
    planted_id = planted.json()["id"]

    elsewhere = await stack.client.post(
        stack.url("network", f"/v1/families/{planted_id}/children/me/confirmation"),
        headers=stack.auth("youth", subject=youth),
    )

    assert (elsewhere.status_code, elsewhere.json()["title"]) == (409, "Login already linked")
    (shape,) = await snapshots(stack, planted_id, 1)
    assert [c["subject"] for c in shape["children"]] == [None]


# 14. Staffing a service --------------------------------------------------------------------


async def test_only_the_services_organiser_or_an_admin_staffs_it(stack: Stack) -> None:
    deacon, organiser, other_organiser = uuid4(), uuid4(), uuid4()
    own = await organisation_with(stack, (deacon, "deacon"), (organiser, "organiser"))
    await organisation_with(stack, (other_organiser, "organiser"))
    drafted = await stack.client.post(
        stack.url("network", "/v1/services"),
        json=service_of(own),
        headers=stack.auth("professional", subject=deacon),
    )
    assert drafted.status_code == 201, drafted.text
    staff_url = stack.url("network", f"/v1/services/{drafted.json()['id']}/staff")

    def staff(*roles: str, subject: UUID | None = None) -> Any:
        return stack.client.post(
            staff_url,
            json={"professional": str(deacon)},
            headers=stack.auth(*roles, subject=subject),
        )

    by_coordinator = await staff("coordinator")
    by_other_organiser = await staff("organiser", subject=other_organiser)
    by_deacon = await staff("coordinator", subject=deacon)  # staff, but no organiser
    by_organiser = await staff("organiser", subject=organiser)
    by_admin = await staff("admin")

    assert (by_coordinator.status_code, by_other_organiser.status_code, by_deacon.status_code) == (
        403,
        403,
        403,
    )
    assert (by_organiser.status_code, by_admin.status_code) == (201, 201), by_organiser.text


# 15. A case is handed over to a registered professional only ---------------------------------


async def test_a_case_is_handed_over_only_to_a_registered_professional(stack: Stack) -> None:
    guardian, responsible, unknown = uuid4(), uuid4(), uuid4()
    registered = await registered_professional(stack)
    family_id = await register(stack, guardian)
    case = await open_case_for(stack, family_id, guardian=guardian, professional=responsible)
    as_responsible = stack.auth("professional", subject=responsible)

    to_unknown = await handover(
        stack, case["id"], {**as_responsible, **await fresh(stack, case["id"], guardian)}, unknown
    )
    by_admin_to_unknown = await handover(
        stack,
        case["id"],
        {**stack.auth("admin"), **await fresh(stack, case["id"], guardian)},
        unknown,
        reason="The nurse has left the clinic",
    )
    to_registered = await handover(
        stack,
        case["id"],
        {**as_responsible, **await fresh(stack, case["id"], guardian)},
        registered,
    )

    assert [(r.status_code, r.json().get("title")) for r in (to_unknown, by_admin_to_unknown)] == [
        (422, "Not a registered professional")
    ] * 2
    assert to_registered.status_code == 200, to_registered.text
    assert to_registered.json()["responsible"] == str(registered)


async def test_a_guardian_asks_only_a_registered_professional_for_a_case(stack: Stack) -> None:
    guardian, anyone = uuid4(), uuid4()
    family_id = await register(stack, guardian)
    url = stack.url("network", f"/v1/families/{family_id}/case-requests")
    headers = stack.auth("guardian", subject=guardian)

    unregistered = await stack.client.post(url, json={"professional": str(anyone)}, headers=headers)
    await ensure_registered(stack, anyone)
    registered = await stack.client.post(url, json={"professional": str(anyone)}, headers=headers)

    assert (unregistered.status_code, unregistered.json()["title"]) == (
        422,
        "Not a registered professional",
    )
    assert registered.status_code == 201, registered.text


async def test_registering_a_professional_twice_is_409_not_a_fault(stack: Stack) -> None:
    subject = await registered_professional(stack)
    organisation = await stack.client.post(
        stack.url("network", "/v1/organisations"),
        headers=stack.auth("admin"),
        json={"name": "Församlingen", "sector": "parish"},
    )

    again = await stack.client.post(
        stack.url("network", "/v1/professionals"),
        headers=stack.auth("admin"),
        json={
            "subject": str(subject),
            "organisation_id": organisation.json()["id"],
            "role": "deacon",
            "languages": ["sv"],
            "municipalities": ["905"],
        },
    )

    assert (again.status_code, again.json()["title"]) == (409, "Already registered")


async def test_a_case_request_taken_back_lets_the_professional_open_nothing(stack: Stack) -> None:
    guardian, asked = uuid4(), uuid4()
    family_id = await register(stack, guardian)
    await ensure_registered(stack, asked)
    request = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/case-requests"),
        json={"professional": str(asked)},
        headers=stack.auth("guardian", subject=guardian),
    )
    url = stack.url("network", f"/v1/families/{family_id}/case-requests/{request.json()['id']}")

    by_the_asked = await stack.client.delete(url, headers=stack.auth("guardian", subject=asked))
    taken_back = await stack.client.delete(url, headers=stack.auth("guardian", subject=guardian))
    twice = await stack.client.delete(url, headers=stack.auth("guardian", subject=guardian))

    assert (by_the_asked.status_code, taken_back.status_code, twice.status_code) == (403, 204, 404)
    assert await try_open(stack, family_id, asked) == 403
    log = await log_of(stack, family_id, guardian)
    assert (str(asked), "withdraw_case_request", False) in log
    assert (str(guardian), "withdraw_case_request", True) in log


async def test_a_guardian_finds_their_own_families_and_children_and_a_pending_one_none(
    stack: Stack,
) -> None:
    guardian, co_guardian = uuid4(), uuid4()
    family_id = await register(stack, guardian, co_guardian=co_guardian)
    url = stack.url("network", "/v1/families")

    mine = await stack.client.get(url, headers=stack.auth("guardian", subject=guardian))
    pending = await stack.client.get(url, headers=stack.auth("guardian", subject=co_guardian))
    stranger = await stack.client.get(url, headers=stack.auth("professional"))

    assert mine.status_code == 200, mine.text
    assert [family["id"] for family in mine.json()] == [family_id]
    assert any(member["role"] == "child" for member in mine.json()[0]["members"])
    assert (pending.json(), stranger.json()) == ([], [])
    assert (str(guardian), "read", True) in await log_of(stack, family_id, guardian)
