"""The link to a booking's .ics that its events carry for letters: it opens without logging
in (a mail client sends no token), serves the same file as the logged-in `.ics`, and a link
with a wrong or another booking's signature opens nothing, answered as an unknown booking.
Over HTTP against the real PostgreSQL and broker: the events are read back from the broker
as notify reads them."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, TypeVar
from uuid import uuid4

import httpx
import icalendar

from familjecentret.testing import (
    Record,
    Stack,
    future_slot,
    helsinki_time,
    publish_as_network,
    read_topic,
    room_for,
)
from fc_shared.events import (
    BookingRescheduled,
    DomainEvent,
    MeetingPointOpened,
    SlotBooked,
    WaitlistPromoted,
)

Event = TypeVar("Event", bound=DomainEvent)

POINT = "Familjecentrets träffpunkt i Jakobstad"
ADDRESS = {"street_address": "Storgatan 5", "postal_code": "68600", "locality": "Jakobstad"}


async def meeting_point_room(stack: Stack) -> tuple[dict[str, Any], dict[str, str]]:
    coordinator = uuid4()
    event = MeetingPointOpened.model_validate(
        {"meeting_point_id": uuid4(), "municipality_code": "598", "coordinator": coordinator}
        | {"title": POINT, **ADDRESS}
    )
    await publish_as_network(stack, event)
    room = await room_for(stack, str(event.meeting_point_id))
    return room, stack.auth("coordinator", subject=coordinator)


async def book(stack: Stack, headers: dict[str, str], slot_id: str) -> Any:
    response = await stack.client.post(
        stack.url("booking", "/v1/bookings"), json={"slot_id": slot_id}, headers=headers
    )
    assert response.status_code in (201, 202), response.text
    return response.json()


async def announced(stack: Stack, event: type[Event], booking_id: str) -> Event:
    """The booking's event of this type, read back from the broker."""

    def found(records: list[Record]) -> list[Record]:
        return [
            r
            for r in records
            if r.headers.get("ce_type") == event.TYPE
            and json.loads(r.value)["booking_id"] == booking_id
        ]

    records = await read_topic(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic(event.TOPIC),
        until=lambda records: bool(found(records)),
    )
    return event.model_validate_json(found(records)[0].value)


def on_this_stack(stack: Stack, link: str) -> str:
    """The link as this test's booking serves it: booking's public address is the
    development stack's, the test's booking listens on a port of its own."""
    url = httpx.URL(link)
    assert link.startswith(stack.settings.booking_public_url + "/")
    return stack.url("booking", f"{url.path}?{url.query.decode()}")


async def opened(stack: Stack, link: str) -> httpx.Response:
    """The link followed as a mail client does: no token, no cookie."""
    return await stack.client.get(on_this_stack(stack, link))


def with_signature(link: str, signature: str) -> str:
    return str(httpx.URL(link).copy_set_param("sig", signature))


async def test_a_confirmations_link_opens_the_bookings_ics_without_a_login(stack: Stack) -> None:
    room, coordinator = await meeting_point_room(stack)
    slot = await future_slot(stack, room["id"], headers=coordinator, activity="parent_evening")
    family = stack.auth("guardian")
    booking = await book(stack, family, slot["id"])

    link = (await announced(stack, SlotBooked, booking["id"])).calendar_url
    assert link is not None
    response = await opened(stack, link)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == f"{booking['id']}@familjecentret.fi"
    assert str(event["LOCATION"]) == f"{POINT}, Storgatan 5, 68600 Jakobstad"
    logged_in = await stack.client.get(
        stack.url("booking", f"/v1/bookings/{booking['id']}.ics"), headers=family
    )
    assert response.content == logged_in.content


async def test_a_wrong_or_borrowed_signature_opens_nothing_and_says_nothing(stack: Stack) -> None:
    room, coordinator = await meeting_point_room(stack)
    slot = await future_slot(stack, room["id"], capacity=2, headers=coordinator)
    mine, theirs = [await book(stack, stack.auth("guardian"), slot["id"]) for _ in range(2)]
    link = (await announced(stack, SlotBooked, mine["id"])).calendar_url
    their_link = (await announced(stack, SlotBooked, theirs["id"])).calendar_url
    assert link is not None
    assert their_link is not None
    signature = httpx.URL(link).params["sig"]
    their_signature = httpx.URL(their_link).params["sig"]
    tampered = ("B" if signature[0] == "A" else "A") + signature[1:]
    unknown = link.replace(mine["id"], str(uuid4()))

    answers = [
        await opened(stack, with_signature(link, tampered)),
        await opened(stack, with_signature(link, their_signature)),
        await opened(stack, with_signature(link, "")),
        await opened(stack, unknown),
    ]

    assert [answer.status_code for answer in answers] == [404] * 4
    # The same answer as for a booking that does not exist: nothing to tell them apart.
    assert len({answer.json()["code"] for answer in answers}) == 1
    assert "BEGIN:VCALENDAR" not in "".join(answer.text for answer in answers)


async def test_a_move_and_a_promotion_carry_links_that_open(stack: Stack) -> None:
    room, coordinator = await meeting_point_room(stack)
    first, second = [
        await future_slot(stack, room["id"], days_ahead=days, headers=coordinator)
        for days in (7, 8)
    ]
    moving, waiting = stack.auth("guardian"), stack.auth("guardian")
    moved = await book(stack, moving, first["id"])
    queued = await book(stack, waiting, first["id"])
    assert queued["status"] == "waitlisted"

    rescheduled = await stack.client.post(
        stack.url("booking", f"/v1/bookings/{moved['id']}/reschedule"),
        json={"slot_id": second["id"]},
        headers=moving,
    )
    assert rescheduled.status_code == 200, rescheduled.text

    links = [
        ((await announced(stack, BookingRescheduled, moved["id"])).calendar_url, second),
        ((await announced(stack, WaitlistPromoted, queued["id"])).calendar_url, first),
    ]
    for (link, slot), booking in zip(links, [moved, queued], strict=True):
        assert link is not None, booking
        response = await opened(stack, link)
        assert response.status_code == 200, response.text
        [ics] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        assert str(ics["UID"]) == f"{booking['id']}@familjecentret.fi"
        assert ics.decoded("DTSTART") == datetime.fromisoformat(slot["starts_at"])


async def test_a_series_confirmation_carries_no_link(stack: Stack) -> None:
    """A series booking's id is no single booking's, so there is no .ics to link to."""
    room, coordinator = await meeting_point_room(stack)
    rule = await stack.client.post(
        stack.url("booking", f"/v1/resources/{room['id']}/availability"),
        json={
            "rrule": "FREQ=WEEKLY;COUNT=2",
            "first_start": helsinki_time(3, 10).replace(tzinfo=None).isoformat(),
            "duration_minutes": 60,
            "capacity": 2,
            "as_series": True,
            "activity": "family_school",
            "skip_public_holidays": False,
        },
        headers=coordinator,
    )
    assert rule.status_code == 201, rule.text
    booked = await stack.client.post(
        stack.url("booking", f"/v1/series/{rule.json()['series_id']}/bookings"),
        json={},
        headers=stack.auth("guardian"),
    )
    assert booked.status_code == 201, booked.text

    confirmed = await announced(stack, SlotBooked, booked.json()["id"])

    assert (confirmed.session_count, confirmed.calendar_url) == (2, None)
