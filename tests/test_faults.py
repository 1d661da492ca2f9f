"""Faults the platform must ride out: a broker outage and a database that is down."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import text

from familjecentret.devstack import EmbeddedPostgres, Tansu, free_port
from familjecentret.testing import (
    Infra,
    Stack,
    eventually,
    future_slot,
    letters_to,
    make_settings,
    open_meeting_point,
    prepare_databases,
    publish_as_owner,
    register_email,
    room_for,
    start_stack,
    wait_ready_for,
)
from fc_shared.db import create_engine
from fc_shared.events import SlotBooked
from fc_shared.settings import Settings


async def test_a_booking_made_while_the_broker_is_down_is_confirmed_once_it_returns(
    infra: Infra,
) -> None:
    broker = Tansu(free_port(), log_path=infra.data_dir / "outage-tansu.log")
    broker.start()
    settings = make_settings(infra, kafka=broker.bootstrap_servers)
    await prepare_databases(settings)
    try:
        async with start_stack(settings, infra.smtp, ["network", "booking", "notify"]) as stack:
            room = await room_for(stack, (await open_meeting_point(stack))["id"])
            slot = await future_slot(stack, room["id"])
            guardian = stack.auth("guardian")
            address = await register_email(stack, guardian)

            broker.stop()
            response = await stack.client.post(
                stack.url("booking", "/v1/bookings"), json={"slot_id": slot["id"]}, headers=guardian
            )
            assert response.status_code == 201, response.text
            ready = await stack.client.get(stack.url("booking", "/health/ready"))
            assert ready.status_code == 503
            assert ready.json()["broker"] == "down"
            assert letters_to(stack, address) == []
            await eventually(
                sql_says(
                    settings,
                    "booking",
                    "SELECT bool_or(last_error IS NOT NULL) FROM outbox WHERE sent_at IS NULL",
                ),
                what="the relay to record its failure",
            )

            broker.start()  # empty: Tansu's memory storage forgot everything

            async def mail() -> list[Any]:
                return letters_to(stack, address)

            await eventually(mail, timeout=90, what="the confirmation after the outage")
            await wait_ready_for(stack, "booking")
            # Signals, not a quiet window, that no duplicate is still on its way: the relay
            # has marked the booking's events sent (it never sends those again) ...
            await eventually(
                sql_says(
                    settings, "booking", "SELECT count(*) = 0 FROM outbox WHERE sent_at IS NULL"
                ),
                what="booking's relay to have sent everything",
            )
            # ... notify has handled every copy it sent: a marker published behind them on
            # their partition (the booking's key) is seen handled ...
            await marker_handled_behind(stack, slot, booking_id=response.json()["id"])
            # ... and notify has no e-mail left to send.
            await eventually(
                sql_says(
                    settings,
                    "notify",
                    "SELECT count(*) = 0 FROM deliveries WHERE status IN "
                    "('queued', 'sending', 'failed_temporarily')",
                ),
                what="notify to have sent every e-mail",
            )
            inbox = (
                await stack.client.get(stack.url("notify", "/v1/notifications"), headers=guardian)
            ).json()
            assert len(inbox) == 1
            assert len(letters_to(stack, address)) == 1
    finally:
        broker.stop()


def sql_says(settings: Settings, service: str, sql: str) -> Callable[[], Awaitable[bool]]:
    """A probe: whether `sql` (one boolean) holds in the service's database now."""

    async def probe() -> bool:
        engine = create_engine(settings, service)
        try:
            async with engine.connect() as connection:
                return bool(await connection.scalar(text(sql)))
        finally:
            await engine.dispose()

    return probe


async def marker_handled_behind(stack: Stack, slot: dict[str, Any], *, booking_id: str) -> None:
    """A SlotBooked for someone else with the booking's key, so on the booking's partition
    behind every copy the relay sent of its events, published as booking would; returns once
    notify has told that someone, so once notify has handled every copy before it. (A later
    real booking would not do: its own key may land on another partition.)"""
    someone = uuid4()
    await publish_as_owner(
        stack,
        SlotBooked(
            booking_id=UUID(booking_id),
            slot_id=UUID(slot["id"]),
            resource_id=UUID(slot["resource_id"]),
            booked_by=someone,
            starts_at=datetime.fromisoformat(slot["starts_at"]),
            ends_at=datetime.fromisoformat(slot["ends_at"]),
        ),
    )

    async def told() -> bool:
        response = await stack.client.get(
            stack.url("notify", "/v1/notifications"),
            headers=stack.auth("guardian", subject=someone),
        )
        return response.status_code == 200 and len(response.json()) == 1

    await eventually(told, timeout=60, what="notify to handle the marker behind the booking")


async def test_a_service_starts_without_its_database_and_recovers_without_a_restart(
    infra: Infra,
) -> None:
    database = EmbeddedPostgres(infra.data_dir / "late-postgres", free_port(), durable=False)
    settings = make_settings(infra, database_url=database.url)
    try:
        async with start_stack(settings, infra.smtp, ["forms"], wait_ready=False) as stack:
            live = await stack.client.get(stack.url("forms", "/health/live"))
            assert live.status_code == 200
            ready = await stack.client.get(stack.url("forms", "/health/ready"))
            assert ready.status_code == 503
            assert ready.json()["database"] == "down"
            read = await stack.client.get(
                stack.url("forms", f"/v1/submissions/{uuid4()}"), headers=stack.auth("guardian")
            )
            assert read.status_code == 503
            assert read.headers["content-type"] == "application/problem+json"
            assert read.headers["retry-after"] == "5"

            database.start()
            await prepare_databases(settings)
            await wait_ready_for(stack, "forms")

            database.stop()
            down = await stack.client.get(stack.url("forms", "/health/ready"))
            assert down.json()["database"] == "down"
            database.start()
            await wait_ready_for(stack, "forms")
            response = await stack.client.post(
                stack.url("forms", "/v1/submissions"),
                json={
                    "form_type": "contact-request",
                    "municipality_code": "905",
                    "answers": {"topic": "other", "preferred_contact": "in_app", "message": "Hej"},
                },
                headers=stack.auth("guardian"),
            )
            assert response.status_code == 201, response.text
    finally:
        if database.is_running():
            database.stop()
