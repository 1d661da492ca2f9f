"""Kafka wiring: the FastStream broker with explicit delivery settings, and its topics."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable

import structlog
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from opentelemetry import trace

from fc_shared.settings import Settings

log = structlog.get_logger(__name__)


def create_broker(settings: Settings) -> KafkaBroker:
    # acks="all": a publish counts only once every in-sync replica has it. Idempotence is a
    # setting because the embedded Tansu broker cannot hand out producer ids.
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        acks="all",
        enable_idempotence=settings.kafka_idempotence,
        request_timeout_ms=10_000,
        metadata_max_age_ms=settings.kafka_metadata_max_age_ms,
        middlewares=[KafkaTelemetryMiddleware(tracer_provider=trace.get_tracer_provider())],
        logger=None,
    )


def dead_letter_topic(topic: str) -> str:
    return f"{topic}.dlt"


async def ensure_topics(settings: Settings, topics: Iterable[str]) -> None:
    """Create the topics a service uses; existing ones are left as they are."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(name, settings.topic_partitions, settings.topic_replication_factor)
            for name in sorted(set(topics) - existing)
        ]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another service was first
                await admin.create_topics(missing)
    finally:
        await admin.close()


async def keep_connected(broker: KafkaBroker, settings: Settings, topics: Iterable[str]) -> None:
    """Start the broker, retrying until it answers: a service must run while Kafka is down."""
    delay = 0.5
    wanted = list(topics)
    while True:
        try:
            await ensure_topics(settings, wanted)
            await broker.start()
            log.info("broker connected", bootstrap=settings.kafka_bootstrap_servers)
            return
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.warning("broker not reachable, retrying", error=repr(error), delay=delay)
            await broker.stop()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
