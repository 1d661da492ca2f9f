"""Recurring availability, closures, audience bands, slot search and iCalendar, over HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from familjecentret.testing import (
    Stack,
    future_slot,
    managed_room,
    manager_of,
    meeting_point_room,
)

HELSINKI = ZoneInfo("Europe/Helsinki")


def next_year_october() -> int:
    """A year whose October DST change is still ahead (slots must be in the future)."""
    today = datetime.now(UTC)
    return today.year if today < datetime(today.year, 10, 1, tzinfo=UTC) else today.year + 1


async def test_a_weekly_rule_keeps_its_local_time_over_the_october_change(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    year = next_year_october()
    last_sunday = date(year, 10, 31) - timedelta(days=(date(year, 10, 31).weekday() + 1) % 7)
    first = last_sunday - timedelta(days=12)  # two Tuesdays before the change, two after
    response = await stack.client.post(
        stack.url("booking", f"/v1/resources/{room['id']}/availability"),
        json={
            "rrule": "FREQ=WEEKLY;COUNT=4",
            "first_start": f"{first}T17:30:00",
            "duration_minutes": 90,
            "capacity": 12,
            "activity": "peer_group",
            "audience": "youth",
            "title": "Ungdomskväll",
            "language": "sv",
        },
        headers=coordinator,
    )

    assert response.status_code == 201, response.text
    slots = response.json()["slots"]
    starts = [datetime.fromisoformat(s["starts_at"]) for s in slots]
    assert [s.astimezone(HELSINKI).strftime("%H:%M") for s in starts] == ["17:30"] * 4
    assert [s.astimezone(UTC).hour for s in starts] == [14, 14, 15, 15]
    assert all(
        datetime.fromisoformat(s["ends_at"]) - datetime.fromisoformat(s["starts_at"])
        == timedelta(minutes=90)
        for s in slots
    )


async def test_holidays_closures_and_except_dates_are_skipped(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    year = datetime.now(UTC).year + 1
    closure = await stack.client.post(
        stack.url("booking", f"/v1/resources/{room['id']}/closures"),
        json={"starts_on": f"{year}-01-12", "ends_on": f"{year}-01-16", "reason": "Renovering"},
        headers=coordinator,
    )
    assert closure.status_code == 201, closure.text

    response = await stack.client.post(
        stack.url("booking", f"/v1/resources/{room['id']}/availability"),
        json={
            "rrule": f"FREQ=DAILY;UNTIL={year}0123T235959",
            "first_start": f"{year}-01-01T09:00:00",
            "duration_minutes": 60,
            "except_dates": [f"{year}-01-20"],
        },
        headers=coordinator,
    )

    assert response.status_code == 201, response.text
    days = {
        datetime.fromisoformat(s["starts_at"]).astimezone(HELSINKI).day
        for s in response.json()["slots"]
    }
    assert not days & {1, 6}  # New Year's Day, Epiphany
    assert not days & {12, 13, 14, 15, 16, 20}
    assert {2, 3, 7, 17, 23} <= days


async def test_a_rule_that_never_ends_is_refused(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    response = await stack.client.post(
        stack.url("booking", f"/v1/resources/{room['id']}/availability"),
        json={"rrule": "FREQ=WEEKLY", "first_start": "2030-01-01T09:00:00", "duration_minutes": 60},
        headers=coordinator,
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_an_activity_outside_the_rooms_band_needs_a_coordinators_recorded_override(
    stack: Stack,
) -> None:
    room = await meeting_point_room(stack, municipality="545", audience_bands=["small_children"])
    coordinator = await manager_of(stack, room["id"])
    evening = (datetime.now(HELSINKI) + timedelta(days=5)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    body = {
        "resource_id": room["id"],
        "starts_at": evening.isoformat(),
        "ends_at": (evening + timedelta(hours=2)).isoformat(),
        "capacity": 20,
        "activity": "parent_evening",
        "audience": "family",
    }

    refused = await stack.client.post(
        stack.url("booking", "/v1/slots"), json=body, headers=coordinator
    )
    organiser = await manager_of(stack, room["id"], role="organiser")
    not_coordinator = await stack.client.post(
        stack.url("booking", "/v1/slots"),
        json={**body, "band_override_reason": "Föräldrakväll"},
        headers=organiser,
    )
    overridden = await stack.client.post(
        stack.url("booking", "/v1/slots"),
        json={**body, "band_override_reason": "Föräldrakväll en gång per termin"},
        headers=coordinator,
    )

    assert (refused.status_code, refused.json()["title"]) == (
        422,
        "Outside the room's audience band",
    )
    assert not_coordinator.status_code == 403
    assert overridden.status_code == 201, overridden.text
    assert overridden.json()["band_override_reason"] == "Föräldrakväll en gång per termin"


async def test_slot_search_filters_and_pages(stack: Stack) -> None:
    room, coordinator = await managed_room(stack, municipality="499")
    for day in range(1, 6):
        await future_slot(
            stack,
            room["id"],
            capacity=5,
            days_ahead=day,
            headers=coordinator,
            activity="family_school",
            language="fi",
            audience="family",
        )
    await future_slot(
        stack,
        room["id"],
        capacity=5,
        days_ahead=6,
        headers=coordinator,
        activity="family_school",
        language="sv",
    )
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params = {
            "municipality": "499",
            "language": "fi",
            "activity": "family_school",
            "resource_kind": "room",
            "limit": "2",
        }
        if cursor:
            params["cursor"] = cursor
        page = (await stack.client.get(stack.url("booking", "/v1/slots"), params=params)).json()
        seen += [s["id"] for s in page["items"]]
        assert all(s["language"] == "fi" and s["municipality_code"] == "499" for s in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert len(seen) == len(set(seen)) == 5
    bad = await stack.client.get(stack.url("booking", "/v1/slots"), params={"cursor": "!!"})
    assert bad.status_code == 422


async def test_a_booking_ics_parses_and_round_trips_its_times(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(
        stack,
        room["id"],
        capacity=3,
        headers=coordinator,
        title="Familjeskola, del 1; välkommen",
        activity="family_school",
    )
    family = stack.auth("guardian")
    booking = (
        await stack.client.post(
            stack.url("booking", "/v1/bookings"), json={"slot_id": slot["id"]}, headers=family
        )
    ).json()

    response = await stack.client.get(
        stack.url("booking", f"/v1/bookings/{booking['id']}.ics"), headers=family
    )
    stranger = await stack.client.get(
        stack.url("booking", f"/v1/bookings/{booking['id']}.ics"), headers=stack.auth("guardian")
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.fromisoformat(slot["starts_at"])
    assert event.decoded("DTEND") == datetime.fromisoformat(slot["ends_at"])
    assert str(event["SUMMARY"]) == "Familjeskola, del 1; välkommen"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert stranger.status_code == 403


async def test_a_resource_feed_is_behind_a_signed_link_that_can_be_revoked(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    await future_slot(stack, room["id"], capacity=4, headers=coordinator)
    link = await stack.client.get(
        stack.url("booking", f"/v1/resources/{room['id']}/feed-link"), headers=coordinator
    )
    assert link.status_code == 200, link.text
    url = link.json()["url"]

    feed = await stack.client.get(url)
    assert feed.status_code == 200
    assert len(icalendar.Calendar.from_ical(feed.content).walk("VEVENT")) == 1
    assert (await stack.client.get(url[:-3] + "AAA")).status_code == 403
    assert (await stack.client.get(url.split("?")[0])).status_code == 403
    assert (
        await stack.client.get(
            stack.url("booking", f"/v1/resources/{room['id']}/feed-link"),
            headers=stack.auth("coordinator"),
        )
    ).status_code == 403

    revoked = await stack.client.post(
        stack.url("booking", f"/v1/resources/{room['id']}/feed-link/revoke"), headers=coordinator
    )

    assert revoked.status_code == 204
    assert (await stack.client.get(url)).status_code == 403


async def test_out_of_range_dates_are_422_not_500(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    far = await stack.client.post(
        stack.url("booking", "/v1/slots"),
        json={
            "resource_id": room["id"],
            "starts_at": "9999-12-31T22:00:00-05:00",
            "ends_at": "9999-12-31T23:00:00-05:00",
        },
        headers=coordinator,
    )
    search = await stack.client.get(stack.url("booking", "/v1/slots"), params={"to": "9999-12-31"})
    ancient = await stack.client.post(
        stack.url("booking", f"/v1/resources/{room['id']}/availability"),
        json={
            "rrule": "FREQ=DAILY;COUNT=1",
            "first_start": "0001-01-01T00:30:00",
            "duration_minutes": 30,
        },
        headers=coordinator,
    )

    assert (far.status_code, far.json()["title"]) == (422, "Too far ahead")
    assert search.status_code == 422
    assert ancient.status_code == 422
