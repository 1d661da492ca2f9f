""" "Let's Talk about Children" network meetings: common free times, booked in one step."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import (
    Stack,
    case_team_known_to_booking,
    family_known_to_booking,
    helsinki_time,
    meeting_point_room,
)


async def case_of(stack: Stack, responsible: UUID, guardians: list[UUID]) -> str:
    """A family with these guardians, and its case with this responsible person, as booking
    knows them from the network service's events. The case's id."""
    family = await family_known_to_booking(stack, guardians=guardians)
    case = await case_team_known_to_booking(
        stack, family_id=family.family_id, responsible=responsible
    )
    return str(case.case_id)


async def calendar(
    stack: Stack, kind: str = "professional", subject: UUID | None = None, **extra: Any
) -> tuple[dict[str, Any], dict[str, str]]:
    """A resource and the headers of whoever manages it."""
    if kind == "professional":
        headers = stack.auth("professional", subject=subject or uuid4())
    else:
        headers = stack.auth("admin")
    response = await stack.client.post(
        stack.url("booking", "/v1/resources"),
        json={"kind": kind, "name": f"{kind} calendar", **extra},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created, headers


def next_monday_at(hour: int) -> datetime:
    start = helsinki_time(1, hour)
    while start.weekday() != 0:
        start += timedelta(days=1)
    return start + timedelta(days=7)  # clear of any public holiday this week


async def test_free_times_are_when_everyone_is_free_and_booking_takes_them_all(
    stack: Stack,
) -> None:
    responsible, responsible_headers = await calendar(stack)
    social_worker, social_headers = await calendar(stack)
    room, _ = await calendar(stack, "digital_room")
    interpreter, _ = await calendar(stack, "interpreter", languages=["ar", "ku"])
    guardian: UUID = uuid4()
    case_id = await case_of(stack, UUID(responsible["owner_subject"]), [guardian])
    monday = next_monday_at(8)
    busy = await stack.client.post(
        stack.url("booking", "/v1/slots"),
        json={
            "resource_id": social_worker["id"],
            "starts_at": monday.isoformat(),
            "ends_at": (monday + timedelta(hours=2)).isoformat(),
        },
        headers=social_headers,
    )
    assert busy.status_code == 201, busy.text
    params = {
        "case_id": case_id,
        "professional_resource_ids": [responsible["id"], social_worker["id"]],
        "room_ids": [room["id"]],
        "from": monday.date().isoformat(),
        "to": monday.date().isoformat(),
        "duration_minutes": "60",
        "interpreter_language": "ar",
        "limit": "3",
    }

    offered = await stack.client.get(
        stack.url("booking", "/v1/network-meetings/free-times"),
        params=params,
        headers=responsible_headers,
    )

    assert offered.status_code == 200, offered.text
    times = offered.json()
    # 08:00-10:00 the social worker is busy: the first common hour starts at 10:00.
    assert datetime.fromisoformat(times[0]["starts_at"]) == monday + timedelta(hours=2)
    first = times[0]
    assert first["interpreter_id"] == interpreter["id"]
    booked = await stack.client.post(
        stack.url("booking", "/v1/network-meetings"),
        json={
            "case_id": case_id,
            "starts_at": first["starts_at"],
            "ends_at": first["ends_at"],
            "room_id": room["id"],
            "professional_resource_ids": [responsible["id"], social_worker["id"]],
            "interpreter_language": "ar",
        },
        headers=responsible_headers,
    )
    assert booked.status_code == 201, booked.text
    assert len(booked.json()["slot_ids"]) == 4  # room, two calendars, the interpreter

    again = await stack.client.get(
        stack.url("booking", "/v1/network-meetings/free-times"),
        params=params,
        headers=responsible_headers,
    )
    assert first["starts_at"] not in [t["starts_at"] for t in again.json()]
    other_case = await case_of(stack, UUID(responsible["owner_subject"]), [uuid4()])
    twice = await stack.client.post(
        stack.url("booking", "/v1/network-meetings"),
        json={
            "case_id": other_case,
            "starts_at": first["starts_at"],
            "ends_at": first["ends_at"],
            "room_id": room["id"],
            "professional_resource_ids": [responsible["id"]],
        },
        headers=responsible_headers,
    )
    assert twice.status_code == 409
    not_own_calendar = await case_of(stack, subject := uuid4(), [uuid4()])
    foreign = await stack.client.post(
        stack.url("booking", "/v1/network-meetings"),
        json={
            "case_id": not_own_calendar,
            "starts_at": times[1]["starts_at"],
            "ends_at": times[1]["ends_at"],
            "room_id": room["id"],
            "professional_resource_ids": [social_worker["id"]],
        },
        headers=stack.auth("professional", subject=subject),
    )
    assert foreign.status_code == 403


async def test_a_meeting_point_room_is_its_coordinators_to_give(stack: Stack) -> None:
    responsible, headers = await calendar(stack)
    case_id = await case_of(stack, UUID(responsible["owner_subject"]), [uuid4()])
    room = await meeting_point_room(stack)
    monday = next_monday_at(10)
    body = {
        "case_id": case_id,
        "starts_at": monday.isoformat(),
        "ends_at": (monday + timedelta(hours=1)).isoformat(),
        "room_id": room["id"],
        "professional_resource_ids": [responsible["id"]],
    }

    refused = await stack.client.post(
        stack.url("booking", "/v1/network-meetings"), json=body, headers=headers
    )

    assert refused.status_code == 403
    busy = await stack.client.get(
        stack.url("booking", "/v1/slots"), params={"resource_id": room["id"]}
    )
    assert busy.json()["items"] == []


async def test_a_guardian_named_twice_is_booked_once(stack: Stack) -> None:
    responsible, headers = await calendar(stack)
    room, _ = await calendar(stack, "digital_room")
    guardian = uuid4()
    case_id = await case_of(stack, UUID(responsible["owner_subject"]), [guardian])
    monday = next_monday_at(13)

    booked = await stack.client.post(
        stack.url("booking", "/v1/network-meetings"),
        json={
            "case_id": case_id,
            "starts_at": monday.isoformat(),
            "ends_at": (monday + timedelta(hours=1)).isoformat(),
            "room_id": room["id"],
            "guardians": [str(guardian), str(guardian)],
            "professional_resource_ids": [responsible["id"], responsible["id"]],
        },
        headers=headers,
    )

    assert booked.status_code == 201, booked.text
    assert len(booked.json()["booking_ids"]) == 1
    assert len(booked.json()["slot_ids"]) == 2
