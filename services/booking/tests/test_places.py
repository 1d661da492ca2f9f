"""Places on slots over HTTP: capacity under concurrency, the waitlist and its order, holds,
idempotency, cancellation deadlines, rescheduling and attendance."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from familjecentret.testing import (
    Record,
    Stack,
    eventually,
    family_known_to_booking,
    future_slot,
    helsinki_time,
    managed_room,
    read_topic,
)


async def book(stack: Stack, slot_id: str, headers: dict[str, str], **body: Any) -> Any:
    return await stack.client.post(
        stack.url("booking", "/v1/bookings"), json={"slot_id": slot_id, **body}, headers=headers
    )


async def slot_now(stack: Stack, slot_id: str) -> dict[str, Any]:
    found: dict[str, Any] = (
        await stack.client.get(stack.url("booking", f"/v1/slots/{slot_id}"))
    ).json()
    return found


async def test_200_concurrent_requests_for_10_places_confirm_10_and_queue_the_rest(
    stack: Stack,
) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(
        stack, room["id"], capacity=10, headers=coordinator, activity="parent_evening"
    )
    guardians = [stack.auth("guardian") for _ in range(200)]

    responses = await asyncio.gather(*(book(stack, slot["id"], g) for g in guardians))

    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == 10
    assert statuses.count(202) == 190
    assert {r.json()["status"] for r in responses if r.status_code == 202} == {"waitlisted"}
    assert (await slot_now(stack, slot["id"]))["booked_count"] == 10
    listed = (
        await stack.client.get(
            stack.url("booking", "/v1/bookings"),
            params={"resource_id": room["id"]},
            headers=coordinator,
        )
    ).json()
    assert [b["status"] for b in listed].count("confirmed") == 10


async def test_freed_places_go_to_the_waitlist_in_the_order_it_was_joined(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(
        stack, room["id"], capacity=2, headers=coordinator, activity="peer_group"
    )
    first, second = stack.auth("guardian"), stack.auth("guardian")
    holders = [await book(stack, slot["id"], h) for h in (first, second)]
    queue = [stack.auth("guardian") for _ in range(4)]
    queued = [await book(stack, slot["id"], q) for q in queue]  # one by one: a known order
    assert [r.status_code for r in queued] == [202] * 4

    async def states() -> list[str]:
        return [
            (
                await stack.client.get(
                    stack.url("booking", f"/v1/bookings/{r.json()['id']}"), headers=q
                )
            ).json()["status"]
            for r, q in zip(queued, queue, strict=True)
        ]

    for holder, headers in zip(holders, (first, second), strict=True):
        cancelled = await stack.client.post(
            stack.url("booking", f"/v1/bookings/{holder.json()['id']}/cancel"), headers=headers
        )
        assert cancelled.status_code == 200, cancelled.text
        if headers is first:
            assert await states() == ["confirmed", "waitlisted", "waitlisted", "waitlisted"]
    assert await states() == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    read = await stack.client.get(stack.url("booking", f"/v1/slots/{slot['id']}"))
    raised = await stack.client.put(
        stack.url("booking", f"/v1/slots/{slot['id']}/capacity"),
        json={"capacity": 3},
        headers={**coordinator, "If-Match": read.headers["etag"]},
    )
    assert raised.status_code == 200, raised.text
    assert await states() == ["confirmed", "confirmed", "confirmed", "waitlisted"]

    # Each promotion is announced (one partition per booking, so no order across them).
    promoted = {r.json()["id"] for r in queued[:3]}

    def promotions(records: list[Record]) -> set[str]:
        return {
            json.loads(r.value)["booking_id"]
            for r in records
            if r.headers.get("ce_type", "").endswith("WaitlistPromoted.v1")
        } & promoted

    await read_topic(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic("booking.bookings.v1"),
        until=lambda records: promotions(records) == promoted,
    )


async def test_the_same_idempotency_key_books_once(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(stack, room["id"], capacity=5, headers=coordinator)
    guardian = {**stack.auth("guardian"), "Idempotency-Key": str(uuid4())}

    responses = await asyncio.gather(*(book(stack, slot["id"], guardian) for _ in range(6)))

    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert (await slot_now(stack, slot["id"]))["booked_count"] == 1


async def test_a_full_slot_without_the_waitlist_is_409_and_changes_nothing(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(stack, room["id"], capacity=1, headers=coordinator)
    assert (await book(stack, slot["id"], stack.auth("guardian"))).status_code == 201

    refused = await book(stack, slot["id"], stack.auth("guardian"), join_waitlist=False)

    assert (refused.status_code, refused.json()["title"]) == (409, "Slot full")
    assert (await slot_now(stack, slot["id"]))["booked_count"] == 1


async def test_a_child_too_old_for_the_group_is_refused(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(
        stack,
        room["id"],
        capacity=8,
        headers=coordinator,
        activity="peer_group",
        audience="small_children",
        min_age_years=0,
        max_age_years=3,
    )
    subject = uuid4()
    guardian = stack.auth("guardian", subject=subject)
    today = datetime.now(UTC).date()
    family = await family_known_to_booking(
        stack,
        guardians=[subject],
        children=[date(today.year - 6, 1, 1), date(today.year - 2, 1, 1)],
    )
    older, younger = family.children

    too_old = await book(stack, slot["id"], guardian, child_id=str(older.child_id))
    no_child = await book(stack, slot["id"], guardian)
    fits = await book(
        stack, slot["id"], guardian, child_id=str(younger.child_id), interpreter_language="ar"
    )

    assert (too_old.status_code, too_old.json()["title"]) == (422, "Child too old")
    assert too_old.headers["content-type"] == "application/problem+json"
    assert (no_child.status_code, no_child.json()["title"]) == (422, "Child needed")
    assert fits.status_code == 201, fits.text
    assert fits.json()["interpreter_language"] == "ar"
    assert (await slot_now(stack, slot["id"]))["booked_count"] == 1


async def test_a_hold_keeps_a_place_then_lapses_by_itself(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(stack, room["id"], capacity=1, headers=coordinator)
    family, other = stack.auth("guardian"), stack.auth("guardian")

    hold = await stack.client.post(
        stack.url("booking", "/v1/holds"), json={"slot_id": slot["id"]}, headers=family
    )
    assert hold.status_code == 201, hold.text
    assert hold.json()["status"] == "held"
    queued = await book(stack, slot["id"], other)
    assert queued.status_code == 202  # the held place is not free

    async def promoted() -> bool:
        got = (
            await stack.client.get(
                stack.url("booking", f"/v1/bookings/{queued.json()['id']}"), headers=other
            )
        ).json()
        return bool(got["status"] == "confirmed")

    await eventually(promoted, timeout=30, what="the lapsed hold's place to go to the queue")
    late = await stack.client.post(
        stack.url("booking", f"/v1/holds/{hold.json()['id']}/confirm"), json={}, headers=family
    )
    assert (late.status_code, late.json()["title"]) == (409, "Hold lapsed")


async def test_a_hold_confirmed_in_time_becomes_a_booking(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(stack, room["id"], capacity=1, headers=coordinator)
    family = stack.auth("guardian")
    hold = (
        await stack.client.post(
            stack.url("booking", "/v1/holds"), json={"slot_id": slot["id"]}, headers=family
        )
    ).json()

    confirmed = await stack.client.post(
        stack.url("booking", f"/v1/holds/{hold['id']}/confirm"),
        json={"interpreter_language": "so"},
        headers=family,
    )

    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "confirmed"
    # Proof that the sweeper has been past the confirmed hold's time, rather than a sleep: a
    # hold made after it (so lapsing after it) that nobody confirms, seen swept. The sweeper
    # takes held places in the order they lapse, so it met the first hold's time on the way.
    other_slot = await future_slot(stack, room["id"], headers=coordinator, days_ahead=8)
    other_family = stack.auth("guardian")
    later = await stack.client.post(
        stack.url("booking", "/v1/holds"), json={"slot_id": other_slot["id"]}, headers=other_family
    )
    assert later.status_code == 201, later.text

    async def later_hold_swept() -> bool:
        got = await stack.client.get(
            stack.url("booking", f"/v1/bookings/{later.json()['id']}"), headers=other_family
        )
        return bool(got.json()["status"] == "lapsed")

    await eventually(later_hold_swept, timeout=30, what="a later, unconfirmed hold to lapse")
    still = (
        await stack.client.get(stack.url("booking", f"/v1/bookings/{hold['id']}"), headers=family)
    ).json()
    assert still["status"] == "confirmed"
    assert (await slot_now(stack, slot["id"]))["booked_count"] == 1


async def test_cancelling_after_the_deadline_is_recorded_as_late(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    soon = await future_slot(
        stack, room["id"], capacity=3, headers=coordinator, days_ahead=1, cancel_deadline_hours=48
    )
    later = await future_slot(stack, room["id"], capacity=3, headers=coordinator, days_ahead=9)
    family = stack.auth("guardian")
    on_soon = (await book(stack, soon["id"], family)).json()
    on_later = (await book(stack, later["id"], family)).json()

    late = await stack.client.post(
        stack.url("booking", f"/v1/bookings/{on_soon['id']}/cancel"), headers=family
    )
    in_time = await stack.client.post(
        stack.url("booking", f"/v1/bookings/{on_later['id']}/cancel"), headers=family
    )
    again = await stack.client.post(
        stack.url("booking", f"/v1/bookings/{on_later['id']}/cancel"), headers=family
    )

    assert (late.json()["status"], late.json()["late_cancellation"]) == ("cancelled", True)
    assert (in_time.json()["status"], in_time.json()["late_cancellation"]) == ("cancelled", False)
    assert again.status_code == 409
    assert (await slot_now(stack, soon["id"]))["booked_count"] == 0


async def test_rescheduling_moves_the_place_or_leaves_everything_as_it_was(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    first = await future_slot(stack, room["id"], capacity=1, headers=coordinator, days_ahead=3)
    second = await future_slot(stack, room["id"], capacity=1, headers=coordinator, days_ahead=4)
    full = await future_slot(stack, room["id"], capacity=1, headers=coordinator, days_ahead=5)
    family = stack.auth("guardian")
    booking = (await book(stack, first["id"], family)).json()
    await book(stack, full["id"], stack.auth("guardian"))

    refused = await stack.client.post(
        stack.url("booking", f"/v1/bookings/{booking['id']}/reschedule"),
        json={"slot_id": full["id"]},
        headers=family,
    )
    assert (refused.status_code, refused.json()["title"]) == (409, "Slot full")
    assert (await slot_now(stack, first["id"]))["booked_count"] == 1

    moved = await stack.client.post(
        stack.url("booking", f"/v1/bookings/{booking['id']}/reschedule"),
        json={"slot_id": second["id"]},
        headers=family,
    )

    assert moved.status_code == 200, moved.text
    assert (moved.json()["id"], moved.json()["slot_id"]) == (booking["id"], second["id"])
    assert (await slot_now(stack, first["id"]))["booked_count"] == 0
    assert (await slot_now(stack, second["id"]))["booked_count"] == 1


async def test_attendance_is_recorded_by_staff_once_it_has_begun(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(stack, room["id"], capacity=2, headers=coordinator)
    family = stack.auth("guardian")
    booking = (await book(stack, slot["id"], family)).json()
    url = stack.url("booking", f"/v1/bookings/{booking['id']}/attendance")

    by_family = await stack.client.post(url, json={"attended": True}, headers=family)
    read = await stack.client.get(
        stack.url("booking", f"/v1/bookings/{booking['id']}"), headers=coordinator
    )
    too_early = await stack.client.post(
        url, json={"attended": False}, headers={**coordinator, "If-Match": read.headers["etag"]}
    )

    assert by_family.status_code == 403
    assert (too_early.status_code, too_early.json()["title"]) == (409, "Not started")


async def test_families_and_staff_see_only_their_own(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    other_room, _ = await managed_room(stack)
    slot = await future_slot(stack, room["id"], capacity=2, headers=coordinator)
    family, stranger = stack.auth("guardian"), stack.auth("guardian")
    booking = (await book(stack, slot["id"], family)).json()
    url = stack.url("booking", f"/v1/bookings/{booking['id']}")

    assert (await stack.client.get(url, headers=family)).status_code == 200
    assert (await stack.client.get(url, headers=coordinator)).status_code == 200
    roster = await stack.client.get(
        stack.url("booking", "/v1/bookings"),
        params={"resource_id": room["id"]},
        headers=coordinator,
    )
    assert [b["id"] for b in roster.json()] == [booking["id"]]
    log = (await stack.client.get(stack.url("booking", "/v1/access-log"), headers=family)).json()
    assert sorted(entry["action"] for entry in log) == ["list", "read"]
    assert {entry["booking_id"] for entry in log} == {booking["id"]}
    assert (await stack.client.get(url, headers=stranger)).status_code == 403
    assert (await stack.client.get(url, headers=stack.auth("coordinator"))).status_code == 403
    assert (await stack.client.post(f"{url}/cancel", headers=stranger)).status_code == 403
    foreign = await stack.client.post(
        stack.url("booking", "/v1/slots"),
        json={
            "resource_id": other_room["id"],
            "starts_at": slot["starts_at"],
            "ends_at": slot["ends_at"],
        },
        headers=coordinator,
    )
    assert foreign.status_code == 403
    professional = await stack.client.post(
        stack.url("booking", "/v1/slots"),
        json={
            "resource_id": room["id"],
            "starts_at": slot["starts_at"],
            "ends_at": slot["ends_at"],
        },
        headers=stack.auth("professional"),
    )
    assert professional.status_code == 403


async def test_capacity_below_the_taken_places_is_refused(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(stack, room["id"], capacity=3, headers=coordinator)
    for _ in range(2):
        await book(stack, slot["id"], stack.auth("guardian"))

    read = await stack.client.get(stack.url("booking", f"/v1/slots/{slot['id']}"))
    response = await stack.client.put(
        stack.url("booking", f"/v1/slots/{slot['id']}/capacity"),
        json={"capacity": 1},
        headers={**coordinator, "If-Match": read.headers["etag"]},
    )

    assert (response.status_code, response.json()["title"]) == (422, "Capacity below the bookings")
    assert (await slot_now(stack, slot["id"]))["capacity"] == 3


async def test_a_series_is_booked_and_cancelled_as_one_with_one_confirmation(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    first = helsinki_time(3, 10)
    rule = await stack.client.post(
        stack.url("booking", f"/v1/resources/{room['id']}/availability"),
        json={
            "rrule": "FREQ=WEEKLY;COUNT=3",
            "first_start": first.replace(tzinfo=None).isoformat(),
            "duration_minutes": 90,
            "capacity": 2,
            "as_series": True,
            "activity": "family_school",
            "skip_public_holidays": False,
        },
        headers=coordinator,
    )
    assert rule.status_code == 201, rule.text
    series_id, sessions = rule.json()["series_id"], rule.json()["slots"]
    family = stack.auth("guardian")

    single = await book(stack, sessions[0]["id"], family)
    booked = await stack.client.post(
        stack.url("booking", f"/v1/series/{series_id}/bookings"), json={}, headers=family
    )

    assert (single.status_code, single.json()["title"]) == (409, "Part of a series")
    assert booked.status_code == 201, booked.text
    assert [b["status"] for b in booked.json()["bookings"]] == ["confirmed"] * 3
    assert [(await slot_now(stack, s["id"]))["booked_count"] for s in sessions] == [1, 1, 1]

    cancelled = await stack.client.post(
        stack.url("booking", f"/v1/series-bookings/{booked.json()['id']}/cancel"), headers=family
    )

    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert [(await slot_now(stack, s["id"]))["booked_count"] for s in sessions] == [0, 0, 0]

    def about_series(records: list[Record]) -> list[Record]:
        return [r for r in records if json.loads(r.value)["booking_id"] == booked.json()["id"]]

    events = about_series(
        await read_topic(
            stack.settings.kafka_bootstrap_servers,
            stack.settings.topic("booking.bookings.v1"),
            until=lambda records: len(about_series(records)) >= 2,
        )
    )
    assert [r.headers["ce_type"].split(".")[-2] for r in events] == [
        "SlotBooked",
        "BookingCancelled",
    ]
    assert json.loads(events[0].value)["session_count"] == 3


async def test_a_youth_books_youth_activities_for_themselves_only(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    evening = await future_slot(
        stack,
        room["id"],
        capacity=10,
        hour=18,
        headers=coordinator,
        activity="peer_group",
        audience="youth",
    )
    morning = await future_slot(
        stack,
        room["id"],
        capacity=10,
        hour=9,
        headers=coordinator,
        activity="peer_group",
        audience="small_children",
    )
    youth = stack.auth("youth")

    own = await book(stack, evening["id"], youth)
    small = await book(stack, morning["id"], youth)
    held = await stack.client.post(
        stack.url("booking", "/v1/holds"), json={"slot_id": morning["id"]}, headers=youth
    )

    assert own.status_code == 201, own.text
    assert small.status_code == 403
    assert held.status_code == 403
    assert (await slot_now(stack, morning["id"]))["booked_count"] == 0


async def test_a_capacity_change_made_on_a_stale_read_is_refused(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(stack, room["id"], capacity=3, headers=coordinator)
    url = stack.url("booking", f"/v1/slots/{slot['id']}")
    read = await stack.client.get(url)
    await book(stack, slot["id"], stack.auth("guardian"))  # the slot changes meanwhile

    stale = await stack.client.put(
        f"{url}/capacity",
        json={"capacity": 5},
        headers={**coordinator, "If-Match": read.headers["etag"]},
    )
    fresh = await stack.client.get(url)
    current = await stack.client.put(
        f"{url}/capacity",
        json={"capacity": 5},
        headers={**coordinator, "If-Match": fresh.headers["etag"]},
    )

    assert (stale.status_code, stale.json()["title"]) == (412, "Precondition Failed")
    assert current.status_code == 200, current.text
    assert current.headers["etag"] != fresh.headers["etag"]
    assert (await slot_now(stack, slot["id"]))["capacity"] == 5
