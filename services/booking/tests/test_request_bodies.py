"""A request body refuses fields it does not know: a typo must not be dropped silently while
the default applies (here, joining the waitlist of a full slot)."""

from __future__ import annotations

from familjecentret.testing import Stack, future_slot, managed_room


async def test_a_booking_with_a_misspelt_field_is_refused_naming_the_field(
    stack: Stack,
) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(stack, room["id"], headers=coordinator)

    response = await stack.client.post(
        stack.url("booking", "/v1/bookings"),
        json={"slot_id": slot["id"], "join_wait_list": False},
        headers=stack.auth("guardian"),
    )

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    [error] = response.json()["errors"]
    assert error["loc"] == ["body", "join_wait_list"]
    assert error["type"] == "extra_forbidden"
