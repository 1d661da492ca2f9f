"""Outbox relay throughput against this machine's own limit: a raw aiokafka producer.

Both publish the same number of 300-byte events with acks=all to the same broker, one
awaited send at a time per key order; the ratio relay/raw says what the outbox costs.

    .venv/bin/python -m bench.relay_throughput [--events 5000]

Uses FC_TEST_DATABASE_URL / FC_TEST_KAFKA_BOOTSTRAP_SERVERS when set, else starts an
embedded PostgreSQL and Tansu of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from uuid import uuid4

from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select

from familjecentret.devstack import servers_for_testing
from familjecentret.operations import migrate_all
from fc_shared.bus import create_broker, ensure_topics
from fc_shared.db import create_engine, create_sessions
from fc_shared.events import SlotBooked
from fc_shared.outbox import OUTBOX, add_event
from fc_shared.relay import OutboxRelay
from fc_shared.settings import Settings


def sample_event() -> SlotBooked:
    now = time.time()
    from datetime import UTC, datetime, timedelta

    start = datetime.fromtimestamp(now, UTC) + timedelta(days=1)
    return SlotBooked(
        booking_id=uuid4(),
        slot_id=uuid4(),
        resource_id=uuid4(),
        booked_by=uuid4(),
        municipality_code="905",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )


async def raw_rate(settings: Settings, topic: str, events: int, batch: int) -> float:
    """The raw producer at its best for the same shape of work: `batch` sends in flight."""
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, acks="all")
    await producer.start()
    payloads = [(sample_event()) for _ in range(events)]
    began = time.perf_counter()
    for first in range(0, events, batch):
        futures = [
            await producer.send(topic, event.model_dump_json().encode(), key=event.key().encode())
            for event in payloads[first : first + batch]
        ]
        await asyncio.gather(*futures)
    elapsed = time.perf_counter() - began
    await producer.stop()
    return events / elapsed


async def relay_rate(settings: Settings, events: int) -> float:
    engine = create_engine(settings, "booking")
    sessions = create_sessions(engine)
    async with sessions() as session, session.begin():
        for _ in range(events):
            await add_event(session, settings, sample_event())
    broker = create_broker(settings)
    await broker.start()
    relay = OutboxRelay(sessions=sessions, broker=broker, settings=settings)
    began = time.perf_counter()
    while await relay.publish_batch():
        pass
    elapsed = time.perf_counter() - began
    async with sessions() as session:
        unsent = await session.scalar(
            select(func.count()).select_from(OUTBOX).where(OUTBOX.c.sent_at.is_(None))
        )
    assert unsent == 0, f"{unsent} events left unsent"
    await broker.stop()
    await engine.dispose()
    return events / elapsed


async def main(events: int) -> None:
    data = Path(tempfile.mkdtemp(prefix="fc-bench-"))
    with servers_for_testing(data, durable=True) as (database_url, kafka):
        await measure(data, database_url, kafka, events)


async def measure(data: Path, database_url: str, kafka: str, events: int) -> None:
    run = uuid4().hex[:8]
    settings = Settings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka,
        database_name_prefix=f"bench{run}_",
        topic_prefix=f"bench{run}.",
        data_dir=data,
    )
    await migrate_all(settings)
    topic = settings.topic(SlotBooked.TOPIC)
    await ensure_topics(settings, [topic, f"{topic}.raw"])
    raw = await raw_rate(settings, f"{topic}.raw", events, settings.outbox_batch_size)
    relayed = await relay_rate(settings, events)
    print(f"events: {events}")
    in_flight = settings.outbox_batch_size
    print(
        f"raw producer (acks=all, {in_flight} in flight): {raw:,.0f} events/s"
        "  <- this machine's limit"
    )
    print(f"outbox relay (read, publish, mark sent): {relayed:,.0f} events/s")
    print(f"ratio relay/raw: {relayed / raw:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5000)
    asyncio.run(main(parser.parse_args().events))
