"""Over HTTP: an address is used only once its owner confirms it with the code sent to it;
nonsense is refused and changes nothing."""

from __future__ import annotations

import re
from email.message import EmailMessage
from uuid import uuid4

from familjecentret.testing import Stack, confirm_email, eventually, text_of


async def my_points(stack: Stack, headers: dict[str, str]) -> list[dict[str, object]]:
    response = await stack.client.get(stack.url("notify", "/v1/contact-points/me"), headers=headers)
    assert response.status_code == 200, response.text
    points: list[dict[str, object]] = response.json()
    return points


async def test_an_address_is_used_only_after_its_code_confirms_it(stack: Stack) -> None:
    person = stack.auth("guardian")
    address = f"p-{uuid4().hex[:8]}@example.fi"

    await confirm_email(stack, person, address)

    assert await my_points(stack, person) == [
        {
            "channel": "email",
            "address": address,
            "confirmed": True,
            "waiting_for_confirmation": None,
        }
    ]


async def test_a_stranger_address_set_without_its_code_stays_unconfirmed(stack: Stack) -> None:
    person = stack.auth("guardian")
    stranger = f"stranger-{uuid4().hex[:8]}@example.fi"

    response = await stack.client.put(
        stack.url("notify", "/v1/contact-points/me/email"),
        json={"address": stranger},
        headers=person,
    )

    assert response.status_code == 202, response.text
    code_mail = await eventually(lambda: _first(stack.mail_to(stranger)), what="the code")
    assert re.search(r"\b\d{6}\b", text_of(code_mail))
    assert await my_points(stack, person) == [
        {
            "channel": "email",
            "address": None,
            "confirmed": False,
            "waiting_for_confirmation": stranger,
        }
    ]


async def _first(items: list[EmailMessage]) -> EmailMessage | None:
    return items[0] if items else None


async def test_wrong_codes_are_counted_and_five_use_the_code_up(stack: Stack) -> None:
    person = stack.auth("guardian")
    address = f"p-{uuid4().hex[:8]}@example.fi"
    await stack.client.put(
        stack.url("notify", "/v1/contact-points/me/email"),
        json={"address": address},
        headers=person,
    )
    url = stack.url("notify", "/v1/contact-points/me/email/confirmation")

    codes = [
        (await stack.client.post(url, json={"code": "0000000"}, headers=person)).json()["code"]
        for _ in range(6)
    ]

    assert codes[:5] == ["confirmation_code_wrong"] * 5
    assert codes[5] == "confirmation_attempts_used"


async def test_a_malformed_address_is_422_and_changes_nothing(stack: Stack) -> None:
    person = stack.auth("guardian")

    for channel, address in (("email", "not-an-address"), ("sms", "12")):
        response = await stack.client.put(
            stack.url("notify", f"/v1/contact-points/me/{channel}"),
            json={"address": address},
            headers=person,
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")

    assert await my_points(stack, person) == []


async def test_a_typo_in_the_body_is_422_naming_the_field(stack: Stack) -> None:
    response = await stack.client.put(
        stack.url("notify", "/v1/contact-points/me/email"),
        json={"adress": "someone@example.fi"},
        headers=stack.auth("guardian"),
    )

    assert response.status_code == 422
    assert ["body", "adress"] in [error["loc"] for error in response.json()["errors"]]


async def test_preferences_that_make_no_sense_are_422_and_change_nothing(stack: Stack) -> None:
    person = stack.auth("guardian")
    url = stack.url("notify", "/v1/preferences/me")
    before = (await stack.client.get(url, headers=person)).json()

    for body in (
        {"language": "de"},
        {"quiet_start": "22:00", "quiet_end": "22:00"},
        {"quiet_start": "22:00"},
        {"quiet_start": "25:00", "quiet_end": "07:00"},
        {"channels": {"booking_reminder": ["pigeon"]}},
    ):
        response = await stack.client.put(url, json=body, headers=person)
        assert response.status_code == 422, (body, response.text)

    assert (await stack.client.get(url, headers=person)).json() == before


async def test_a_new_inbox_is_empty(stack: Stack) -> None:
    headers = stack.auth("youth")
    response = await stack.client.get(stack.url("notify", "/v1/notifications"), headers=headers)
    unread = await stack.client.get(
        stack.url("notify", "/v1/notifications/unread-count"), headers=headers
    )

    assert response.json() == []
    assert unread.json() == {"unread": 0}
