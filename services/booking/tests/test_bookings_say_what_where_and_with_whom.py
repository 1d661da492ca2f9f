"""Booking's events and .ics say of a booking what notify's letters and a calendar app need,
in words people use: who booked and for which children, the activity's public name, where
(a meeting point's address or meeting link) and the unit meeting the family, never a
person's name. Over HTTP against the real PostgreSQL and broker: the events are read back
from the broker as notify would read them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from uuid import uuid4

import icalendar

from familjecentret.testing import (
    Record,
    Stack,
    case_team_known_to_booking,
    family_known_to_booking,
    future_slot,
    helsinki_time,
    publish_as_network,
    read_topic,
    room_for,
)
from fc_shared.events import (
    BookingCancelled,
    BookingRescheduled,
    DomainEvent,
    MeetingPointOpened,
    PublicPlace,
    SlotBooked,
    WaitlistPromoted,
)
from fc_shared.events.contracts import FamilyChild

Event = TypeVar("Event", bound=DomainEvent)

POINT = "Familjecentrets träffpunkt i Vasa"
ADDRESS = {"street_address": "Storalånggatan 1", "postal_code": "65100", "locality": "Vasa"}
DIGITAL_POINT = "Digitala träffpunkten"
LINK = "https://meet.example.fi/familjecentret-digital"
NO_REPLY = "mailto:no-reply@familjecentret.fi"


def born(years_ago: int) -> date:
    return date(datetime.now(UTC).year - years_ago, 1, 1)


async def room_of_meeting_point(stack: Stack, **opening: Any) -> tuple[dict[str, Any], Any]:
    """A meeting point's room as booking made it from network's MeetingPointOpened, and the
    headers of the meeting point's coordinator, who manages it."""
    coordinator = uuid4()
    event = MeetingPointOpened.model_validate(
        {"meeting_point_id": uuid4(), "municipality_code": "905", "coordinator": coordinator}
        | opening
    )
    await publish_as_network(stack, event)
    room = await room_for(stack, str(event.meeting_point_id))
    return room, stack.auth("coordinator", subject=coordinator)


async def book(stack: Stack, headers: dict[str, str], slot_id: str, **body: Any) -> Any:
    response = await stack.client.post(
        stack.url("booking", "/v1/bookings"), json={"slot_id": slot_id, **body}, headers=headers
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


async def ics_event(stack: Stack, headers: dict[str, str], booking_id: str) -> Any:
    response = await stack.client.get(
        stack.url("booking", f"/v1/bookings/{booking_id}.ics"), headers=headers
    )
    assert response.status_code == 200, response.text
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    return event


async def test_a_guardians_booking_says_for_which_child_what_where_and_with_whom(
    stack: Stack,
) -> None:
    room, coordinator = await room_of_meeting_point(stack, title=POINT, **ADDRESS)
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
    guardian = uuid4()
    family = await family_known_to_booking(stack, guardians=[guardian], children=[born(3)])
    [child] = family.children
    headers = stack.auth("guardian", subject=guardian)

    booking = await book(stack, headers, group["id"], child_id=str(child.child_id))

    booked = await announced(stack, SlotBooked, booking["id"])
    assert booked.booked_as == "guardian"
    assert booked.child_ids == [child.child_id]
    assert booked.activity_name == "Kamratgrupp"  # in words, not `peer_group`
    assert booked.place == PublicPlace(name=POINT, **ADDRESS)
    assert booked.organizer_name == POINT
    event = await ics_event(stack, headers, booking["id"])
    assert str(event["SUMMARY"]) == "Kamratgrupp"
    assert str(event["LOCATION"]) == f"{POINT}, Storalånggatan 1, 65100 Vasa"
    assert str(event["ORGANIZER"]) == NO_REPLY
    assert event["ORGANIZER"].params["CN"] == POINT


async def test_a_youths_own_booking_says_it_was_the_youths(stack: Stack) -> None:
    room, coordinator = await room_of_meeting_point(stack, title=POINT, **ADDRESS)
    evening = await future_slot(
        stack,
        room["id"],
        capacity=10,
        hour=18,
        headers=coordinator,
        activity="peer_group",
        audience="youth",
        title="Ungdomskväll",
    )
    youth = uuid4()
    teenager = FamilyChild(child_id=uuid4(), birth_date=born(15), subject=youth)
    await family_known_to_booking(stack, guardians=[uuid4()], children=[teenager])

    booking = await book(stack, stack.auth("youth", subject=youth), evening["id"])

    booked = await announced(stack, SlotBooked, booking["id"])
    assert booked.booked_as == "youth"
    assert booked.child_ids == [teenager.child_id]
    assert booked.activity_name == "Ungdomskväll"


async def test_a_move_a_promotion_and_a_cancellation_say_the_same_in_words(stack: Stack) -> None:
    room, coordinator = await room_of_meeting_point(
        stack, title=DIGITAL_POINT, digital=True, meeting_link=LINK
    )
    first, second = [
        await future_slot(
            stack,
            room["id"],
            days_ahead=days,
            headers=coordinator,
            activity="parent_evening",
            language="fi",
        )
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
    cancelled = await stack.client.post(
        stack.url("booking", f"/v1/bookings/{queued['id']}/cancel"), headers=coordinator
    )
    assert cancelled.status_code == 200, cancelled.text

    events: list[BookingRescheduled | WaitlistPromoted | BookingCancelled] = [
        await announced(stack, BookingRescheduled, moved["id"]),
        await announced(stack, WaitlistPromoted, queued["id"]),
        await announced(stack, BookingCancelled, queued["id"]),
    ]
    for event in events:
        assert event.booked_as == "guardian"
        assert event.child_ids == []  # for the guardians themselves
        assert event.activity_name == "Vanhempainilta"
        assert event.place == PublicPlace(name=DIGITAL_POINT, meeting_link=LINK)
        assert event.organizer_name == DIGITAL_POINT
    ics = await ics_event(stack, moving, moved["id"])
    assert str(ics["LOCATION"]) == LINK


async def test_a_professionals_appointment_names_the_family_centre_never_the_professional(
    stack: Stack,
) -> None:
    professional = stack.auth("professional")
    calendar = await stack.client.post(
        stack.url("booking", "/v1/resources"),
        json={"kind": "professional", "name": "Anna Anderssons kalender"},
        headers=professional,
    )
    assert calendar.status_code == 201, calendar.text
    slot = await future_slot(
        stack, calendar.json()["id"], headers=professional, activity="appointment"
    )
    guardian = stack.auth("guardian")

    booking = await book(stack, guardian, slot["id"])

    booked = await announced(stack, SlotBooked, booking["id"])
    assert (booked.activity_name, booked.place, booked.organizer_name) == (
        "Besökstid",
        None,
        "Familjecentret",
    )
    event = await ics_event(stack, guardian, booking["id"])
    assert "LOCATION" not in event
    assert event["ORGANIZER"].params["CN"] == "Familjecentret"
    assert "Anna" not in booked.model_dump_json()


async def test_a_network_meeting_is_booked_by_staff_for_the_family(stack: Stack) -> None:
    professional = uuid4()
    headers = stack.auth("professional", subject=professional)
    calendar = await stack.client.post(
        stack.url("booking", "/v1/resources"),
        json={"kind": "professional", "name": "Min kalender"},
        headers=headers,
    )
    room, _ = await room_of_meeting_point(
        stack, title=DIGITAL_POINT, digital=True, meeting_link=LINK
    )
    guardian = uuid4()
    family = await family_known_to_booking(stack, guardians=[guardian])
    case = await case_team_known_to_booking(
        stack, family_id=family.family_id, responsible=professional
    )
    named = await stack.client.put(
        stack.url("booking", f"/v1/resources/{room['id']}/managers"),
        json={"subject": str(professional)},
        headers=stack.auth("admin"),
    )
    assert named.status_code == 204, named.text
    starts = helsinki_time(9, 10)

    meeting = await stack.client.post(
        stack.url("booking", "/v1/network-meetings"),
        json={
            "case_id": str(case.case_id),
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
            "room_id": room["id"],
            "professional_resource_ids": [calendar.json()["id"]],
        },
        headers=headers,
    )

    assert meeting.status_code == 201, meeting.text
    [booking_id] = meeting.json()["booking_ids"]
    booked = await announced(stack, SlotBooked, booking_id)
    assert booked.booked_as == "staff"
    assert booked.booked_by == guardian
    assert booked.activity_name == "Nätverksmöte"
    assert booked.place == PublicPlace(name=DIGITAL_POINT, meeting_link=LINK)
