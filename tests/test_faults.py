"""Faults the platform must ride out: a broker outage and a database that is down."""

from __future__ import annotations

from typing import Any

from familjecentret.devstack import EmbeddedPostgres, Tansu, free_port
from familjecentret.testing import (
    Infra,
    eventually,
    make_settings,
    prepare_databases,
    start_stack,
    wait_ready_for,
)
from tests.test_flows import future_slot, open_meeting_point, register_email, room_for


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
            response = await stack.client.post(stack.url("booking", "/v1/bookings"),
                                               json={"slot_id": slot["id"]}, headers=guardian)
            assert response.status_code == 201, response.text
            ready = await stack.client.get(stack.url("booking", "/health/ready"))
            assert ready.status_code == 503
            assert ready.json()["broker"] == "down"
            assert stack.mail_to(address) == []

            broker.start()  # empty: Tansu's memory storage forgot everything

            async def mail() -> list[Any]:
                return stack.mail_to(address)

            await eventually(mail, timeout=90, what="the confirmation after the outage")
            await wait_ready_for(stack, "booking")
            # A later booking's confirmation is a marker: any duplicate of the first would
            # have been relayed and handled before it.
            marker = stack.auth("guardian")
            marker_address = await register_email(stack, marker)
            marker_slot = await future_slot(stack, room["id"], days_ahead=8)
            await stack.client.post(stack.url("booking", "/v1/bookings"),
                                    json={"slot_id": marker_slot["id"]}, headers=marker)

            async def marker_mail() -> list[Any]:
                return stack.mail_to(marker_address)

            await eventually(marker_mail, what="the marker confirmation")
            inbox = (await stack.client.get(stack.url("notify", "/v1/notifications"),
                                            headers=guardian)).json()
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
                json={"form_type": "contact-request", "municipality_code": "905",
                      "answers": {"topic": "other", "preferred_contact": "in_app",
                                  "message": "Hej"}},
                headers=stack.auth("guardian"),
            )
            assert response.status_code == 201, response.text
    finally:
        if database.is_running():
            database.stop()
