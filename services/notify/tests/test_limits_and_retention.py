"""Over the broker and HTTP, on a notify of its own with a rate limit of two letters an hour:
the third letter to one person waits for the hour to pass; a letter past its retention is
purged with its deliveries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest_asyncio

from familjecentret.testing import (
    Stack,
    confirmed_in_database,
    eventually,
    make_settings,
    prepare_databases,
    publish_as_owner,
    run_scheduler,
)
from familjecentret.testing.booking import slot_booked
from familjecentret.testing.stack import Infra, start_stack
from fc_shared.events import SlotBooked

NOW = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
STARTS = datetime(2027, 6, 20, 9, 0, tzinfo=UTC)


@pytest_asyncio.fixture
async def limited(infra: Infra) -> AsyncIterator[Stack]:
    settings = make_settings(infra).model_copy(update={"notify_rate_limit_per_hour": 2})
    await prepare_databases(settings, ["notify"])
    async with start_stack(settings, infra.smtp, ["notify"], sms=infra.sms) as stack:
        yield stack


def booked(person: UUID) -> SlotBooked:
    return slot_booked(person, STARTS)


async def inbox(stack: Stack, person: UUID) -> list[dict[str, Any]]:
    response = await stack.client.get(
        stack.url("notify", "/v1/notifications"), headers=stack.auth("guardian", subject=person)
    )
    letters: list[dict[str, Any]] = response.json()
    return letters


async def test_the_third_letter_in_an_hour_waits_and_old_letters_are_purged(
    limited: Stack,
) -> None:
    stack = limited
    person = uuid4()
    address = f"limit-{uuid4().hex[:8]}@example.fi"
    await confirmed_in_database(stack, person, address)
    await run_scheduler(stack, NOW)
    for _ in range(3):
        await publish_as_owner(stack, booked(person))

    async def three() -> list[dict[str, Any]] | None:
        letters = await inbox(stack, person)
        return letters if len(letters) == 3 else None

    await eventually(three, what="three letters in the inbox")
    await run_scheduler(stack, NOW + timedelta(minutes=1))
    await run_scheduler(stack, NOW + timedelta(minutes=59))

    assert len(stack.mail_to(address)) == 2

    await run_scheduler(stack, NOW + timedelta(minutes=61))

    async def all_three() -> bool:
        return len(stack.mail_to(address)) == 3

    await eventually(all_three, what="the third letter after the hour")

    # Booking letters are kept 180 days; a year on, they and their deliveries are gone.
    report = await run_scheduler(stack, NOW + timedelta(days=365))

    assert report["purged"] == 3
    assert await inbox(stack, person) == []
