"""Over HTTP: a person sets how to be reached; the body refuses fields it does not know."""

from __future__ import annotations

from familjecentret.testing import Stack


async def test_a_contact_point_is_set_with_204(stack: Stack) -> None:
    response = await stack.client.put(
        stack.url("notify", "/v1/contact-points/me"),
        json={"email": "someone@example.fi", "language": "fi"},
        headers=stack.auth("guardian"),
    )

    assert response.status_code == 204


async def test_a_typo_in_the_contact_point_is_422_naming_the_field(stack: Stack) -> None:
    # `emial` must not be dropped silently, leaving the person without e-mail.
    response = await stack.client.put(
        stack.url("notify", "/v1/contact-points/me"),
        json={"emial": "someone@example.fi"},
        headers=stack.auth("guardian"),
    )

    assert response.status_code == 422
    assert ["body", "emial"] in [error["loc"] for error in response.json()["errors"]]


async def test_a_new_inbox_is_empty(stack: Stack) -> None:
    response = await stack.client.get(
        stack.url("notify", "/v1/notifications"), headers=stack.auth("youth")
    )

    assert response.status_code == 200
    assert response.json() == []
