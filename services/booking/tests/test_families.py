"""Who acts for whom, over HTTP against the real broker and database: booking keeps the
network service's FamilyChanged and CaseTeamChanged snapshots and checks them itself."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import (
    Stack,
    case_team_known_to_booking,
    family_known_to_booking,
    future_slot,
    managed_room,
)
from fc_shared.events.contracts import FamilyChild


def born(years_ago: int) -> date:
    today = datetime.now(UTC).date()
    return date(today.year - years_ago, 1, 1)


async def book(stack: Stack, headers: dict[str, str], slot_id: str, **body: Any) -> Any:
    return await stack.client.post(
        stack.url("booking", "/v1/bookings"), json={"slot_id": slot_id, **body}, headers=headers
    )


async def test_a_guardian_books_a_youth_evening_only_for_their_own_child_of_youth_age(
    stack: Stack,
) -> None:
    room, coordinator = await managed_room(stack)
    # A youth evening with no age range of its own.
    evening = await future_slot(
        stack,
        room["id"],
        capacity=10,
        hour=18,
        headers=coordinator,
        activity="peer_group",
        audience="youth",
    )
    guardian = uuid4()
    family = await family_known_to_booking(
        stack, guardians=[guardian], children=[born(14), born(8)]
    )
    teenager, small = family.children
    headers = stack.auth("guardian", subject=guardian)

    for_themselves = await book(stack, headers, evening["id"])
    too_young = await book(stack, headers, evening["id"], child_id=str(small.child_id))
    for_their_teenager = await book(stack, headers, evening["id"], child_id=str(teenager.child_id))

    assert (for_themselves.status_code, for_themselves.json()["title"]) == (403, "Youth activity")
    assert for_themselves.headers["content-type"] == "application/problem+json"
    assert (too_young.status_code, too_young.json()["title"]) == (422, "Child too young")
    assert for_their_teenager.status_code == 201, for_their_teenager.text
    assert for_their_teenager.json()["child_id"] == str(teenager.child_id)
    held = await stack.client.post(
        stack.url("booking", "/v1/holds"), json={"slot_id": evening["id"]}, headers=headers
    )
    confirmed = await stack.client.post(
        stack.url("booking", f"/v1/holds/{held.json()['id']}/confirm"), json={}, headers=headers
    )
    assert (confirmed.status_code, confirmed.json()["title"]) == (403, "Youth activity")


async def test_a_guardian_books_only_their_own_child_and_by_its_id(stack: Stack) -> None:
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
    guardian, stranger = uuid4(), uuid4()
    family = await family_known_to_booking(stack, guardians=[guardian], children=[born(3)])
    await family_known_to_booking(stack, guardians=[stranger], children=[born(2)])
    [child] = family.children

    not_theirs = await book(
        stack, stack.auth("guardian", subject=stranger), group["id"], child_id=str(child.child_id)
    )
    unknown = await book(
        stack, stack.auth("guardian", subject=guardian), group["id"], child_id=str(uuid4())
    )
    by_birth_date = await book(
        stack, stack.auth("guardian", subject=guardian), group["id"], child_birth_date=str(born(3))
    )
    no_one_means = await book(
        stack, stack.auth("guardian", subject=guardian), group["id"], child_birth_date="0001-01-01"
    )

    assert (not_theirs.status_code, not_theirs.json()["title"]) == (403, "Not your child")
    assert unknown.status_code == 403
    assert by_birth_date.status_code == 422
    assert "child_id" in by_birth_date.json()["detail"]
    assert no_one_means.status_code == 422
    slot = (await stack.client.get(stack.url("booking", f"/v1/slots/{group['id']}"))).json()
    assert slot["booked_count"] == 0


async def test_both_guardians_see_and_cancel_their_childs_bookings_but_not_a_youths_own(
    stack: Stack,
) -> None:
    room, coordinator = await managed_room(stack)
    group = await future_slot(
        stack,
        room["id"],
        capacity=5,
        headers=coordinator,
        activity="peer_group",
        audience="school_children",
        hour=13,
        min_age_years=6,
        max_age_years=12,
    )
    evening = await future_slot(
        stack,
        room["id"],
        capacity=5,
        headers=coordinator,
        hour=18,
        activity="peer_group",
        audience="youth",
    )
    mother, father, youth = uuid4(), uuid4(), uuid4()
    school_child = FamilyChild(child_id=uuid4(), birth_date=born(9))
    teenager = FamilyChild(child_id=uuid4(), birth_date=born(15), subject=youth)
    await family_known_to_booking(
        stack, guardians=[mother, father], children=[school_child, teenager]
    )
    by_mother = stack.auth("guardian", subject=mother)
    by_father = stack.auth("guardian", subject=father)
    booked = await book(stack, by_mother, group["id"], child_id=str(school_child.child_id))
    assert booked.status_code == 201, booked.text
    own = await book(stack, stack.auth("youth", subject=youth), evening["id"])
    assert own.status_code == 201, own.text
    url = stack.url("booking", f"/v1/bookings/{booked.json()['id']}")

    listed = await stack.client.get(stack.url("booking", "/v1/bookings"), headers=by_father)
    read = await stack.client.get(url, headers=by_father)
    youths_own = await stack.client.get(
        stack.url("booking", f"/v1/bookings/{own.json()['id']}"), headers=by_father
    )
    twice = await book(stack, by_father, group["id"], child_id=str(school_child.child_id))
    cancelled = await stack.client.post(f"{url}/cancel", headers=by_father)

    assert [b["id"] for b in listed.json()] == [booked.json()["id"]]
    assert read.status_code == 200, read.text
    assert youths_own.status_code == 403
    assert (twice.status_code, twice.json()["title"]) == (409, "Already booked")
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    mothers = (await stack.client.get(url, headers=by_mother)).json()
    assert mothers["status"] == "cancelled"


async def test_a_youth_booking_themselves_is_their_child_record_so_no_one_books_them_twice(
    stack: Stack,
) -> None:
    room, coordinator = await managed_room(stack)
    evening = await future_slot(
        stack,
        room["id"],
        capacity=5,
        headers=coordinator,
        hour=18,
        activity="peer_group",
        audience="youth",
    )
    guardian, youth = uuid4(), uuid4()
    teenager = FamilyChild(child_id=uuid4(), birth_date=born(15), subject=youth)
    await family_known_to_booking(stack, guardians=[guardian], children=[teenager])
    by_guardian = stack.auth("guardian", subject=guardian)

    own = await book(stack, stack.auth("youth", subject=youth), evening["id"])
    again_by_guardian = await book(
        stack, by_guardian, evening["id"], child_id=str(teenager.child_id)
    )
    guardians_list = (
        await stack.client.get(stack.url("booking", "/v1/bookings"), headers=by_guardian)
    ).json()

    assert own.status_code == 201, own.text
    assert own.json()["child_id"] == str(teenager.child_id)
    assert (again_by_guardian.status_code, again_by_guardian.json()["title"]) == (
        409,
        "Already booked",
    )
    assert guardians_list == []  # the youth's own booking stays the youth's


async def test_a_newer_family_snapshot_replaces_the_older_and_an_older_one_is_ignored(
    stack: Stack,
) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(
        stack, room["id"], capacity=5, headers=coordinator, min_age_years=0, max_age_years=17
    )
    first, second = uuid4(), uuid4()
    child = FamilyChild(child_id=uuid4(), birth_date=born(4))
    family = await family_known_to_booking(stack, guardians=[first], children=[child], revision=2)
    await family_known_to_booking(
        stack, family_id=family.family_id, guardians=[second], children=[child], revision=3
    )
    # An older snapshot arriving late changes nothing (booking already holds revision 3).
    await family_known_to_booking(
        stack, family_id=family.family_id, guardians=[first], children=[child], revision=1
    )

    removed = await book(
        stack, stack.auth("guardian", subject=first), slot["id"], child_id=str(child.child_id)
    )
    current = await book(
        stack, stack.auth("guardian", subject=second), slot["id"], child_id=str(child.child_id)
    )

    assert removed.status_code == 403
    assert current.status_code == 201, current.text


async def calendar(
    stack: Stack, kind: str = "professional", subject: UUID | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    headers = (
        stack.auth("professional", subject=subject or uuid4())
        if kind == "professional"
        else stack.auth("admin")
    )
    response = await stack.client.post(
        stack.url("booking", "/v1/resources"),
        json={"kind": kind, "name": f"{kind} calendar"},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created, headers


async def test_only_the_case_team_reads_a_familys_free_times_and_every_attempt_is_logged(
    stack: Stack,
) -> None:
    guardian = uuid4()
    family = await family_known_to_booking(stack, guardians=[guardian], children=[born(5)])
    responsible = uuid4()
    case = await case_team_known_to_booking(
        stack, family_id=family.family_id, responsible=responsible
    )
    own_calendar, responsible_headers = await calendar(stack, subject=responsible)
    outsider_calendar, outsider_headers = await calendar(stack)
    room, _ = await calendar(stack, "digital_room")
    day = (datetime.now(UTC) + timedelta(days=14)).date()
    params = {
        "case_id": str(case.case_id),
        "room_ids": [room["id"]],
        "from": day.isoformat(),
        "to": (day + timedelta(days=6)).isoformat(),
    }
    url = stack.url("booking", "/v1/network-meetings/free-times")

    outsider = await stack.client.get(
        url,
        headers=outsider_headers,
        params={
            **params,
            "professional_resource_ids": [outsider_calendar["id"]],
            "guardians": [str(guardian)],
        },
    )
    allowed = await stack.client.get(
        url,
        headers=responsible_headers,
        params={**params, "professional_resource_ids": [own_calendar["id"]]},
    )
    other_guardian = await stack.client.get(
        url,
        headers=responsible_headers,
        params={
            **params,
            "professional_resource_ids": [own_calendar["id"]],
            "guardians": [str(uuid4())],
        },
    )

    assert (outsider.status_code, outsider.json()["title"]) == (403, "Not on the case")
    assert allowed.status_code == 200, allowed.text
    assert allowed.json()
    assert other_guardian.status_code == 422
    log = (
        await stack.client.get(
            stack.url("booking", "/v1/access-log"), headers=stack.auth("guardian", subject=guardian)
        )
    ).json()
    seen = {(entry["actor"], entry["action"]) for entry in log}
    assert (outsider_calendar["owner_subject"], "read_free_times_refused") in seen
    assert (str(responsible), "read_free_times") in seen
    assert all(entry["booking_id"] is None for entry in log)

    meeting = allowed.json()[0]
    body = {
        "case_id": str(case.case_id),
        "starts_at": meeting["starts_at"],
        "ends_at": meeting["ends_at"],
        "room_id": room["id"],
    }
    refused = await stack.client.post(
        stack.url("booking", "/v1/network-meetings"),
        headers=outsider_headers,
        json={**body, "professional_resource_ids": [outsider_calendar["id"]]},
    )
    booked = await stack.client.post(
        stack.url("booking", "/v1/network-meetings"),
        headers=responsible_headers,
        json={**body, "professional_resource_ids": [own_calendar["id"]]},
    )
    assert refused.status_code == 403
    assert booked.status_code == 201, booked.text
    assert len(booked.json()["booking_ids"]) == 1  # the family's one confirmed guardian


async def test_the_waitlist_position_is_the_familys_place_in_that_slots_queue(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    busy = await future_slot(stack, room["id"], capacity=1, headers=coordinator, days_ahead=3)
    quiet = await future_slot(stack, room["id"], capacity=1, headers=coordinator, days_ahead=4)
    holder = stack.auth("guardian")
    first_booking = (await book(stack, holder, busy["id"])).json()
    queue = [stack.auth("guardian") for _ in range(3)]
    waiting = [await book(stack, headers, busy["id"]) for headers in queue]
    await book(stack, stack.auth("guardian"), quiet["id"])

    first_on_quiet = await book(stack, stack.auth("guardian"), quiet["id"])

    assert [w.json()["waitlist_position"] for w in waiting] == [1, 2, 3]
    assert first_on_quiet.json()["waitlist_position"] == 1
    await stack.client.post(
        stack.url("booking", f"/v1/bookings/{first_booking['id']}/cancel"), headers=holder
    )
    now = [
        (
            await stack.client.get(
                stack.url("booking", f"/v1/bookings/{w.json()['id']}"), headers=headers
            )
        ).json()
        for w, headers in zip(waiting, queue, strict=True)
    ]
    assert [(b["status"], b["waitlist_position"]) for b in now] == [
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    listed = (await stack.client.get(stack.url("booking", "/v1/bookings"), headers=queue[2])).json()
    assert listed[0]["waitlist_position"] == 2


async def test_racing_staff_updates_need_if_match(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(stack, room["id"], capacity=3, headers=coordinator)
    url = stack.url("booking", f"/v1/slots/{slot['id']}")

    blind = await stack.client.put(f"{url}/capacity", json={"capacity": 5}, headers=coordinator)
    read = await stack.client.get(url)
    matched = await stack.client.put(
        f"{url}/capacity",
        json={"capacity": 5},
        headers={**coordinator, "If-Match": read.headers["etag"]},
    )

    assert (blind.status_code, blind.json()["title"]) == (428, "Precondition Required")
    assert blind.headers["content-type"] == "application/problem+json"
    assert matched.status_code == 200, matched.text
    booking = (await book(stack, stack.auth("guardian"), slot["id"])).json()
    attendance = stack.url("booking", f"/v1/bookings/{booking['id']}/attendance")
    no_tag = await stack.client.post(attendance, json={"attended": True}, headers=coordinator)
    assert (no_tag.status_code, no_tag.json()["title"]) == (428, "Precondition Required")
    tagged = await stack.client.get(
        stack.url("booking", f"/v1/bookings/{booking['id']}"), headers=coordinator
    )
    stale = await stack.client.post(
        attendance, json={"attended": True}, headers={**coordinator, "If-Match": '"0"'}
    )
    current = await stack.client.post(
        attendance,
        json={"attended": True},
        headers={**coordinator, "If-Match": tagged.headers["etag"]},
    )
    assert stale.status_code == 412
    assert (current.status_code, current.json()["title"]) == (409, "Not started")


async def test_impossible_rules_and_dates_no_one_means_are_refused(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    base = f"/v1/resources/{room['id']}"
    first = (datetime.now(UTC) + timedelta(days=30)).date()

    never = await stack.client.post(
        stack.url("booking", f"{base}/availability"),
        headers=coordinator,
        json={
            "rrule": "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=1",
            "first_start": f"{first}T09:00:00",
            "duration_minutes": 60,
        },
    )
    ages = await stack.client.post(
        stack.url("booking", f"{base}/closures"),
        headers=coordinator,
        json={"starts_on": "0001-01-01", "ends_on": "9999-12-31", "reason": "Alltid"},
    )

    assert never.status_code == 422
    assert never.headers["content-type"] == "application/problem+json"
    # The bound check refused it, by its own problem type: no expansion was attempted.
    assert never.json()["type"] == (
        "https://familjecentret.fi/problems/recurrence-rule-out-of-bounds"
    )
    assert "31 February" in never.json()["detail"]
    assert (ages.status_code, ages.json()["title"]) == (422, "Too far back")


async def test_a_youth_login_named_by_two_families_is_treated_as_unknown(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    evening = await future_slot(
        stack,
        room["id"],
        capacity=5,
        headers=coordinator,
        hour=18,
        activity="peer_group",
        audience="youth",
    )
    youth, first_guardian, second_guardian = uuid4(), uuid4(), uuid4()
    # A mistake upstream: two families' snapshots name the same youth login.
    first = FamilyChild(child_id=uuid4(), birth_date=born(15), subject=youth)
    second = FamilyChild(child_id=uuid4(), birth_date=born(16), subject=youth)
    await family_known_to_booking(stack, guardians=[first_guardian], children=[first])
    await family_known_to_booking(stack, guardians=[second_guardian], children=[second])
    for guardian, child in ((first_guardian, first), (second_guardian, second)):
        booked = await book(
            stack,
            stack.auth("guardian", subject=guardian),
            evening["id"],
            child_id=str(child.child_id),
        )
        assert booked.status_code == 201, booked.text
    by_youth = stack.auth("youth", subject=youth)

    own = await book(stack, by_youth, evening["id"])
    listed = await stack.client.get(stack.url("booking", "/v1/bookings"), headers=by_youth)

    # Neither record decides whose child the youth is: they book as a youth booking
    # knows no record of, and see neither family's bookings for its child.
    assert own.status_code == 201, own.text
    assert own.json()["child_id"] is None
    assert [b["id"] for b in listed.json()] == [own.json()["id"]]


async def test_a_monthly_rule_asking_for_a_53rd_saturday_is_out_of_bounds_not_a_crash(
    stack: Stack,
) -> None:
    room, coordinator = await managed_room(stack)
    first = (datetime.now(UTC) + timedelta(days=30)).date()

    response = await stack.client.post(
        stack.url("booking", f"/v1/resources/{room['id']}/availability"),
        headers=coordinator,
        json={
            "rrule": "FREQ=MONTHLY;BYDAY=53SA,1SU;COUNT=5",
            "first_start": f"{first}T09:00:00",
            "duration_minutes": 60,
        },
    )

    assert response.status_code == 422, response.text
    assert response.json()["type"] == (
        "https://familjecentret.fi/problems/recurrence-rule-out-of-bounds"
    )
