"""A meeting point's room is managed by whoever network says is responsible for it, over
HTTP against the real broker: a coordinator network no longer names loses the room."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import (
    Stack,
    eventually,
    future_slot,
    manager_of,
    publish_as_network,
    room_for,
)
from fc_shared.events import MeetingPointChanged, MeetingPointOpened


async def feed_link_status(stack: Stack, room_id: str, headers: dict[str, str]) -> int:
    response = await stack.client.get(
        stack.url("booking", f"/v1/resources/{room_id}/feed-link"), headers=headers
    )
    return response.status_code


async def opened_room(stack: Stack, coordinator: UUID) -> tuple[MeetingPointOpened, dict[str, Any]]:
    opening = MeetingPointOpened(
        meeting_point_id=uuid4(), municipality_code="905", coordinator=coordinator
    )
    await publish_as_network(stack, opening)
    return opening, await room_for(stack, str(opening.meeting_point_id))


async def test_a_meeting_point_left_with_nobody_responsible_takes_the_room_from_its_coordinator(
    stack: Stack,
) -> None:
    former = uuid4()
    opening, room = await opened_room(stack, former)
    by_former = stack.auth("coordinator", subject=former)
    named_by_admin = await manager_of(stack, room["id"])
    await future_slot(stack, room["id"], headers=by_former)  # theirs while responsible
    old_link = (
        await stack.client.get(
            stack.url("booking", f"/v1/resources/{room['id']}/feed-link"), headers=by_former
        )
    ).json()["url"]

    await publish_as_network(
        stack,
        MeetingPointChanged(
            meeting_point_id=opening.meeting_point_id,
            municipality_code="905",
            audience_bands=opening.audience_bands,
            coordinator=None,
        ),
    )

    async def room_taken_away() -> bool:
        return await feed_link_status(stack, room["id"], by_former) == 403

    await eventually(room_taken_away, timeout=20, what="the former coordinator to lose the room")
    starts = datetime.now(UTC) + timedelta(days=9)
    slot = await stack.client.post(
        stack.url("booking", "/v1/slots"),
        headers=by_former,
        json={
            "resource_id": room["id"],
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
        },
    )
    closures_url = stack.url("booking", f"/v1/resources/{room['id']}/closures")
    closure = await stack.client.post(
        closures_url,
        headers=by_former,
        json={"starts_on": str(starts.date()), "ends_on": str(starts.date()), "reason": "Stängt"},
    )
    closures = await stack.client.get(closures_url, headers=by_former)
    assert (slot.status_code, closure.status_code, closures.status_code) == (403, 403, 403)
    # The link they were given stops working with their access.
    assert (await stack.client.get(old_link)).status_code == 403
    # The manager an admin named stays.
    assert await feed_link_status(stack, room["id"], named_by_admin) == 200
    await future_slot(stack, room["id"], headers=named_by_admin, days_ahead=10)

    # A redelivered opening does not give the room back: the change is the newer word.
    await publish_as_network(stack, opening)
    await opened_room(stack, uuid4())  # a later opening on the same topic, handled after it
    assert await feed_link_status(stack, room["id"], by_former) == 403


async def test_a_handover_moves_the_room_to_the_new_coordinator(stack: Stack) -> None:
    former, successor = uuid4(), uuid4()
    opening, room = await opened_room(stack, former)
    by_successor = stack.auth("coordinator", subject=successor)

    await publish_as_network(
        stack,
        MeetingPointChanged(
            meeting_point_id=opening.meeting_point_id,
            municipality_code="905",
            audience_bands=opening.audience_bands,
            coordinator=successor,
        ),
    )

    async def handed_over() -> bool:
        return await feed_link_status(stack, room["id"], by_successor) == 200

    await eventually(handed_over, timeout=20, what="the successor to manage the room")
    by_former = stack.auth("coordinator", subject=former)
    assert await feed_link_status(stack, room["id"], by_former) == 403


async def test_a_manager_an_admin_named_stays_when_network_hands_the_room_on(stack: Stack) -> None:
    coordinator, successor = uuid4(), uuid4()
    opening, room = await opened_room(stack, coordinator)
    # The admin names the coordinator network named, so they keep helping with the room.
    named = await stack.client.put(
        stack.url("booking", f"/v1/resources/{room['id']}/managers"),
        json={"subject": str(coordinator)},
        headers=stack.auth("admin"),
    )
    assert named.status_code == 204, named.text
    by_successor = stack.auth("coordinator", subject=successor)

    await publish_as_network(
        stack,
        MeetingPointChanged(
            meeting_point_id=opening.meeting_point_id,
            municipality_code="905",
            audience_bands=opening.audience_bands,
            coordinator=successor,
        ),
    )

    async def handed_over() -> bool:
        return await feed_link_status(stack, room["id"], by_successor) == 200

    await eventually(handed_over, timeout=20, what="the successor to manage the room")
    by_coordinator = stack.auth("coordinator", subject=coordinator)
    assert await feed_link_status(stack, room["id"], by_coordinator) == 200


async def test_a_room_carries_its_meeting_points_name(stack: Stack) -> None:
    opening = MeetingPointOpened(
        meeting_point_id=uuid4(), municipality_code="905", title="Träffpunkten i Vasa"
    )
    await publish_as_network(stack, opening)
    room = await room_for(stack, str(opening.meeting_point_id))
    assert room["name"] == "Träffpunkten i Vasa"

    await publish_as_network(
        stack,
        MeetingPointChanged(
            meeting_point_id=opening.meeting_point_id,
            municipality_code="905",
            audience_bands=opening.audience_bands,
            title="Familjecentrets träffpunkt i Vasa",
        ),
    )

    async def renamed() -> bool:
        rooms = (await stack.client.get(stack.url("booking", "/v1/resources"))).json()
        (found,) = [r for r in rooms if r["id"] == room["id"]]
        return bool(found["name"] == "Familjecentrets träffpunkt i Vasa")

    await eventually(renamed, timeout=20, what="the room to take the new name")


async def test_a_room_knows_where_its_meeting_point_is_and_follows_it_when_it_moves(
    stack: Stack,
) -> None:
    opening = MeetingPointOpened(
        meeting_point_id=uuid4(),
        municipality_code="499",
        title="Träffpunkten i Smedsby",
        street_address="Skolvägen 2",
        postal_code="65610",
        locality="Korsholm",
    )
    await publish_as_network(stack, opening)
    room = await room_for(stack, str(opening.meeting_point_id))
    assert (room["street_address"], room["postal_code"], room["locality"]) == (
        "Skolvägen 2",
        "65610",
        "Korsholm",
    )

    async def room_now() -> dict[str, Any]:
        rooms = (await stack.client.get(stack.url("booking", "/v1/resources"))).json()
        (found,) = [r for r in rooms if r["id"] == room["id"]]
        return dict(found)

    moved = MeetingPointChanged(
        meeting_point_id=opening.meeting_point_id,
        municipality_code="499",
        audience_bands=opening.audience_bands,
        title="Träffpunkten i Smedsby",
        street_address="Centrumvägen 5",
        postal_code="65610",
        locality="Korsholm",
    )
    await publish_as_network(stack, moved)

    async def has_moved() -> bool:
        return bool((await room_now())["street_address"] == "Centrumvägen 5")

    await eventually(has_moved, timeout=20, what="the room to follow the meeting point")

    # A change from before network sent places says nothing of where: the room stays put.
    renamed = moved.model_copy(
        update={
            "title": "Familjecentrets träffpunkt i Smedsby",
            "street_address": None,
            "postal_code": None,
            "locality": None,
        }
    )
    await publish_as_network(stack, renamed)

    async def has_new_name() -> bool:
        return bool((await room_now())["name"] == "Familjecentrets träffpunkt i Smedsby")

    await eventually(has_new_name, timeout=20, what="the room to take the new name")
    assert (await room_now())["street_address"] == "Centrumvägen 5"
