"""Over the broker, the SMTP sink and HTTP: two replicas and a redelivered event send one
e-mail; one booking's letters arrive in the order booking wrote them; an SMTP outage pauses
delivery without spending attempts; an e-mail has Date, Message-ID, text and HTML."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from familjecentret.devstack import SmtpSink, free_port
from familjecentret.testing import (
    Stack,
    another_notify,
    confirmed_in_database,
    eventually,
    make_settings,
    prepare_databases,
    publish_as_owner,
    register_email,
    run_scheduler,
)
from familjecentret.testing.booking import slot_booked
from familjecentret.testing.probes import service_db
from familjecentret.testing.stack import Infra, start_stack
from fc_shared.events import BookingCancelled, BookingRescheduled, SlotBooked

STARTS = datetime(2027, 5, 3, 9, 0, tzinfo=UTC)


def booked(guardian: UUID, booking_id: UUID | None = None) -> SlotBooked:
    return slot_booked(
        guardian, STARTS, booking_id=booking_id or uuid4(), activity_name="Babyrytmik"
    )


async def kinds_in_arrival_order(stack: Stack, address: str) -> list[str]:
    kinds = []
    for mail in stack.mail_to(address):
        delivery_id = str(mail["Message-ID"]).strip("<>").split("@")[0]
        kinds.append(
            await service_db(
                stack, "notify", "SELECT kind FROM deliveries WHERE id = :id", id=UUID(delivery_id)
            )
        )
    return kinds


async def test_two_replicas_and_a_redelivered_event_send_one_email(stack: Stack) -> None:
    guardian = uuid4()
    address = await register_email(stack, stack.auth("guardian", subject=guardian))
    booking = booked(guardian)

    async with another_notify(stack):
        first = await publish_as_owner(stack, booking)
        await publish_as_owner(stack, booking, event_id=first.id)
        await publish_as_owner(stack, booking, event_id=first.id)
        # The move comes after the three copies on the booking's partition, and its letter
        # after the confirmation in the booking's order: once it is here, every copy has
        # been handled and every e-mail about them sent.
        await publish_as_owner(stack, moved(booking, STARTS + timedelta(days=2)))

        async def the_move_arrived() -> list[str] | None:
            kinds = await kinds_in_arrival_order(stack, address)
            return kinds if "booking_rescheduled" in kinds else None

        kinds = await eventually(the_move_arrived, what="the move's e-mail")

    assert kinds == ["contact_point_code", "booking_confirmed", "booking_rescheduled"]


def moved(booking: SlotBooked, to: datetime) -> BookingRescheduled:
    return BookingRescheduled(
        booking_id=booking.booking_id,
        booked_by=booking.booked_by,
        from_slot_id=booking.slot_id,
        to_slot_id=uuid4(),
        resource_id=booking.resource_id,
        previous_starts_at=booking.starts_at,
        starts_at=to,
        ends_at=to + timedelta(hours=1),
        booked_as="guardian",
    )


async def test_a_confirmation_a_move_and_a_cancellation_arrive_in_that_order(stack: Stack) -> None:
    guardian = uuid4()
    address = await register_email(stack, stack.auth("guardian", subject=guardian))
    booking = booked(guardian)
    later = STARTS + timedelta(days=1)

    async with another_notify(stack):
        await publish_as_owner(stack, booking)
        await publish_as_owner(stack, moved(booking, later))
        await publish_as_owner(
            stack,
            BookingCancelled(
                booking_id=booking.booking_id,
                slot_id=booking.slot_id,
                resource_id=booking.resource_id,
                booked_by=guardian,
                starts_at=later,
                late=False,
                by_staff=True,
                booked_as="guardian",
            ),
        )

        async def all_three() -> list[str] | None:
            kinds = await kinds_in_arrival_order(stack, address)
            return kinds if len(kinds) >= 4 else None

        arrived = await eventually(all_three, what="three letters about the booking")

    assert arrived == [
        "contact_point_code",
        "booking_confirmed",
        "booking_rescheduled",
        "booking_cancelled_by_staff",
    ]


async def test_an_smtp_outage_pauses_delivery_without_spending_attempts(
    infra: Infra,
) -> None:
    dead_port = free_port()
    settings = make_settings(infra).model_copy(update={"smtp_port": dead_port})
    await prepare_databases(settings, ["notify"])
    async with start_stack(settings, infra.smtp, ["notify"]) as stack:
        guardian = uuid4()
        address = f"outage-{uuid4().hex[:6]}@example.fi"
        await confirmed_in_database(stack, guardian, address)
        await publish_as_owner(stack, booked(guardian))
        letter = await eventually(
            lambda: _the_letter(stack, guardian), what="the confirmation in the inbox"
        )
        now = datetime.now(UTC)
        for minute in range(3):
            await run_scheduler(stack, now + timedelta(minutes=minute))

        while_down = await _deliveries(stack, guardian, letter)
        assert [(d["status"], d["attempts"]) for d in while_down] == [("queued", 0)]

        sink = SmtpSink(dead_port)
        sink.start()
        try:

            async def delivered() -> list[dict[str, Any]] | None:
                await run_scheduler(stack, datetime.now(UTC))
                found = await _deliveries(stack, guardian, letter)
                return found if found[0]["status"] == "delivered" else None

            after = await eventually(delivered, what="delivery once the server is back")
            assert after[0]["attempts"] == 1
            assert [m["To"] for m in sink.messages] == [address]
        finally:
            sink.stop()


async def _the_letter(stack: Stack, person: UUID) -> str | None:
    response = await stack.client.get(
        stack.url("notify", "/v1/notifications"), headers=stack.auth("guardian", subject=person)
    )
    letters = response.json()
    return str(letters[0]["id"]) if letters else None


async def _deliveries(stack: Stack, person: UUID, letter: str) -> list[dict[str, Any]]:
    response = await stack.client.get(
        stack.url("notify", f"/v1/notifications/{letter}/deliveries"),
        headers=stack.auth("guardian", subject=person),
    )
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


async def test_an_email_has_date_message_id_and_both_parts(stack: Stack) -> None:
    guardian = uuid4()
    address = await register_email(stack, stack.auth("guardian", subject=guardian))

    [mail] = stack.mail_to(address)

    assert mail["Date"]
    assert re.fullmatch(r"<[0-9a-f-]{36}@[^>]+>", str(mail["Message-ID"]))
    assert mail.get_body(preferencelist=("plain",)) is not None
    assert mail.get_body(preferencelist=("html",)) is not None


async def test_a_letter_is_marked_read_once(stack: Stack) -> None:
    guardian = uuid4()
    headers = stack.auth("guardian", subject=guardian)
    await publish_as_owner(stack, booked(guardian))
    letter = await eventually(lambda: _the_letter(stack, guardian), what="the letter")
    count_url = stack.url("notify", "/v1/notifications/unread-count")
    assert (await stack.client.get(count_url, headers=headers)).json() == {"unread": 1}

    first = await stack.client.post(
        stack.url("notify", f"/v1/notifications/{letter}/read"), headers=headers
    )
    second = await stack.client.post(
        stack.url("notify", f"/v1/notifications/{letter}/read"), headers=headers
    )
    someone_else = await stack.client.post(
        stack.url("notify", f"/v1/notifications/{letter}/read"), headers=stack.auth("guardian")
    )

    assert first.status_code == 200
    assert second.json()["read_at"] == first.json()["read_at"]
    assert someone_else.status_code == 404
    assert (await stack.client.get(count_url, headers=headers)).json() == {"unread": 0}
