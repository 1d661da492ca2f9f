"""Notify killed (SIGKILL) while it sends a batch of e-mails, and started again: no letter is
lost, and the only letters sent twice are those in flight at the kill, each time under the
same Message-ID, so a mail client shows it once.

Notify runs as its own process, as in production; the SMTP server is in the test. It answers
the first letters, then takes each further one in but holds back its answer: the kill lands
while letters have reached the server unacknowledged (RFC 1047's duplicate), which is
exactly what a resend after the lease repeats.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import signal
import subprocess
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from uuid import UUID, uuid4

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from sqlalchemy import text

from familjecentret.devstack import free_port
from familjecentret.settings import StackSettings
from familjecentret.testing import (
    Infra,
    eventually,
    make_settings,
    prepare_databases,
    publish_all_as_owner,
)
from familjecentret.testing.booking import slot_booked
from familjecentret.testing.processes import start_process
from fc_notify.adapters.email_message import message_id
from fc_notify.use_cases.dispatch import PARALLEL_SENDS
from fc_shared.db import create_engine
from fc_shared.events import SlotBooked

LETTERS = 50
ANSWERED_BEFORE_THE_KILL = 25  # past the first claimed batch (notify_batch_size 20)


class HoldingSink:
    """An SMTP server that answers the first `answer` messages and then, until `release()`,
    keeps every further one it receives without answering."""

    def __init__(self, port: int, answer: int) -> None:
        self.port = port
        self.answer = answer
        self.received: list[EmailMessage] = []
        self.held: list[str] = []  # the Message-IDs received and not answered
        self.connections = 0
        self._lock = threading.Lock()
        self._released = False
        self._wake = asyncio.Event()  # waited on in the server's own loop (its thread)
        self._controller = _Counting(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.received.append(message)
            hold = len(self.received) > self.answer and not self._released
            if hold:
                self.held.append(str(message["Message-ID"]))
        if hold:
            await self._wake.wait()
        return "250 Message accepted for delivery"

    def connected(self, change: int) -> None:
        with self._lock:
            self.connections += change

    def start(self) -> None:
        self._controller.start()

    def release(self) -> None:
        """Answer whatever is held and every message from now on."""
        with self._lock:
            self._released = True
        self._controller.loop.call_soon_threadsafe(self._wake.set)

    def stop(self) -> None:
        if self._controller.loop.is_running():
            self.release()
            self._controller.stop()


class _CountingSMTP(SMTP):
    """Tells the sink of each connection opened and closed: once a sender's are all closed,
    nothing more of it can arrive (a closed connection's unfinished message is dropped)."""

    def connection_made(self, transport: Any) -> None:
        self.event_handler.connected(+1)
        super().connection_made(transport)

    def connection_lost(self, error: Exception | None) -> None:
        super().connection_lost(error)
        self.event_handler.connected(-1)


class _Counting(Controller):
    def factory(self) -> SMTP:
        return _CountingSMTP(self.handler, **self.SMTP_kwargs)


async def test_notify_killed_mid_batch_loses_no_letter_and_repeats_only_those_in_flight(
    infra: Infra,
) -> None:
    sink = HoldingSink(free_port(), answer=ANSWERED_BEFORE_THE_KILL)
    settings = make_settings(infra).model_copy(
        update={"smtp_port": sink.port, "notify_lease_seconds": 2}
    )
    await prepare_databases(settings, ["notify"])
    guardians = [uuid4() for _ in range(LETTERS)]
    await _confirmed_addresses(settings, guardians)
    await publish_all_as_owner(settings, [_booked(guardian) for guardian in guardians])
    notify = _start_notify(settings, infra)
    try:
        await _open_once_all_written(settings, notify, sink)
        in_flight = await _kill_mid_batch(settings, notify, sink)
        notify = _start_notify(settings, infra)

        async def all_delivered() -> bool:
            assert notify.poll() is None, "notify exited: see notify-killed.log"
            return await _count(settings, "status = 'delivered'") == LETTERS

        await eventually(all_delivered, timeout=90, what="every letter delivered after the kill")
    finally:
        notify.kill()
        notify.wait()
        sink.stop()

    assert await _count(settings, "true", table="notifications") == LETTERS
    expected = {message_id(delivery, settings.smtp_sender) for delivery in await _ids(settings)}
    arrived = Counter(str(mail["Message-ID"]) for mail in sink.received)
    # Every letter arrived, and none under a Message-ID of its own making on the resend.
    assert set(arrived) == expected
    repeated = {mail_id for mail_id, copies in arrived.items() if copies > 1}
    assert repeated == in_flight
    assert 1 <= len(in_flight) <= PARALLEL_SENDS
    assert all(arrived[mail_id] == 2 for mail_id in repeated)
    for mail_id in repeated:
        first, again = (mail for mail in sink.received if mail["Message-ID"] == mail_id)
        assert (first["To"], first["Subject"]) == (again["To"], again["Subject"])


async def _open_once_all_written(
    settings: StackSettings, notify: subprocess.Popen[bytes], sink: HoldingSink
) -> None:
    """The server opens only once every letter is queued, so the dispatcher claims full
    batches and the kill lands in the middle of one."""

    async def all_written() -> bool:
        assert notify.poll() is None, "notify exited: see notify-killed.log"
        gone = await _count(settings, "status NOT IN ('queued', 'sending')")
        assert gone == 0, f"{gone} letters recorded as sent while no server listened"
        return await _count(settings, "true") == LETTERS

    await eventually(all_written, timeout=90, what="every letter written")
    sink.start()


async def _kill_mid_batch(
    settings: StackSettings, notify: subprocess.Popen[bytes], sink: HoldingSink
) -> set[str]:
    """SIGKILL once the letters answered are recorded and others wait for their answer;
    the Message-IDs of those in flight then."""

    async def answered_ones_recorded_and_others_held() -> bool:
        assert notify.poll() is None, "notify exited: see notify-killed.log"
        delivered = await _count(settings, "status = 'delivered'")
        return bool(sink.held) and delivered == ANSWERED_BEFORE_THE_KILL

    await eventually(answered_ones_recorded_and_others_held, what="letters held unanswered")
    notify.send_signal(signal.SIGKILL)
    notify.wait()

    async def its_connections_closed() -> bool:
        return sink.connections == 0

    await eventually(its_connections_closed, what="the killed sender's connections to close")
    in_flight = set(sink.held)
    sink.release()
    return in_flight


def _booked(guardian: UUID) -> SlotBooked:
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    return slot_booked(guardian, starts, activity_name="Babyrytmik")


def _start_notify(settings: StackSettings, infra: Infra) -> subprocess.Popen[bytes]:
    """Notify's process; its dispatcher starts with the app, without waiting for the
    broker."""
    log = infra.data_dir / "notify-killed.log"
    return start_process("notify", settings, free_port(), log_path=log)


async def _confirmed_addresses(settings: StackSettings, people: list[UUID]) -> None:
    """Addresses confirmed earlier, written as notify keeps them."""
    engine = create_engine(settings, "notify")
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO contact_points (id, subject, channel, address, confirmed_at) "
                    "VALUES (:id, :subject, 'email', :address, now())"
                ),
                [
                    {"id": uuid4(), "subject": person, "address": f"killed-{n}@example.fi"}
                    for n, person in enumerate(people)
                ],
            )
    finally:
        await engine.dispose()


async def _count(settings: StackSettings, where: str, *, table: str = "deliveries") -> int:
    engine = create_engine(settings, "notify")
    try:
        async with engine.connect() as connection:
            found = await connection.scalar(text(f"SELECT count(*) FROM {table} WHERE {where}"))
            return int(found or 0)
    finally:
        await engine.dispose()


async def _ids(settings: StackSettings) -> list[UUID]:
    engine = create_engine(settings, "notify")
    try:
        async with engine.connect() as connection:
            return list(await connection.scalars(text("SELECT id FROM deliveries")))
    finally:
        await engine.dispose()
