"""Faults the platform must ride out: a broker outage and a database that is down."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import uuid4

from sqlalchemy import text

from familjecentret.devstack import EmbeddedPostgres, Tansu, free_port
from familjecentret.testing import (
    Infra,
    eventually,
    future_slot,
    make_settings,
    open_meeting_point,
    prepare_databases,
    register_email,
    room_for,
    start_stack,
    wait_ready_for,
)
from fc_shared.db import create_engine


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
            assert stack.mail_to(address) == []
            engine = create_engine(settings, "booking")
            try:

                async def failure_recorded() -> bool:
                    async with engine.connect() as connection:
                        error = await connection.scalar(
                            text("SELECT last_error FROM outbox WHERE sent_at IS NULL")
                        )
                    return bool(error)

                await eventually(failure_recorded, what="the relay to record its failure")
            finally:
                await engine.dispose()

            broker.start()  # empty: Tansu's memory storage forgot everything

            async def mail() -> list[Any]:
                return stack.mail_to(address)

            await eventually(mail, timeout=90, what="the confirmation after the outage")
            await wait_ready_for(stack, "booking")
            # A quiet window for a duplicate to show up in: the relay polls every 0.1 s and
            # would re-send within it. (A later marker booking cannot be used here: after a
            # restart Tansu may refuse a consumer's offset commits; see the README.)
            await asyncio.sleep(5)
            inbox = (
                await stack.client.get(stack.url("notify", "/v1/notifications"), headers=guardian)
            ).json()
            assert len(inbox) == 1
            assert len(stack.mail_to(address)) == 1
    finally:
        broker.stop()


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
