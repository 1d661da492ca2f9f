"""The real broker as any Kafka client sees it: reading topics, and publishing records as a
replaying producer or another service's relay would."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from familjecentret.testing.stack import Stack
from fc_shared.settings import Settings

if TYPE_CHECKING:
    from fc_shared.events.envelope import Envelope


@dataclass(frozen=True)
class Record:
    topic: str
    key: bytes | None
    headers: dict[str, str]
    value: bytes


def _records(batches: dict[Any, list[Any]]) -> list[Record]:
    return [
        Record(
            message.topic,
            message.key,
            {name: value.decode() for name, value in message.headers},
            message.value or b"",
        )
        for batch in batches.values()
        for message in batch
    ]


async def read_topic(
    bootstrap_servers: str,
    topic: str,
    *,
    until: Callable[[list[Record]], bool],
    timeout: float = 30.0,
) -> list[Record]:
    """Read a topic from the beginning, as any Kafka client would, until `until` holds."""
    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    records: list[Record] = []
    deadline = time.monotonic() + timeout
    try:
        while not until(records):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out reading {topic}: {len(records)} records")
            records.extend(_records(await consumer.getmany(timeout_ms=500)))
    finally:
        await consumer.stop()
    return records


async def produce(
    bootstrap_servers: str, topic: str, *, key: bytes | None, headers: dict[str, str], value: bytes
) -> None:
    """Publish one raw record, as a replaying or misbehaving producer would."""
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            topic, value, key=key, headers=[(name, v.encode()) for name, v in headers.items()]
        )
    finally:
        await producer.stop()


async def read_all_topics(
    bootstrap_servers: str, prefix: str, *, quiet_seconds: float = 2.0
) -> list[Record]:
    """Every record on every topic whose name starts with `prefix`, read until quiet."""
    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    records: list[Record] = []
    try:
        topics = sorted(t for t in await consumer.topics() if t.startswith(prefix))
        consumer.subscribe(topics)
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < quiet_seconds:
            fresh = _records(await consumer.getmany(timeout_ms=300))
            if fresh:
                quiet_since = time.monotonic()
                records.extend(fresh)
    finally:
        await consumer.stop()
    return records


async def publish_as_network(stack: Stack, event: Any) -> None:
    """One event on the real broker, enveloped as the network service's relay would."""
    assert event.SOURCE == "/network"  # consumers refuse events not from the topic's owner
    await publish_as_owner(stack, event)


async def publish_as_owner(
    stack: Stack, event: Any, *, at: datetime | None = None, event_id: UUID | None = None
) -> Envelope:
    """One event on the real broker, enveloped as the relay of the service that owns its
    topic would: same topic, key (so partition), headers and source. `at` is when the
    owner says it happened (its outbox's time; now unless given), `event_id` the id of an
    event published before, to redeliver it. The envelope."""
    from fc_shared.events.envelope import Envelope

    envelope = Envelope.wrap(event)
    envelope = replace(envelope, time=at or envelope.time, id=event_id or envelope.id)
    await produce(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic(event.TOPIC),
        key=envelope.key.encode(),
        headers=envelope.headers(),
        value=envelope.data,
    )
    return envelope


async def publish_all_as_owner(settings: Settings, events: Iterable[Any]) -> list[Envelope]:
    """Many events on the real broker through one producer, each enveloped as in
    `publish_as_owner`; returns once the broker has every one of them."""
    from aiokafka import AIOKafkaProducer

    from fc_shared.events.envelope import Envelope

    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, acks="all")
    await producer.start()
    envelopes = []
    try:
        sent = []
        for event in events:
            envelope = Envelope.wrap(event)
            envelopes.append(envelope)
            sent.append(
                await producer.send(
                    settings.topic(event.TOPIC),
                    envelope.data,
                    key=envelope.key.encode(),
                    headers=[(name, v.encode()) for name, v in envelope.headers().items()],
                )
            )
        for delivery in sent:
            await delivery
    finally:
        await producer.stop()
    return envelopes
