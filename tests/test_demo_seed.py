"""`familjecentret seed --demo` against the running services: run twice, everything once."""

from __future__ import annotations

from collections import Counter
from datetime import date

from familjecentret import demo_data
from familjecentret.demo import DemoApi, demo_report, published_services, seed_demo
from familjecentret.demo_data import activity_times, first_tuesday
from familjecentret.testing import Stack


async def test_seeding_the_demo_twice_makes_each_part_once(stack: Stack) -> None:
    first = await seed_demo(stack.settings, stack.urls, stack.client)
    second = await seed_demo(stack.settings, stack.urls, stack.client)
    api = DemoApi(stack.client, stack.urls, stack.settings)

    assert second.created == []
    assert len(second.found) == len(first.created) - 1  # the organisation is not looked for
    assert (second.services, second.advice) == (first.services, first.advice)
    assert second.activity_slot_id == first.activity_slot_id
    assert second.family_id == first.family_id
    names = [entry["name"] for entry in (await published_services(api)).values()]
    for service in demo_data.SERVICES:
        assert Counter(names)[service["texts"]["sv"][0]] == 1
    for article in demo_data.ADVICE:
        listed = await stack.client.get(
            stack.url("network", "/v1/advice"),
            params={"topic": article["topic"], "lang": "fi", "limit": 100},
        )
        titles = [entry["title"] for entry in listed.json()]
        assert titles.count(article["texts"]["fi"][0]) == 1  # and in Finnish too
    slots = await stack.client.get(
        stack.url("booking", "/v1/slots"), params={"resource_id": first.room_id}
    )
    assert [slot["id"] for slot in slots.json()["items"]] == [first.activity_slot_id]
    assert str(demo_data.GUARDIAN) in demo_report(second)


async def test_the_demo_activity_can_be_booked_by_the_demo_guardian(stack: Stack) -> None:
    demo = await seed_demo(stack.settings, stack.urls, stack.client)

    booked = await stack.client.post(
        stack.url("booking", "/v1/bookings"),
        json={"slot_id": demo.activity_slot_id},
        headers=stack.auth("guardian"),
    )

    assert booked.status_code == 201, booked.text
    english = await published_services(DemoApi(stack.client, stack.urls, stack.settings), "en")
    assert english["Baby café at the meeting point"]["id"] in demo.services.values()


def test_demo_times_are_weekday_mornings_and_a_tuesday() -> None:
    saturday = date(2026, 11, 21)
    starts, ends = activity_times(saturday)
    assert starts.isoformat() == "2026-11-30T09:30:00+02:00"  # a week on, past the weekend
    assert ends.isoformat() == "2026-11-30T11:00:00+02:00"
    assert first_tuesday(saturday).date() == date(2026, 11, 24)
    assert first_tuesday(date(2026, 11, 24)).date() == date(2026, 12, 1)
