"""The authorisation holes of issue 8, closed, over HTTP against real PostgreSQL and Kafka:
who may open a case, hand it over, edit a meeting point, draft and publish a service, act
for a family; If-Match on updates that can race; ranges on dates and years; and the
pseudonymous family and case-team snapshots network publishes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4, uuid5

import pytest
from sqlalchemy import text

from familjecentret.testing import Record, Stack, open_case_for, read_topic
from fc_network.seed import SEED_NAMESPACE
from fc_shared.db import create_engine
from fc_shared.events import CaseTeamChanged, FamilyChanged, MeetingPointChanged

SECRET_ADDRESS = "Hemliga vägen 7, Vasa"


async def register(stack: Stack, guardian: UUID, *, co_guardian: UUID | None = None,
                   youth: UUID | None = None, role: str = "guardian") -> str:
    """A family whose first guardian lives under a non-disclosure order."""
    guardians: list[dict[str, Any]] = [{"name": "Anna Andersson", "subject": str(guardian),
                                        "address": SECRET_ADDRESS, "non_disclosure": True}]
    if co_guardian:
        guardians.append({"name": "Bo Andersson", "subject": str(co_guardian)})
    children: list[dict[str, Any]] = [{"name": "Elsa", "birth_date": "2022-05-01"}]
    if youth:
        children.append({"name": "Oskar", "birth_date": "2011-03-03", "subject": str(youth)})
    response = await stack.client.post(
        stack.url("network", "/v1/families"), json={"guardians": guardians,
                                                    "children": children},
        headers=stack.auth(role, subject=guardian if role == "guardian" else uuid4()))
    assert response.status_code == 201, response.text
    family_id: str = response.json()["id"]
    return family_id


async def read_family(stack: Stack, family_id: str, *roles: str, subject: UUID
                      ) -> tuple[int, dict[str, Any]]:
    response = await stack.client.get(stack.url("network", f"/v1/families/{family_id}"),
                                      params={"purpose": "case work"},
                                      headers=stack.auth(*roles, subject=subject))
    return response.status_code, response.json()


async def log_of(stack: Stack, family_id: str, guardian: UUID) -> list[tuple[str, str, bool]]:
    response = await stack.client.get(
        stack.url("network", f"/v1/families/{family_id}/access-log"),
        headers=stack.auth("guardian", subject=guardian))
    assert response.status_code == 200, response.text
    return [(e["actor"], e["action"], e["allowed"]) for e in response.json()]


async def ask_for_case(stack: Stack, family_id: str, guardian: UUID, professional: UUID) -> int:
    response = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/case-requests"),
        json={"professional": str(professional)},
        headers=stack.auth("guardian", subject=guardian))
    return response.status_code


async def try_open(stack: Stack, family_id: str, professional: UUID) -> int:
    response = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/case"),
        headers=stack.auth("professional", subject=professional))
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
    refused = [(a, allowed) for actor, a, allowed in await log_of(stack, family_id, guardian)
               if actor == str(intruder)]
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

async def handover(stack: Stack, case_id: str, headers: dict[str, str], to: UUID,
                   **body: Any) -> Any:
    return await stack.client.put(
        stack.url("network", f"/v1/cases/{case_id}/responsible"),
        json={"professional": str(to), **body}, headers=headers)


async def test_only_the_responsible_person_or_an_admin_with_a_reason_hands_over(
    stack: Stack,
) -> None:
    guardian, responsible, successor, coordinator = uuid4(), uuid4(), uuid4(), uuid4()
    family_id = await register(stack, guardian)
    case = await open_case_for(stack, family_id, guardian=guardian, professional=responsible)
    fresh = {"If-Match": "*"}

    by_coordinator = await handover(
        stack, case["id"], {**stack.auth("coordinator", subject=coordinator), **fresh},
        coordinator)
    by_other = await handover(stack, case["id"], {**stack.auth("professional"), **fresh},
                              successor)
    admin_without_reason = await handover(stack, case["id"], {**stack.auth("admin"), **fresh},
                                          successor)
    by_admin = await handover(stack, case["id"], {**stack.auth("admin"), **fresh}, successor,
                              reason="The nurse has left the clinic")
    by_successor = await handover(
        stack, case["id"], {**stack.auth("professional", subject=successor), **fresh},
        responsible)
    by_former = await handover(
        stack, case["id"], {**stack.auth("professional", subject=successor), **fresh},
        successor)

    assert (by_coordinator.status_code, by_other.status_code) == (403, 403)
    assert (admin_without_reason.status_code, admin_without_reason.json()["title"]) == (
        422, "Reason missing")
    assert by_admin.status_code == 200, by_admin.text
    assert by_successor.status_code == 200
    assert by_successor.json()["responsible"] == str(responsible)
    assert by_former.status_code == 403  # successor handed it back: no longer theirs
    entries = (await stack.client.get(
        stack.url("network", f"/v1/families/{family_id}/access-log"),
        headers=stack.auth("guardian", subject=guardian))).json()
    handovers = [(e["action"], e["allowed"], e["purpose"]) for e in entries
                 if e["action"] == "hand_over"]
    assert ("hand_over", True, "The nurse has left the clinic") in handovers
    assert [allowed for _, allowed, _ in handovers].count(False) == 4


# 11. If-Match on updates that can race -----------------------------------------------------

async def test_a_handover_needs_the_cases_current_etag(stack: Stack) -> None:
    guardian, responsible, successor = uuid4(), uuid4(), uuid4()
    family_id = await register(stack, guardian)
    case = await open_case_for(stack, family_id, guardian=guardian, professional=responsible)
    as_responsible = stack.auth("professional", subject=responsible)
    case_url = stack.url("network", f"/v1/cases/{case['id']}")

    read = await stack.client.get(case_url, headers=as_responsible)
    by_stranger = await stack.client.get(case_url, headers=stack.auth("professional"))
    without = await handover(stack, case["id"], as_responsible, successor)
    stale = await handover(stack, case["id"], {**as_responsible, "If-Match": '"stale"'},
                           successor)
    current = await handover(stack, case["id"],
                             {**as_responsible, "If-Match": read.headers["ETag"]}, successor)
    replayed = await handover(
        stack, case["id"], {**stack.auth("professional", subject=successor),
                            "If-Match": read.headers["ETag"]}, responsible)

    assert read.status_code == 200
    assert read.json()["responsible"] == str(responsible)
    assert by_stranger.status_code == 403
    assert (without.status_code, without.json()["title"]) == (428, "Precondition Required")
    assert without.headers["content-type"] == "application/problem+json"
    assert stale.status_code == 412
    assert current.status_code == 200, current.text
    assert current.headers["ETag"] != read.headers["ETag"]
    assert replayed.status_code == 412
    assert ("read_case", False) in {(a, allowed) for actor, a, allowed
                                    in await log_of(stack, family_id, guardian)
                                    if actor != str(responsible)}


async def test_a_meeting_point_edit_needs_the_current_etag(stack: Stack) -> None:
    coordinator = stack.auth("coordinator", subject=uuid4())
    created = await stack.client.post(
        stack.url("network", "/v1/meeting-points"), headers=coordinator,
        json={"municipality_code": "545", "name": "Träffpunkten", "address": "Torget 1"})
    url = stack.url("network", f"/v1/meeting-points/{created.json()['id']}")

    read = await stack.client.get(url)
    without = await stack.client.patch(url, json={"accessibility": "Hiss"}, headers=coordinator)
    first = await stack.client.patch(url, json={"accessibility": "Hiss"},
                                     headers={**coordinator, "If-Match": read.headers["ETag"]})
    second = await stack.client.patch(url, json={"accessibility": "Ramp"},
                                      headers={**coordinator, "If-Match": read.headers["ETag"]})

    assert (without.status_code, first.status_code, second.status_code) == (428, 200, 412)
    assert (await stack.client.get(url)).json()["accessibility"] == "Hiss"


# 4. Seeded meeting points -------------------------------------------------------------------

async def test_a_seeded_meeting_point_has_no_responsible_person_until_an_admin_appoints_one(
    stack: Stack,
) -> None:
    point_id = str(uuid5(SEED_NAMESPACE, "440"))  # Larsmo
    url = stack.url("network", f"/v1/meeting-points/{point_id}")
    coordinator = uuid4()
    as_coordinator = {**stack.auth("coordinator", subject=coordinator), "If-Match": "*"}

    before = await stack.client.patch(url, json={"accessibility": "Ramp"}, headers=as_coordinator)
    by_coordinator = await stack.client.put(f"{url}/coordinator",
                                            json={"coordinator": str(coordinator)},
                                            headers=stack.auth("coordinator", subject=coordinator))
    appointed = await stack.client.put(f"{url}/coordinator",
                                       json={"coordinator": str(coordinator)},
                                       headers=stack.auth("admin"))
    after = await stack.client.patch(url, json={"accessibility": "Ramp"}, headers=as_coordinator)

    assert (before.status_code, by_coordinator.status_code) == (403, 403)
    engine = create_engine(stack.settings, "network")
    try:
        async with engine.connect() as connection:
            owned_by_nil = await connection.scalar(text(
                "SELECT count(*) FROM meeting_points WHERE opened_by = :nil "
                "OR responsible_person = :nil"), {"nil": UUID(int=0)})
    finally:
        await engine.dispose()
    assert owned_by_nil == 0
    assert appointed.status_code == 200, appointed.text
    assert appointed.json()["responsible_person"] == str(coordinator)
    assert after.status_code == 200, after.text

    def mine(records: list[Record]) -> list[Record]:
        return [r for r in records if r.headers["ce_type"] == MeetingPointChanged.TYPE
                and json.loads(r.value)["meeting_point_id"] == point_id]

    changed = mine(await read_topic(stack.settings.kafka_bootstrap_servers,
                                    stack.settings.topic(MeetingPointChanged.TOPIC),
                                    until=lambda records: bool(mine(records))))
    assert json.loads(changed[-1].value)["coordinator"] == str(coordinator)


# 6. Drafting and publishing services ------------------------------------------------------

async def organisation_with(stack: Stack, *staff: tuple[UUID, str]) -> str:
    admin = stack.auth("admin")
    organisation = await stack.client.post(stack.url("network", "/v1/organisations"),
                                           json={"name": "Vasa församling", "sector": "parish"},
                                           headers=admin)
    organisation_id: str = organisation.json()["id"]
    for subject, role in staff:
        registered = await stack.client.post(
            stack.url("network", "/v1/professionals"), headers=admin,
            json={"subject": str(subject), "organisation_id": organisation_id, "role": role,
                  "languages": ["sv"], "municipalities": ["905"]})
        assert registered.status_code == 201, registered.text
    return organisation_id


def service_of(organisation_id: str) -> dict[str, Any]:
    return {"organisation_id": organisation_id, "age_min": 0, "age_max": 6,
            "languages": ["sv", "fi"],
            "texts": {"sv": {"name": "Familjecafé", "description": "Öppet hus."},
                      "fi": {"name": "Perhekahvila", "description": "Avoimet ovet."}}}


async def test_staff_draft_for_their_own_organisation_and_its_organiser_publishes(
    stack: Stack,
) -> None:
    deacon, organiser, other_organiser = uuid4(), uuid4(), uuid4()
    own = await organisation_with(stack, (deacon, "deacon"), (organiser, "organiser"))
    other = await organisation_with(stack, (other_organiser, "organiser"))
    services_url = stack.url("network", "/v1/services")

    for_other = await stack.client.post(services_url, json=service_of(other),
                                        headers=stack.auth("professional", subject=deacon))
    unregistered = await stack.client.post(services_url, json=service_of(own),
                                           headers=stack.auth("professional"))
    drafted = await stack.client.post(services_url, json=service_of(own),
                                      headers=stack.auth("professional", subject=deacon))
    publish_url = stack.url("network", f"/v1/services/{drafted.json()['id']}/publish")
    by_coordinator = await stack.client.post(publish_url, headers=stack.auth("coordinator"))
    by_other_organiser = await stack.client.post(
        publish_url, headers=stack.auth("organiser", subject=other_organiser))
    by_organiser = await stack.client.post(publish_url,
                                           headers=stack.auth("organiser", subject=organiser))
    self_registered = await stack.client.post(
        stack.url("network", "/v1/professionals"), headers=stack.auth("coordinator"),
        json={"subject": str(uuid4()), "organisation_id": own, "role": "organiser",
              "languages": ["sv"], "municipalities": ["905"]})

    assert (for_other.status_code, unregistered.status_code) == (403, 403)
    assert drafted.status_code == 201, drafted.text
    assert (by_coordinator.status_code, by_other_organiser.status_code) == (403, 403)
    assert by_organiser.status_code == 200, by_organiser.text
    assert self_registered.status_code == 403  # the register decides: only an admin writes it


# 8. Values no one means ---------------------------------------------------------------------

@pytest.mark.parametrize("year", [-1, 10000, 1990])
async def test_training_progress_for_a_year_nobody_means_is_refused(stack: Stack, year: int
                                                                   ) -> None:
    response = await stack.client.get(
        stack.url("network", "/v1/trainings/lets_talk_about_children/progress"),
        params={"year": year})

    assert (response.status_code, response.json()["title"]) == (422, "Year out of range")
    assert response.headers["content-type"] == "application/problem+json"


async def test_dates_nobody_means_are_refused(stack: Stack) -> None:
    subject = uuid4()
    await organisation_with(stack, (subject, "deacon"))
    today = datetime.now(UTC).date()
    training_url = stack.url("network", f"/v1/professionals/{subject}/trainings")
    admin = stack.auth("admin")

    answers = [
        await stack.client.post(training_url, headers=admin, json={
            "course": "lets_talk_about_children", "completed_on": str(completed)})
        for completed in (date(1900, 1, 1), today + timedelta(days=30))
    ]
    answers.append(await stack.client.post(
        stack.url("network", "/v1/meeting-points"), headers=stack.auth("coordinator"),
        json={"municipality_code": "905", "name": "Träffpunkten", "address": "Torget 1",
              "agreement": {"parties": ["Vasa stad", "Välfärdsområdet"], "rooms": ["Salen"],
                            "valid_from": "0001-01-01", "valid_until": "9999-12-31"}}))
    answers.append(await stack.client.post(
        stack.url("network", "/v1/families"), headers=stack.auth("guardian"),
        json={"guardians": [{"name": "Anna"}],
              "children": [{"name": "Elsa", "birth_date": str(today + timedelta(days=1))}]}))

    assert [a.status_code for a in answers] == [422] * 4
    assert {a.headers["content-type"] for a in answers} == {"application/problem+json"}


# 10. Co-guardians confirm themselves --------------------------------------------------------

async def test_a_named_co_guardian_acts_for_nobody_until_they_confirm(stack: Stack) -> None:
    guardian, co_guardian, professional = uuid4(), uuid4(), uuid4()
    family_id = await register(stack, guardian, co_guardian=co_guardian)
    as_co = stack.auth("guardian", subject=co_guardian)

    read_pending, _ = await read_family(stack, family_id, "guardian", subject=co_guardian)
    log_pending = await stack.client.get(
        stack.url("network", f"/v1/families/{family_id}/access-log"), headers=as_co)
    ask_pending = await ask_for_case(stack, family_id, co_guardian, professional)
    case = await open_case_for(stack, family_id, guardian=guardian, professional=professional)
    consent_pending = await stack.client.post(
        stack.url("network", f"/v1/cases/{case['id']}/consents"),
        json={"member": str(uuid4())}, headers=as_co)
    by_stranger = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/guardians/me/confirmation"),
        headers=stack.auth("guardian"))
    confirmed = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/guardians/me/confirmation"),
        headers=as_co)
    read_confirmed, family = await read_family(stack, family_id, "guardian",
                                               subject=co_guardian)

    assert (read_pending, log_pending.status_code, ask_pending,
            consent_pending.status_code) == (403, 403, 403, 403)
    assert by_stranger.status_code == 404
    assert confirmed.status_code == 200, confirmed.text
    assert read_confirmed == 200
    assert [m["pending"] for m in family["members"] if m["role"] == "guardian"] == [
        False, False]

    def snapshots(records: list[Record]) -> list[dict[str, Any]]:
        return [json.loads(r.value) for r in records
                if r.headers["ce_type"] == FamilyChanged.TYPE
                and json.loads(r.value)["family_id"] == family_id]

    found = snapshots(await read_topic(
        stack.settings.kafka_bootstrap_servers, stack.settings.topic(FamilyChanged.TOPIC),
        until=lambda records: len(snapshots(records)) >= 2))
    assert [s["guardians"] for s in found] == [[str(guardian)],
                                               sorted([str(guardian), str(co_guardian)])]


async def test_guardians_named_by_a_professional_confirm_themselves(stack: Stack) -> None:
    guardian = uuid4()
    family_id = await register(stack, guardian, role="professional")

    before, _ = await read_family(stack, family_id, "guardian", subject=guardian)
    confirmed = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/guardians/me/confirmation"),
        headers=stack.auth("guardian", subject=guardian))
    after, _ = await read_family(stack, family_id, "guardian", subject=guardian)

    assert (before, confirmed.status_code, after) == (403, 200, 200)


# Relationships published ---------------------------------------------------------------------

async def test_the_familys_shape_and_case_team_are_published_as_ids_in_revision_order(
    stack: Stack,
) -> None:
    guardian, youth, responsible, member, successor = (uuid4() for _ in range(5))
    family_id = await register(stack, guardian, youth=youth)
    as_guardian = stack.auth("guardian", subject=guardian)
    case = await open_case_for(stack, family_id, guardian=guardian, professional=responsible)
    consent = await stack.client.post(stack.url("network", f"/v1/cases/{case['id']}/consents"),
                                      json={"member": str(member)}, headers=as_guardian)
    assert consent.status_code == 201
    await handover(stack, case["id"], {**stack.auth("professional", subject=responsible),
                                       "If-Match": "*"}, successor)
    withdrawn = await stack.client.delete(
        stack.url("network", f"/v1/cases/{case['id']}/consents/{consent.json()['id']}"),
        headers=as_guardian)
    assert withdrawn.status_code == 204

    def mine(records: list[Record]) -> list[Record]:
        return [r for r in records if json.loads(r.value)["family_id"] == family_id]

    records = mine(await read_topic(
        stack.settings.kafka_bootstrap_servers, stack.settings.topic(FamilyChanged.TOPIC),
        until=lambda records: len(mine(records)) >= 5))
    events = [(r.headers["ce_type"], json.loads(r.value)) for r in records]

    assert all(r.key == family_id.encode() for r in records)
    assert [kind for kind, _ in events] == [FamilyChanged.TYPE] + [CaseTeamChanged.TYPE] * 4
    assert [data["revision"] for _, data in events] == [1, 2, 3, 4, 5]
    shape = events[0][1]
    assert shape["guardians"] == [str(guardian)]
    assert {(c["birth_date"], c["subject"]) for c in shape["children"]} == {
        ("2022-05-01", None), ("2011-03-03", str(youth))}
    assert [(data["responsible"], data["consented_members"]) for _, data in events[1:]] == [
        (str(responsible), []), (str(responsible), [str(member)]),
        (str(successor), [str(member)]), (str(successor), [])]
    assert not any(secret in r.value for r in records
                   for secret in (b"Anna", b"Elsa", b"Oskar", SECRET_ADDRESS.encode()))


async def test_a_youths_login_is_no_guardians(stack: Stack) -> None:
    guardian = uuid4()
    response = await stack.client.post(
        stack.url("network", "/v1/families"), headers=stack.auth("guardian", subject=guardian),
        json={"guardians": [{"name": "Anna"}],
              "children": [{"name": "Oskar", "birth_date": "2011-03-03",
                            "subject": str(guardian)}]})

    assert (response.status_code, response.json()["title"]) == (422, "Subject named twice")
