"""Notify from the topic to the letter, against this machine's own limits, in one run.

    .venv/bin/python -m bench.notify_throughput [--events 5000] [--rate 500] [--seconds 20]

1. Notify runs as its own process (as in production); the SMTP sink is in this process.
2. Handling: `--events` SlotBooked events for guardians with confirmed e-mail addresses wait
   on the topic before notify starts; measured from the first letter written to the last
   (each a notification and its e-mail delivery, in the event's transaction), while the
   mail server is still closed, so the dispatcher sends nothing.
3. Sending: the mail server opens; measured from the first e-mail recorded `delivered` to
   the last.
4. The limits: a raw aiokafka consumer reading the same records from the same broker, and a
   raw aiosmtplib client sending as many e-mails to the same sink, as many at once as the
   dispatcher (a connection per message, as notify's adapter opens).
5. Latency: events produced at a steady `--rate` for `--seconds`, then at half the rate of
   step 2, each once notify has sent everything before (it sends these letters meanwhile);
   each event's time of production to its letter's appearing in the inbox (notify's
   database polled every POLL_SECONDS): p50 and p99.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import itertools
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import aiosmtplib
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiosmtpd.controller import Controller
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bench.pgbench import percentile
from bench.services import cpu_seconds, start_service
from familjecentret.devstack import free_port, servers_for_testing
from familjecentret.testing import prepare_databases, publish_all_as_owner
from familjecentret.testing.booking import slot_booked
from fc_notify.adapters.email_message import build_email
from fc_notify.domain.letters import Letter
from fc_notify.settings import NotifySettings
from fc_notify.use_cases.dispatch import PARALLEL_SENDS
from fc_shared.bus import ensure_topics
from fc_shared.db import create_engine
from fc_shared.devkeys import ensure_dev_keys
from fc_shared.events import SlotBooked
from fc_shared.events.envelope import Envelope

POLL_SECONDS = 0.02
LATE = 900  # seconds: how long a letter may take before it is counted missing


class Accepting:
    """An SMTP server's handler that accepts every message and keeps none: the devstack's
    sink parses and keeps each one, which would make it, not notify, what is measured."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        return "250 Message accepted for delivery"


STARTS = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)


def booked(guardian: UUID) -> SlotBooked:
    return slot_booked(guardian, STARTS, activity_name="Babyrytmik")


async def confirmed_people(engine: AsyncEngine, count: int) -> list[UUID]:
    """`count` guardians, each with an e-mail address confirmed earlier."""
    people = [uuid4() for _ in range(count)]
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO contact_points (id, subject, channel, address, confirmed_at) "
                "VALUES (:id, :subject, 'email', :address, now())"
            ),
            [
                {"id": uuid4(), "subject": person, "address": f"bench-{n}@example.fi"}
                for n, person in enumerate(people)
            ],
        )
    return people


async def rate_of(
    count: Callable[[], Awaitable[int]], total: int, *, timeout: float = 900
) -> float:
    """Polls `count` until it reaches `total`: per second from the first poll that saw
    any to the one that saw all."""
    first: tuple[float, int] | None = None
    deadline = time.perf_counter() + timeout
    while True:
        found, now = await count(), time.perf_counter()
        if first is None and found:
            first = (now, found)
        if found >= total:
            assert first is not None
            return (total - first[1]) / max(now - first[0], 1e-9)
        if now > deadline:
            raise TimeoutError(f"{found} of {total} after {timeout} s")
        await asyncio.sleep(0.05)


def counter(connection: AsyncConnection, where: str) -> Callable[[], Awaitable[int]]:
    async def count() -> int:
        return int(await connection.scalar(text(f"SELECT count(*) FROM deliveries {where}")) or 0)

    return count


def reader(settings: NotifySettings, topic: str, group: str | None) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        topic,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )


async def raw_read_rate(settings: NotifySettings, topic: str, records: int) -> float:
    """Records per second a plain consumer reads of `topic` from its start, in batches."""
    consumer = reader(settings, topic, None)
    await consumer.start()
    read, began = 0, time.perf_counter()
    try:
        while read < records:
            batches = await consumer.getmany(timeout_ms=500, max_records=10_000)
            read += sum(len(batch) for batch in batches.values())
    finally:
        await consumer.stop()
    return read / (time.perf_counter() - began)


async def raw_commit_rate(settings: NotifySettings, topic: str, records: int) -> float:
    """Records per second a consumer in a group of its own takes one at a time, committing
    each offset before the next, as notify's subscriber does; counted from the first record
    (joining the group is not reading)."""
    consumer = reader(settings, topic, f"bench-raw-{uuid4().hex[:8]}")
    await consumer.start()
    began = 0.0
    try:
        for number in range(records):
            record = await consumer.getone()
            partition = TopicPartition(record.topic, record.partition)
            await consumer.commit({partition: record.offset + 1})
            if number == 0:
                began = time.perf_counter()
    finally:
        await consumer.stop()
    return (records - 1) / (time.perf_counter() - began)


async def raw_send_rate(settings: NotifySettings, messages: int) -> float:
    """E-mails per second aiosmtplib hands to the sink, PARALLEL_SENDS at once."""
    letter = Letter(subject="Bokningen är bekräftad", text="Hej! " * 80, html="<p>Hej!</p>" * 80)
    queue = iter(range(messages))

    async def sender() -> None:
        for number in queue:
            message = build_email(
                letter,
                delivery_id=uuid4(),
                sender=settings.smtp_sender,
                to=f"raw-{number}@example.fi",
                sent_at=datetime.now(UTC),
            )
            await aiosmtplib.send(message, hostname=settings.smtp_host, port=settings.smtp_port)

    began = time.perf_counter()
    await asyncio.gather(*(sender() for _ in range(PARALLEL_SENDS)))
    return messages / (time.perf_counter() - began)


async def steady_production(
    settings: NotifySettings, people: list[UUID], rate: float, produced: dict[UUID, float]
) -> None:
    """One SlotBooked per person at a steady `rate`; when each was handed to the producer
    goes in `produced`, by event id."""
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, acks="all")
    await producer.start()
    try:
        began, sent = time.perf_counter(), []
        for number, person in enumerate(people):
            delay = began + number / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            event = booked(person)
            envelope = Envelope.wrap(event)
            produced[envelope.id] = time.perf_counter()
            sent.append(
                await producer.send(
                    settings.topic(event.TOPIC),
                    envelope.data,
                    key=envelope.key.encode(),
                    headers=[(name, v.encode()) for name, v in envelope.headers().items()],
                )
            )
        await asyncio.gather(*sent)
    finally:
        await producer.stop()


async def watch_inbox(
    connection: AsyncConnection,
    produced: dict[UUID, float],
    seen: dict[UUID, float],
    production: asyncio.Task[None],
) -> None:
    """When each produced event's letter is first in the inbox, until every one is (or
    LATE seconds after the last was produced)."""
    deadline = float("inf")
    while len(seen) < len(produced) or not production.done():
        if production.done() and deadline == float("inf"):
            deadline = time.perf_counter() + LATE
        if time.perf_counter() > deadline:
            return
        pending = list(itertools.islice((i for i in produced if i not in seen), 2000))
        if pending:
            found = await connection.scalars(
                text("SELECT event_id FROM notifications WHERE event_id = ANY(:ids)"),
                {"ids": pending},
            )
            now = time.perf_counter()
            seen.update((event_id, now) for event_id in found)
        await asyncio.sleep(POLL_SECONDS)


async def latency(
    settings: NotifySettings, engine: AsyncEngine, people: list[UUID], rate: float
) -> tuple[list[float], int]:
    """Production-to-inbox latencies at `rate`, and how many letters never appeared."""
    produced: dict[UUID, float] = {}
    seen: dict[UUID, float] = {}
    async with engine.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        production = asyncio.create_task(steady_production(settings, people, rate, produced))
        await watch_inbox(connection, produced, seen, production)
        await production
    samples = [seen[event_id] - produced[event_id] for event_id in seen]
    return samples, len(produced) - len(seen)


async def nothing_left_to_send(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        written = await counter(connection, "")()
        await rate_of(counter(connection, "WHERE status = 'delivered'"), written)


@dataclass
class Figures:
    events: int
    written: float = 0.0  # letters written per second
    delivered: float = 0.0  # e-mails delivered per second
    cpu_written: dict[str, float] = field(default_factory=dict)  # ms per letter, by process
    cpu_delivered: dict[str, float] = field(default_factory=dict)  # ms per e-mail
    raw_read: float = 0.0
    raw_committed: float = 0.0
    raw_sent: float = 0.0
    latencies: dict[float, tuple[list[float], int]] = field(default_factory=dict)  # by rate


async def handling_and_sending(
    engine: AsyncEngine, sink: Controller, cpu: Callable[[], dict[str, float]], figures: Figures
) -> None:
    """Letters written per second (mail server closed), then e-mails delivered per second
    (server open), and the CPU each took."""
    events = figures.events
    async with engine.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        written = counter(connection, "")
        delivered = counter(connection, "WHERE status = 'delivered'")
        await rate_of(written, 1)
        before = cpu()
        figures.written = await rate_of(written, events)
        between = cpu()
        sink.start()
        figures.delivered = await rate_of(delivered, events)
        after = cpu()
    figures.cpu_written = {name: (between[name] - before[name]) / events * 1000 for name in before}
    figures.cpu_delivered = {name: (after[name] - between[name]) / events * 1000 for name in before}


async def measure(settings: NotifySettings, figures: Figures, rate: float, seconds: float) -> None:
    engine = create_engine(settings, "notify")
    steady = int(rate * seconds)
    people = await confirmed_people(engine, figures.events + 2 * steady)
    topic = settings.topic(SlotBooked.TOPIC)
    await ensure_topics(settings, [topic])
    await publish_all_as_owner(settings, [booked(person) for person in people[: figures.events]])
    notify = start_service("notify", settings, free_port())
    sink = Controller(Accepting(), hostname="127.0.0.1", port=settings.smtp_port)
    try:
        cpu = functools.partial(cpu_seconds, [notify.pid], settings.data_dir)
        await handling_and_sending(engine, sink, cpu, figures)
        figures.raw_sent = await raw_send_rate(settings, min(figures.events, 2000))
        others = iter(people[figures.events :])
        for offered in (rate, figures.written / 2):
            await nothing_left_to_send(engine)  # so each rate is measured on its own
            count = int(offered * seconds)
            chosen = list(itertools.islice(others, count))
            figures.latencies[offered] = await latency(settings, engine, chosen, offered)
    finally:
        with contextlib.suppress(Exception):  # not started if the first part failed
            sink.stop()
        notify.terminate()
        notify.wait(timeout=30)
        await engine.dispose()
    figures.raw_read = await raw_read_rate(settings, topic, figures.events)
    figures.raw_committed = await raw_commit_rate(settings, topic, figures.events)


async def main(events: int, rate: float, seconds: float) -> None:
    data = Path(tempfile.mkdtemp(prefix="fc-bench-"))
    with servers_for_testing(data, durable=True) as (database_url, kafka):
        run = uuid4().hex[:8]
        settings = NotifySettings(
            database_url=database_url,
            kafka_bootstrap_servers=kafka,
            database_name_prefix=f"bench{run}_",
            topic_prefix=f"bench{run}.",
            data_dir=data,
            smtp_port=free_port(),
        )
        ensure_dev_keys(settings.dev_keys_dir)
        await prepare_databases(settings, ["notify"])
        figures = Figures(events)
        await measure(settings, figures, rate, seconds)
    report(figures, seconds)


def _cpu(used: dict[str, float]) -> str:
    return ", ".join(f"{name} {ms:.2f} ms" for name, ms in used.items())


def report(figures: Figures, seconds: float) -> None:
    print(f"events: {figures.events} SlotBooked, each one letter in the inbox and one e-mail")
    print(
        f"raw consumer (aiokafka, same records): {figures.raw_read:,.0f} records/s in batches, "
        f"{figures.raw_committed:,.0f}/s one at a time committing each (as notify)  <- limits"
    )
    print(
        f"notify, events handled to letters written: {figures.written:,.1f}/s; ratio to raw "
        f"read {figures.written / figures.raw_read:.4f}, "
        f"to raw committing each {figures.written / figures.raw_committed:.3f}"
    )
    print(f"CPU per letter written: {_cpu(figures.cpu_written)}")
    print(
        f"raw SMTP client (aiosmtplib, {PARALLEL_SENDS} at once, same sink): "
        f"{figures.raw_sent:,.0f} e-mails/s  <- limit"
    )
    print(
        f"notify, queued e-mails to delivered: {figures.delivered:,.1f}/s; "
        f"ratio to raw sent {figures.delivered / figures.raw_sent:.2f}"
    )
    print(f"CPU per e-mail delivered: {_cpu(figures.cpu_delivered)}")
    for rate, (samples, missing) in figures.latencies.items():
        print(
            f"event to inbox at {rate:.0f} events/s for {seconds:.0f} s "
            f"(polled every {POLL_SECONDS * 1000:.0f} ms): "
            f"p50 {percentile(samples, 0.5) * 1000:,.0f} ms, "
            f"p99 {percentile(samples, 0.99) * 1000:,.0f} ms"
            + (f"; {missing} letters not in the inbox {LATE} s after the last" if missing else "")
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=20)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.events, arguments.rate, arguments.seconds))
