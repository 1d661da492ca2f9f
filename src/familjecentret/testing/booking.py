"""Booking's world for a test: rooms, slots and managers over booking's HTTP API, and what
booking knows from network (meeting points, families, case teams) published on the broker as
network would, so that booking's own tests need no network service."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from datetime import time as wall_time
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from familjecentret.testing.broker import publish_as_network
from familjecentret.testing.stack import Stack, eventually
from fc_shared.events import SlotBooked

HELSINKI = ZoneInfo("Europe/Helsinki")


async def room_for(stack: Stack, meeting_point_id: str) -> dict[str, Any]:
    """The meeting point's booking room, once booking has made it (from MeetingPointOpened)."""

    async def room() -> dict[str, Any] | None:
        response = await stack.client.get(
            stack.url("booking", "/v1/resources"), params={"meeting_point_id": meeting_point_id}
        )
        rooms: list[dict[str, Any]] = response.json()
        return rooms[0] if rooms else None

    return await eventually(room, what="booking to have the meeting point's room")


async def meeting_point_room(
    stack: Stack,
    *,
    municipality: str = "905",
    audience_bands: Iterable[str] | None = None,
    coordinator: UUID | None = None,
    title: str = "Träffpunkten",
) -> dict[str, Any]:
    """The booking room of a meeting point that network has opened, without network: its
    `MeetingPointOpened` published on the broker as network would (someone new is the
    coordinator unless one is given; every audience unless bands are given), once booking
    has made the room."""
    from fc_shared.events import MeetingPointOpened

    opening = MeetingPointOpened.model_validate(
        {
            "meeting_point_id": uuid4(),
            "municipality_code": municipality,
            "coordinator": coordinator or uuid4(),
            "title": title,
            **({} if audience_bands is None else {"audience_bands": list(audience_bands)}),
        }
    )
    await publish_as_network(stack, opening)
    return await room_for(stack, str(opening.meeting_point_id))


async def manager_of(stack: Stack, resource_id: str, role: str = "coordinator") -> dict[str, str]:
    """Headers of a fresh coordinator whom an admin has made the resource's manager."""
    subject = uuid4()
    response = await stack.client.put(
        stack.url("booking", f"/v1/resources/{resource_id}/managers"),
        json={"subject": str(subject)},
        headers=stack.auth("admin"),
    )
    assert response.status_code == 204, response.text
    return stack.auth(role, subject=subject)


async def managed_room(
    stack: Stack, municipality: str = "905"
) -> tuple[dict[str, Any], dict[str, str]]:
    """A new meeting point's booking room, and the headers of a coordinator managing it
    (the meeting point's opening is published on the broker: booking alone is enough)."""
    room = await meeting_point_room(stack, municipality=municipality)
    return room, await manager_of(stack, room["id"])


def helsinki_time(days_ahead: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Helsinki some days from today (slots in meeting-point rooms must
    fit the room's audience bands, so tests pick their hours)."""
    day = datetime.now(HELSINKI).date() + timedelta(days=days_ahead)
    return datetime.combine(day, wall_time(hour, minute), HELSINKI)


async def future_slot(
    stack: Stack,
    resource_id: str,
    *,
    capacity: int = 1,
    days_ahead: int = 7,
    hour: int = 9,
    headers: dict[str, str] | None = None,
    **offering: Any,
) -> dict[str, Any]:
    starts = helsinki_time(days_ahead, hour)
    response = await stack.client.post(
        stack.url("booking", "/v1/slots"),
        json={
            "resource_id": resource_id,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
            "capacity": capacity,
            **offering,
        },
        headers=headers or await manager_of(stack, resource_id),
    )
    assert response.status_code == 201, response.text
    slot: dict[str, Any] = response.json()
    return slot


async def _booking_holds(stack: Stack, sql: str, **params: Any) -> bool:
    from sqlalchemy import text

    from fc_shared.db import create_engine

    engine = create_engine(stack.settings, "booking")
    try:
        async with engine.connect() as connection:
            return bool(await connection.scalar(text(sql), params))
    finally:
        await engine.dispose()


async def family_known_to_booking(
    stack: Stack,
    *,
    guardians: Iterable[UUID],
    children: Iterable[Any] = (),
    family_id: UUID | None = None,
    revision: int = 1,
) -> Any:
    """A FamilyChanged snapshot published as network would, once booking has applied it.
    `children` are FamilyChild records or birth dates (then with fresh ids). The event."""
    from datetime import date

    from fc_shared.events import FamilyChanged
    from fc_shared.events.contracts import FamilyChild

    event = FamilyChanged(
        family_id=family_id or uuid4(),
        revision=revision,
        guardians=list(guardians),
        children=[
            FamilyChild(child_id=uuid4(), birth_date=child) if isinstance(child, date) else child
            for child in children
        ],
    )
    await publish_as_network(stack, event)

    async def applied() -> bool:
        return await _booking_holds(
            stack,
            "SELECT revision >= :revision FROM families WHERE family_id = :family_id",
            revision=revision,
            family_id=event.family_id,
        )

    await eventually(applied, what="booking to know the family")
    return event


async def case_team_known_to_booking(
    stack: Stack,
    *,
    family_id: UUID,
    responsible: UUID | None,
    consented_members: Iterable[UUID] = (),
    case_id: UUID | None = None,
    revision: int = 1,
) -> Any:
    """A CaseTeamChanged snapshot published as network would, once booking has applied it."""
    from fc_shared.events import CaseTeamChanged

    event = CaseTeamChanged(
        case_id=case_id or uuid4(),
        family_id=family_id,
        revision=revision,
        responsible=responsible,
        consented_members=list(consented_members),
    )
    await publish_as_network(stack, event)

    async def applied() -> bool:
        return await _booking_holds(
            stack,
            "SELECT revision >= :revision FROM case_teams WHERE case_id = :case_id",
            revision=revision,
            case_id=event.case_id,
        )

    await eventually(applied, what="booking to know the case team")
    return event


def slot_booked(booked_by: UUID, starts_at: datetime, **changes: Any) -> SlotBooked:
    """An hour's booking by a guardian in Vasa, as booking announces it, for tests that
    publish booking's events themselves; `changes` sets any other field."""
    values: dict[str, Any] = {
        "booking_id": uuid4(),
        "slot_id": uuid4(),
        "resource_id": uuid4(),
        "booked_by": booked_by,
        "municipality_code": "905",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=1),
        "booked_as": "guardian",
    }
    return SlotBooked(**{**values, **changes})
