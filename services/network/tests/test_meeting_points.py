"""Meeting points with their room-use agreement between municipality and wellbeing county."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from familjecentret.testing import Stack, eventually, room_for

AGREEMENT = {
    "parties": ["Närpes stad", "Österbottens välfärdsområde"],
    "valid_from": "2026-01-01",
    "valid_until": "2027-12-31",
    "rooms": ["Samlingssalen", "Lekrummet"],
}


def meeting_point(**changes: Any) -> dict[str, Any]:
    return {
        "municipality_code": "545",
        "name": "Träffpunkten i Närpes",
        "address": "Topeliusesplanaden 1",
        "accessibility": "Ramp vid ingången",
        "audience_bands": ["small_children", "youth"],
        "agreement": AGREEMENT,
        **changes,
    }


async def test_a_meeting_point_keeps_its_room_agreement_and_audience_bands(stack: Stack) -> None:
    created = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        json=meeting_point(),
        headers=stack.auth("coordinator"),
    )
    assert created.status_code == 201, created.text

    listed = (
        await stack.client.get(
            stack.url("network", "/v1/meeting-points"), params={"municipality": "545"}
        )
    ).json()

    point = next(p for p in listed if p["id"] == created.json()["id"])
    assert point["agreement"] == AGREEMENT
    assert point["audience_bands"] == ["small_children", "youth"]
    assert point["accessibility"] == "Ramp vid ingången"


async def test_an_agreement_that_ends_before_it_starts_is_refused(stack: Stack) -> None:
    response = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        json=meeting_point(agreement={**AGREEMENT, "valid_until": "2025-01-01"}),
        headers=stack.auth("coordinator"),
    )

    assert response.status_code == 422
    assert response.json()["title"] == "Agreement period upside down"


async def test_edited_audience_bands_reach_the_booking_room(stack: Stack) -> None:
    coordinator = stack.auth("coordinator", subject=uuid4())
    created = await stack.client.post(
        stack.url("network", "/v1/meeting-points"), json=meeting_point(), headers=coordinator
    )
    point_id = created.json()["id"]
    await room_for(stack, point_id)

    read = await stack.client.get(stack.url("network", f"/v1/meeting-points/{point_id}"))
    if_match = {"If-Match": read.headers["ETag"]}
    elsewhere = await stack.client.patch(
        stack.url("network", f"/v1/meeting-points/{point_id}"),
        json={"audience_bands": ["youth"]},
        headers={**stack.auth("coordinator"), **if_match},
    )
    edited = await stack.client.patch(
        stack.url("network", f"/v1/meeting-points/{point_id}"),
        json={"audience_bands": ["youth"]},
        headers={**coordinator, **if_match},
    )
    assert elsewhere.status_code == 403  # another meeting point's coordinator
    assert edited.status_code == 200, edited.text
    assert edited.json()["audience_bands"] == ["youth"]
    assert edited.json()["agreement"] == AGREEMENT

    async def room_for_youth() -> bool:
        room = await room_for(stack, point_id)
        return bool(room["audience_bands"] == ["youth"])

    await eventually(room_for_youth, what="the room to follow the new audience bands")


async def test_where_a_meeting_point_is_reaches_its_booking_room_and_follows_a_move(
    stack: Stack,
) -> None:
    coordinator = stack.auth("coordinator", subject=uuid4())
    created = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        json=meeting_point(address="Topeliusesplanaden 1, 64200 Närpes"),
        headers=coordinator,
    )
    assert created.status_code == 201, created.text
    point_id = created.json()["id"]
    room = await room_for(stack, point_id)
    assert (room["street_address"], room["postal_code"], room["locality"]) == (
        "Topeliusesplanaden 1",
        "64200",
        "Närpes",
    )

    url = stack.url("network", f"/v1/meeting-points/{point_id}")
    if_match = {"If-Match": (await stack.client.get(url)).headers["ETag"]}
    nowhere = await stack.client.patch(
        url, json={"address": None}, headers={**coordinator, **if_match}
    )
    moved = await stack.client.patch(
        url, json={"address": "Stationsvägen 3, 64200 Närpes"}, headers={**coordinator, **if_match}
    )

    assert (nowhere.status_code, nowhere.json()["title"]) == (422, "Address missing")
    assert moved.status_code == 200, moved.text
    assert moved.json()["address"] == "Stationsvägen 3, 64200 Närpes"

    async def room_moved() -> bool:
        return bool((await room_for(stack, point_id))["street_address"] == "Stationsvägen 3")

    await eventually(room_moved, what="the room to follow the meeting point's move")


async def test_a_digital_meeting_points_room_has_its_meeting_link(stack: Stack) -> None:
    link = "https://meet.example.fi/narpes-digital"
    created = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        json=meeting_point(digital=True, address=None, link=link),
        headers=stack.auth("coordinator"),
    )
    assert created.status_code == 201, created.text

    room = await room_for(stack, created.json()["id"])

    assert (room["kind"], room["meeting_link"], room["street_address"]) == (
        "digital_room",
        link,
        None,
    )


async def test_only_coordinators_edit_meeting_points(stack: Stack) -> None:
    created = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        json=meeting_point(),
        headers=stack.auth("coordinator"),
    )

    response = await stack.client.patch(
        stack.url("network", f"/v1/meeting-points/{created.json()['id']}"),
        json={"audience_bands": ["youth"]},
        headers=stack.auth("guardian"),
    )

    assert response.status_code == 403
