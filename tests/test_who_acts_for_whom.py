"""Who acts for whom, end to end: network registers the family and opens the case, its
events reach booking over the real broker, and booking checks them itself."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import Stack, eventually, future_slot, managed_room, open_case_for


def years_ago(years: int) -> str:
    today = datetime.now(UTC).date()
    return date(today.year - years, 3, 1).isoformat()


async def register_family(stack: Stack, guardian: UUID, co_guardian: UUID) -> tuple[str, str]:
    """A family registered by `guardian`, naming `co_guardian` (pending) and one child of
    four. The family's id and the child's id."""
    headers = stack.auth("guardian", subject=guardian)
    registered = await stack.client.post(
        stack.url("network", "/v1/families"),
        headers=headers,
        json={
            "guardians": [
                {"name": "Anna", "subject": str(guardian)},
                {"name": "Jonas", "subject": str(co_guardian)},
            ],
            "children": [{"name": "Elsa", "birth_date": years_ago(4)}],
        },
    )
    assert registered.status_code == 201, registered.text
    family_id = registered.json()["id"]
    family = (
        await stack.client.get(stack.url("network", f"/v1/families/{family_id}"), headers=headers)
    ).json()
    (child,) = [m for m in family["members"] if m["role"] == "child"]
    return family_id, child["id"]


async def test_the_co_guardian_acts_for_the_child_in_booking_once_confirmed_in_network(
    stack: Stack,
) -> None:
    guardian, co_guardian = uuid4(), uuid4()
    family_id, child_id = await register_family(stack, guardian, co_guardian)
    room, coordinator = await managed_room(stack)
    slot = await future_slot(
        stack,
        room["id"],
        capacity=5,
        headers=coordinator,
        activity="peer_group",
        min_age_years=1,
        max_age_years=6,
    )
    headers = stack.auth("guardian", subject=guardian)
    co_headers = stack.auth("guardian", subject=co_guardian)
    bookings_url = stack.url("booking", "/v1/bookings")

    async def booked() -> Any:
        response = await stack.client.post(
            bookings_url, headers=headers, json={"slot_id": slot["id"], "child_id": child_id}
        )
        return response if response.status_code == 201 else None

    booking = (await eventually(booked, what="booking to learn the family")).json()
    stranger = await stack.client.post(
        bookings_url,
        headers=stack.auth("guardian"),
        json={"slot_id": slot["id"], "child_id": child_id},
    )
    pending_view = await stack.client.get(bookings_url, headers=co_headers)
    pending_read = await stack.client.get(f"{bookings_url}/{booking['id']}", headers=co_headers)

    assert stranger.status_code == 403
    assert pending_view.json() == []
    assert pending_read.status_code == 403

    confirmed = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/guardians/me/confirmation"),
        headers=co_headers,
    )
    assert confirmed.status_code in (200, 204), confirmed.text

    async def co_guardian_sees() -> bool:
        listed = (await stack.client.get(bookings_url, headers=co_headers)).json()
        return any(b["id"] == booking["id"] for b in listed)

    await eventually(co_guardian_sees, what="the confirmed co-guardian to see the booking")
    cancelled = await stack.client.post(
        f"{bookings_url}/{booking['id']}/cancel", headers=co_headers
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"


async def test_only_the_case_team_network_opened_reads_the_familys_free_times(stack: Stack) -> None:
    guardian, responsible = uuid4(), uuid4()
    family_id, _ = await register_family(stack, guardian, uuid4())
    case = await open_case_for(stack, family_id, guardian=guardian, professional=responsible)
    calendars = {}
    for subject in (responsible, uuid4()):
        headers = stack.auth("professional", subject=subject)
        created = await stack.client.post(
            stack.url("booking", "/v1/resources"),
            headers=headers,
            json={"kind": "professional", "name": "calendar"},
        )
        assert created.status_code == 201, created.text
        calendars[subject] = (created.json(), headers)
    room = await stack.client.post(
        stack.url("booking", "/v1/resources"),
        headers=stack.auth("admin"),
        json={"kind": "digital_room", "name": "Digital room"},
    )
    day = (datetime.now(UTC) + timedelta(days=14)).date()
    url = stack.url("booking", "/v1/network-meetings/free-times")

    def params(calendar: dict[str, Any]) -> dict[str, Any]:
        return {
            "case_id": case["id"],
            "room_ids": [room.json()["id"]],
            "professional_resource_ids": [calendar["id"]],
            "from": day.isoformat(),
            "to": (day + timedelta(days=6)).isoformat(),
        }

    async def responsible_reads() -> Any:
        calendar, headers = calendars[responsible]
        response = await stack.client.get(url, headers=headers, params=params(calendar))
        return response if response.status_code == 200 else None

    assert (await eventually(responsible_reads, what="booking to learn the case team")).json()
    ((outsider_calendar, outsider_headers),) = [
        value for key, value in calendars.items() if key != responsible
    ]
    outsider = await stack.client.get(
        url, headers=outsider_headers, params=params(outsider_calendar)
    )

    assert outsider.status_code == 403
    log = (
        await stack.client.get(
            stack.url("booking", "/v1/access-log"), headers=stack.auth("guardian", subject=guardian)
        )
    ).json()
    assert (outsider_calendar["owner_subject"], "read_free_times_refused") in {
        (entry["actor"], entry["action"]) for entry in log
    }
