"""Kafka wiring: the FastStream broker with explicit delivery settings, its topics, and how
every Kafka client of a service authenticates to the cluster (one function for all)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import structlog
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from aiokafka.helpers import create_ssl_context
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.security import (
    BaseSecurity,
    SASLPlaintext,
    SASLScram256,
    SASLScram512,
)
from opentelemetry import trace

from fc_shared.settings import Settings

log = structlog.get_logger(__name__)


class KafkaSecurityError(ValueError):
    """The Kafka security settings do not add up (e.g. SASL without a user)."""


def kafka_client_options(settings: Settings) -> dict[str, Any]:
    """The aiokafka keyword arguments that authenticate a client to the cluster.

    Every client a service opens (the FastStream broker's producer and consumers, the admin
    client that checks topics) takes exactly these, so none can fall back to PLAINTEXT.
    With nothing set: PLAINTEXT, as the embedded Tansu broker speaks.
    """
    protocol = settings.kafka_security_protocol
    options: dict[str, Any] = {"security_protocol": protocol}
    if protocol in ("SSL", "SASL_SSL"):
        # Verifies the broker's certificate and host name against the CA (operators mount it;
        # without one, the system's trusted CAs).
        options["ssl_context"] = create_ssl_context(
            cafile=settings.kafka_ssl_cafile or None,
            certfile=settings.kafka_ssl_certfile or None,
            keyfile=settings.kafka_ssl_keyfile or None,
        )
    if protocol.startswith("SASL_"):
        password = settings.kafka_sasl_password.get_secret_value()
        if not settings.kafka_sasl_username or not password:
            # Said at start, not as an endless reconnect loop; the password is never logged.
            raise KafkaSecurityError(
                f"FC_KAFKA_SECURITY_PROTOCOL={protocol} needs "
                "FC_KAFKA_SASL_USERNAME and FC_KAFKA_SASL_PASSWORD"
            )
        options["sasl_mechanism"] = settings.kafka_sasl_mechanism
        options["sasl_plain_username"] = settings.kafka_sasl_username
        options["sasl_plain_password"] = password
    return options


def broker_security(settings: Settings) -> BaseSecurity | None:
    """`kafka_client_options` in the form FastStream's KafkaBroker takes (it accepts security
    only as an object, which it turns back into the same aiokafka arguments)."""
    options = kafka_client_options(settings)
    protocol = options["security_protocol"]
    if protocol == "PLAINTEXT":
        return None
    ssl_context = options.get("ssl_context")
    use_ssl = protocol.endswith("SSL")
    if protocol == "SSL":
        return BaseSecurity(ssl_context=ssl_context, use_ssl=True)
    sasl = {
        "PLAIN": SASLPlaintext,
        "SCRAM-SHA-256": SASLScram256,
        "SCRAM-SHA-512": SASLScram512,
    }[options["sasl_mechanism"]]
    return sasl(
        options["sasl_plain_username"],
        options["sasl_plain_password"],
        ssl_context=ssl_context,
        use_ssl=use_ssl,
    )


def create_broker(settings: Settings) -> KafkaBroker:
    # acks="all": a publish counts only once every in-sync replica has it. Idempotence is a
    # setting because the embedded Tansu broker cannot hand out producer ids.
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        security=broker_security(settings),
        acks="all",
        enable_idempotence=settings.kafka_idempotence,
        request_timeout_ms=10_000,
        metadata_max_age_ms=settings.kafka_metadata_max_age_ms,
        middlewares=[KafkaTelemetryMiddleware(tracer_provider=trace.get_tracer_provider())],
        logger=None,
    )


def dead_letter_topic(topic: str) -> str:
    return f"{topic}.dlt"


class TopicsNotCreated(Exception):
    """The broker would not create topics this service needs (no CREATE right, say)."""


def refused_topics(topic_errors: Iterable[tuple[Any, ...]]) -> dict[str, int]:
    """The topics a CreateTopics answer refused, with their error codes. "Already exists"
    is no refusal: another service created it first."""
    return {
        str(entry[0]): int(entry[1])
        for entry in topic_errors
        if int(entry[1]) not in (0, TopicAlreadyExistsError.errno)
    }


async def ensure_topics(settings: Settings, topics: Iterable[str]) -> None:
    """Create the topics a service uses; existing ones are left as they are.

    On a secured cluster an operator step creates every topic first (deploy/kafka: the ACLs
    grant no service CREATE, so a compromised service cannot make topics), and this finds
    nothing missing; if one is still missing, the broker refuses the create topic by topic
    in its answer (aiokafka raises nothing for that), so the answer is read and a refusal
    raised: the caller retries until the operator step has run. Against the embedded broker
    it creates them.
    """
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap_servers, **kafka_client_options(settings)
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(name, settings.topic_partitions, settings.topic_replication_factor)
            for name in sorted(set(topics) - existing)
        ]
        if missing:
            answer = await admin.create_topics(missing)
            refused = refused_topics(answer.topic_errors)
            if refused:
                raise TopicsNotCreated(refused)
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
