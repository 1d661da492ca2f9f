"""Every refused attempt at a family's bookings is in that family's access log (GET
/v1/access-log), as every allowed staff read is: over HTTP against the real stack."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import (
    Stack,
    case_team_known_to_booking,
    family_known_to_booking,
    future_slot,
    managed_room,
)


def born(years_ago: int) -> date:
    return date(datetime.now(UTC).year - years_ago, 1, 1)


async def access_log(stack: Stack, guardian: UUID) -> set[tuple[str, str, str | None]]:
    response = await stack.client.get(
        stack.url("booking", "/v1/access-log"), headers=stack.auth("guardian", subject=guardian)
    )
    assert response.status_code == 200, response.text
    return {(entry["actor"], entry["action"], entry["booking_id"]) for entry in response.json()}


async def test_refused_reads_cancels_and_reschedules_of_a_childs_booking_are_in_both_logs(
    stack: Stack,
) -> None:
    room, coordinator = await managed_room(stack)
    group = await future_slot(
        stack,
        room["id"],
        capacity=5,
        headers=coordinator,
        hour=13,
        activity="peer_group",
        audience="school_children",
        min_age_years=6,
        max_age_years=12,
    )
    later = await future_slot(
        stack,
        room["id"],
        capacity=5,
        headers=coordinator,
        hour=13,
        days_ahead=8,
        activity="peer_group",
        audience="school_children",
        min_age_years=6,
        max_age_years=12,
    )
    mother, father = uuid4(), uuid4()
    family = await family_known_to_booking(stack, guardians=[mother, father], children=[born(9)])
    [child] = family.children
    booked = await stack.client.post(
        stack.url("booking", "/v1/bookings"),
        json={"slot_id": group["id"], "child_id": str(child.child_id)},
        headers=stack.auth("guardian", subject=mother),
    )
    assert booked.status_code == 201, booked.text
    booking_id = booked.json()["id"]
    url = stack.url("booking", f"/v1/bookings/{booking_id}")
    other_staff, stranger = uuid4(), uuid4()
    by_other_staff = stack.auth("coordinator", subject=other_staff)
    by_stranger = stack.auth("guardian", subject=stranger)

    read = await stack.client.get(url, headers=by_other_staff)
    ics = await stack.client.get(f"{url}.ics", headers=by_other_staff)
    cancel = await stack.client.post(f"{url}/cancel", headers=by_stranger)
    moved = await stack.client.post(
        f"{url}/reschedule", json={"slot_id": later["id"]}, headers=by_stranger
    )

    assert [r.status_code for r in (read, ics, cancel, moved)] == [403, 403, 403, 403]
    assert read.headers["content-type"] == "application/problem+json"
    assert set(read.json()) <= {"type", "title", "status", "detail", "instance", "code"}
    expected = {
        (str(other_staff), "read_refused", booking_id),
        (str(other_staff), "read_ics_refused", booking_id),
        (str(stranger), "cancel_refused", booking_id),
        (str(stranger), "reschedule_refused", booking_id),
    }
    # The guardian who booked, and the child's other guardian, see every attempt.
    assert expected <= await access_log(stack, mother)
    assert expected <= await access_log(stack, father)
    # Refused, nothing changed: the booking is where it was, still confirmed.
    still = await stack.client.get(url, headers=stack.auth("guardian", subject=mother))
    assert (still.json()["status"], still.json()["slot_id"]) == ("confirmed", group["id"])


async def test_a_stranger_naming_someone_elses_child_is_in_that_familys_log(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    group = await future_slot(
        stack,
        room["id"],
        capacity=5,
        headers=coordinator,
        activity="peer_group",
        audience="small_children",
        min_age_years=0,
        max_age_years=5,
    )
    mother, father, stranger, youth = uuid4(), uuid4(), uuid4(), uuid4()
    family = await family_known_to_booking(stack, guardians=[mother, father], children=[born(3)])
    [child] = family.children
    body = {"slot_id": group["id"], "child_id": str(child.child_id)}

    by_stranger = await stack.client.post(
        stack.url("booking", "/v1/bookings"),
        json=body,
        headers=stack.auth("guardian", subject=stranger),
    )
    by_a_youth = await stack.client.post(
        stack.url("booking", "/v1/bookings"), json=body, headers=stack.auth("youth", subject=youth)
    )

    assert (by_stranger.status_code, by_stranger.json()["title"]) == (403, "Not your child")
    assert by_a_youth.status_code == 403
    for guardian in (mother, father):
        log = await access_log(stack, guardian)
        assert (str(stranger), "book_refused", None) in log
        assert (str(youth), "book_refused", None) in log
    assert await access_log(stack, stranger) == set()


async def test_a_network_meeting_refused_as_the_family_is_busy_is_in_the_familys_log(
    stack: Stack,
) -> None:
    room, coordinator = await managed_room(stack)
    guardian, responsible = uuid4(), uuid4()
    family = await family_known_to_booking(stack, guardians=[guardian], children=[born(5)])
    case = await case_team_known_to_booking(
        stack, family_id=family.family_id, responsible=responsible
    )
    busy = await future_slot(
        stack, room["id"], capacity=2, headers=coordinator, days_ahead=15, hour=10
    )
    booked = await stack.client.post(
        stack.url("booking", "/v1/bookings"),
        json={"slot_id": busy["id"]},
        headers=stack.auth("guardian", subject=guardian),
    )
    assert booked.status_code == 201, booked.text
    by_responsible = stack.auth("professional", subject=responsible)
    own = await resource(stack, by_responsible, {"kind": "professional", "name": "Mina tider"})
    digital = await resource(
        stack, stack.auth("admin"), {"kind": "digital_room", "name": "Videorum"}
    )

    refused = await stack.client.post(
        stack.url("booking", "/v1/network-meetings"),
        headers=by_responsible,
        json={
            "case_id": str(case.case_id),
            "starts_at": busy["starts_at"],
            "ends_at": busy["ends_at"],
            "room_id": digital["id"],
            "professional_resource_ids": [own["id"]],
        },
    )

    assert (refused.status_code, refused.json()["title"]) == (409, "Family busy")
    assert (str(responsible), "book_network_meeting_busy", None) in await access_log(
        stack, guardian
    )


async def resource(stack: Stack, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = await stack.client.post(
        stack.url("booking", "/v1/resources"), json=body, headers=headers
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def test_a_refusal_holds_no_second_connection_while_the_first_is_open(stack: Stack) -> None:
    """Many refusals at once are all answered and all logged: each is logged after its
    request's transaction has given its connection back, never while holding it."""
    room, coordinator = await managed_room(stack)
    slot = await future_slot(stack, room["id"], capacity=2, headers=coordinator, days_ahead=16)
    guardian = uuid4()
    booked = await stack.client.post(
        stack.url("booking", "/v1/bookings"),
        json={"slot_id": slot["id"]},
        headers=stack.auth("guardian", subject=guardian),
    )
    url = stack.url("booking", f"/v1/bookings/{booked.json()['id']}")
    strangers = [uuid4() for _ in range(60)]

    answers = await asyncio.gather(
        *(
            stack.client.get(url, headers=stack.auth("coordinator", subject=stranger))
            for stranger in strangers
        )
    )

    assert [a.status_code for a in answers] == [403] * len(strangers)
    refusals = {
        actor for actor, action, _ in await access_log(stack, guardian) if action == "read_refused"
    }
    assert refusals == {str(stranger) for stranger in strangers}
