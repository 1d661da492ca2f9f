"""Defence in depth behind the broker's ACLs, on the real broker and the real database: an event
on a topic from a source that does not own it changes nothing and lands on the dead letter.

The attack the check stops: anyone able to write to `network.meeting-points.v1` publishes a
`MeetingPointChanged` naming themselves coordinator, and booking hands them the room.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from familjecentret.testing import (
    Record,
    Stack,
    eventually,
    helsinki_time,
    produce,
    read_topic,
    room_for,
)
from fc_shared.bus import dead_letter_topic
from fc_shared.events import MeetingPointChanged


async def slot_status(stack: Stack, room_id: str, subject: UUID, days: int) -> int:
    """What booking answers when `subject` adds a slot to the room: 201 for its manager."""
    starts = helsinki_time(days, 10)
    response = await stack.client.post(
        stack.url("booking", "/v1/slots"),
        json={
            "resource_id": room_id,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
        },
        headers=stack.auth("coordinator", subject=subject),
    )
    return response.status_code


def forged_change(point: dict[str, Any], stranger: UUID, source: str) -> dict[str, Any]:
    """A well-formed MeetingPointChanged handing the room to `stranger`, sent as `source`."""
    event = MeetingPointChanged(
        meeting_point_id=UUID(point["id"]),
        municipality_code=point["municipality_code"],
        audience_bands=["small_children", "school_children", "youth"],
        coordinator=stranger,
    )
    return {
        "key": str(event.meeting_point_id).encode(),
        "value": event.model_dump_json().encode(),
        "headers": {
            "ce_id": str(uuid4()),
            "ce_type": MeetingPointChanged.TYPE,
            "ce_source": source,
            "ce_specversion": "1.0",
            "ce_time": datetime.now(UTC).isoformat(),
            "content-type": "application/json",
        },
    }


# '/attacker': a principal that is no service; '/booking': a real service, but not the owner.
@pytest.mark.parametrize("source", ["/attacker", "/booking"])
async def test_a_meeting_point_change_not_from_network_hands_no_room_over(
    stack: Stack, source: str
) -> None:
    coordinator, stranger = uuid4(), uuid4()
    point = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        json={"municipality_code": "905", "name": "Träffpunkten", "address": "Torget 1"},
        headers=stack.auth("coordinator", subject=coordinator),
    )
    assert point.status_code == 201, point.text
    room = await room_for(stack, point.json()["id"])

    async def managed_by_coordinator() -> bool:
        return await slot_status(stack, room["id"], coordinator, 3) == 201

    await eventually(managed_by_coordinator, what="the coordinator to manage the room")

    forged = forged_change(point.json(), stranger, source)
    topic = stack.settings.topic(MeetingPointChanged.TOPIC)
    await produce(stack.settings.kafka_bootstrap_servers, topic, **forged)

    # Dead-lettering is the consumer's last step with the message: once the letter is there,
    # the forged event has been dealt with, and it must have changed nothing.
    forged_id = forged["headers"]["ce_id"]

    def has_forged(records: list[Record]) -> bool:
        return any(record.headers.get("ce_id") == forged_id for record in records)

    dead = await read_topic(
        stack.settings.kafka_bootstrap_servers, dead_letter_topic(topic), until=has_forged
    )
    letter = next(record for record in dead if record.headers.get("ce_id") == forged_id)
    assert "not the owner" in letter.headers["dlt_error"]
    assert source in letter.headers["dlt_error"]
    assert letter.headers["dlt_original_topic"] == topic
    assert letter.headers["ce_source"] == source

    assert await slot_status(stack, room["id"], stranger, 4) == 403
    assert await slot_status(stack, room["id"], coordinator, 5) == 201
