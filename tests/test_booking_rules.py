"""Booking rules a family relies on, over HTTP: capacity, idempotency, clear errors."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from uuid import uuid4

from familjecentret.testing import (
    Stack,
    future_slot,
    helsinki_time,
    manager_of,
    open_meeting_point,
    room_for,
)


async def test_concurrent_bookings_never_exceed_the_capacity(stack: Stack) -> None:
    room = await room_for(stack, (await open_meeting_point(stack))["id"])
    slot = await future_slot(stack, room["id"], capacity=3)

    responses = await asyncio.gather(
        *(
            stack.client.post(
                stack.url("booking", "/v1/bookings"),
                json={"slot_id": slot["id"], "join_waitlist": False},
                headers=stack.auth("guardian"),
            )
            for _ in range(25)
        )
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201] * 3 + [409] * 22
    full = next(response for response in responses if response.status_code == 409)
    assert full.headers["content-type"] == "application/problem+json"
    assert full.json()["title"] == "Slot full"
    slots = (
        await stack.client.get(
            stack.url("booking", "/v1/slots"), params={"resource_id": room["id"]}
        )
    ).json()["items"]
    assert next(s for s in slots if s["id"] == slot["id"])["booked_count"] == 3


async def test_a_repeated_request_with_the_same_idempotency_key_books_once(stack: Stack) -> None:
    room = await room_for(stack, (await open_meeting_point(stack))["id"])
    slot = await future_slot(stack, room["id"], capacity=5)
    guardian = {**stack.auth("guardian"), "Idempotency-Key": str(uuid4())}

    responses = await asyncio.gather(
        *(
            stack.client.post(
                stack.url("booking", "/v1/bookings"), json={"slot_id": slot["id"]}, headers=guardian
            )
            for _ in range(5)
        )
    )

    assert {response.status_code for response in responses} == {201}
    assert len({response.json()["id"] for response in responses}) == 1
    mine = (await stack.client.get(stack.url("booking", "/v1/bookings"), headers=guardian)).json()
    assert len(mine) == 1


async def test_a_guardian_cannot_book_the_same_slot_twice(stack: Stack) -> None:
    room = await room_for(stack, (await open_meeting_point(stack))["id"])
    slot = await future_slot(stack, room["id"], capacity=5)
    guardian = stack.auth("guardian")

    first = await stack.client.post(
        stack.url("booking", "/v1/bookings"), json={"slot_id": slot["id"]}, headers=guardian
    )
    second = await stack.client.post(
        stack.url("booking", "/v1/bookings"), json={"slot_id": slot["id"]}, headers=guardian
    )

    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["title"] == "Already booked"


async def test_overlapping_slots_on_one_resource_are_refused(stack: Stack) -> None:
    room = await room_for(stack, (await open_meeting_point(stack))["id"])
    slot = await future_slot(stack, room["id"])
    response = await stack.client.post(
        stack.url("booking", "/v1/slots"),
        json={
            "resource_id": room["id"],
            "starts_at": slot["starts_at"],
            "ends_at": slot["ends_at"],
        },
        headers=await manager_of(stack, room["id"]),
    )

    assert response.status_code == 409
    assert response.json()["title"] == "Slot overlaps"


async def test_bad_input_gets_problem_json_and_changes_nothing(stack: Stack) -> None:
    organiser = stack.auth("coordinator")
    soon = helsinki_time(30, 10)
    unknown_resource = await stack.client.post(
        stack.url("booking", "/v1/slots"),
        json={
            "resource_id": str(uuid4()),
            "starts_at": soon.isoformat(),
            "ends_at": (soon + timedelta(hours=1)).isoformat(),
        },
        headers=organiser,
    )
    backwards = await stack.client.post(
        stack.url("booking", "/v1/slots"),
        json={
            "resource_id": str(uuid4()),
            "starts_at": soon.isoformat(),
            "ends_at": (soon - timedelta(hours=1)).isoformat(),
        },
        headers=organiser,
    )
    unknown_municipality = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        json={"municipality_code": "091", "name": "Helsingfors", "address": "Gatan 1"},
        headers=organiser,
    )
    missing_slot = await stack.client.post(
        stack.url("booking", "/v1/bookings"),
        json={"slot_id": str(uuid4())},
        headers=stack.auth("guardian"),
    )

    assert (unknown_resource.status_code, unknown_resource.json()["title"]) == (
        422,
        "Unknown resource",
    )
    assert (backwards.status_code, backwards.json()["title"]) == (422, "End before start")
    assert (unknown_municipality.status_code, unknown_municipality.json()["title"]) == (
        422,
        "Unknown municipality",
    )
    assert missing_slot.status_code == 404
    points = (
        await stack.client.get(
            stack.url("network", "/v1/meeting-points"), params={"municipality": "091"}
        )
    ).json()
    assert points == []
