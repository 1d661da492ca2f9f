"""Event subscribers with at-least-once delivery, an inbox, bounded retries and a dead letter.

A service reads each topic in one consumer group, `<service>.<topic>`, that dispatches each
message to the handler of its event type (`subscribe_topic`). Kafka keeps a partition's order
only within one group: with a group per event type, a booking's `BookingCancelled` could be
handled before its `SlotBooked`, a meeting point's `MeetingPointChanged` before its
`MeetingPointOpened`. In one group they come in the order their owner published them (one
key, one partition).

Offsets are committed by hand (`AckPolicy.MANUAL`), only after the handler's database
transaction has committed; a database or broker outage rewinds to the message instead. A
commit that fails or hangs (a broker that lost its groups) is given up after a bound: the
message may come again, and the inbox makes that harmless. A message that still fails after
`consumer_max_attempts` goes to `<topic>.dlt` carrying the error; a database or broker outage
is not the message's fault, so it is retried until the outage ends instead.

Defence in depth behind the broker's ACLs: an event is acted on only when its CloudEvents
`source` is the service that owns its topic (`topic_contract`, the one topic table). A
`MeetingPointChanged` from anyone but network, naming themselves a room's coordinator, is
dead-lettered and changes nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import structlog
from aiokafka.errors import KafkaError
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from fc_shared import inbox
from fc_shared.bus import dead_letter_topic
from fc_shared.db import Sessions, is_database_unavailable
from fc_shared.events.contracts import ALL_EVENTS, DomainEvent, topic_contract
from fc_shared.events.envelope import Envelope
from fc_shared.settings import Settings

log = structlog.get_logger(__name__)

E = TypeVar("E", bound=DomainEvent)
Handler = Callable[[AsyncSession, E, Envelope], Awaitable[None]]

COMMIT_TIMEOUT_SECONDS = 5.0
KNOWN_TYPES = frozenset(known.TYPE for known in ALL_EVENTS)


class PoisonMessage(Exception):
    """A message that no retry can fix: malformed envelope or data."""


class NotFromOwner(PoisonMessage):
    """An event whose `source` is not its topic's owning service: forged, or misrouted."""


class NotForUs(Exception):
    """A well-formed event of a type this subscriber does not handle."""


def is_transient(error: BaseException) -> bool:
    return is_database_unavailable(error) or isinstance(error, OperationalError | KafkaError)


@dataclass(frozen=True, slots=True)
class Route(Generic[E]):
    """Which handler an event type goes to, and the name the inbox knows that handler by.

    `consumer` is `<service>.<purpose>`: the consumer group each handler had to itself
    before a service read each topic in one group. The inbox still keys a handled event by
    it, not by the topic's group, and that is what makes the change of groups safe: the new
    group has no committed offset, so it reads its topic from the earliest offset again, and
    finds every event the old per-purpose groups already handled claimed under the same
    name, and skips it. (While old and new instances run side by side in a rolling deploy,
    the claim's primary key makes the second claimer wait for the first and then skip.)"""

    event: type[E]
    consumer: str
    handle: Handler[E]


@dataclass(frozen=True, slots=True)
class _Reader:
    """One topic as a service reads it: who must have sent its events, and who handles
    which of their types."""

    topic: str  # with the region's prefix
    owner: str  # the CloudEvents source of the topic's owner
    routes: Mapping[str, Route[Any]]  # by CloudEvents type
    events: Mapping[str, type[DomainEvent]]


def subscribe_topic(
    broker: KafkaBroker,
    settings: Settings,
    *,
    topic: str,
    group: str,
    routes: Sequence[Route[Any]],
    sessions: Sessions,
) -> None:
    """Read `topic` (its contract's name) in consumer group `group` (behind the topic
    prefix), handing each event to the route of its type.

    `group` must start with the service's name and a dot: the broker's ACLs let each
    service read only the groups under its own name."""
    by_type: dict[str, Route[Any]] = {}
    for route in routes:
        if topic != route.event.TOPIC:
            raise ValueError(f"{route.event.TYPE} is not carried on {topic}")
        if route.event.TYPE in by_type:
            raise ValueError(f"two handlers for {route.event.TYPE} in {group}")
        by_type[route.event.TYPE] = route
    reader = _Reader(
        topic=settings.topic(topic),
        # Looked up now, so a topic missing from the contracts' table fails at start.
        owner=f"/{topic_contract(topic).owner}",
        routes=by_type,
        events={event_type: route.event for event_type, route in by_type.items()},
    )
    handled = ", ".join(f"{route.event.TYPE} ({route.consumer})" for route in routes)

    subscriber = broker.subscriber(
        reader.topic,
        group_id=settings.consumer_group(group),
        ack_policy=AckPolicy.MANUAL,
        auto_offset_reset="earliest",
        title=f"{reader.topic}:{group}",
        description=f"{group} handles {handled}",
    )

    @subscriber
    async def on_message(message: KafkaMessage) -> None:
        await _receive(message, reader, sessions, broker, settings)


async def _receive(
    message: KafkaMessage,
    reader: _Reader,
    sessions: Sessions,
    broker: KafkaBroker,
    settings: Settings,
) -> None:
    """One message: dead-letter it if it is not a valid event from the topic's owner, skip
    it if no handler here takes its type, else handle it once; commit its offset only after
    that."""
    try:
        # The raw body, not FastStream's decoding: the envelope is ours to check.
        try:
            envelope, data = _decode(
                reader.events, reader.owner, message.headers, message.raw_message, message.body
            )
        except PoisonMessage as error:
            await _dead_letter(broker, reader.topic, message, error)
        except NotForUs as skipped:
            # A type on this topic that this service does not act on; one no contract
            # knows is worth a line (a newer producer, or a typo in one).
            if str(skipped) not in KNOWN_TYPES:
                log.warning(
                    "event of an unknown type skipped",
                    topic=reader.topic,
                    event_type=str(skipped)[:100],
                )
        else:
            route = reader.routes[envelope.type]
            await _handle_with_retries(
                settings, sessions, route, envelope, data, broker, reader.topic, message
            )
    except Exception as error:
        # Database or broker away: rewind, wait a little, and meet the message again.
        log.warning("transient failure, message will be redelivered", error=repr(error))
        await asyncio.sleep(settings.consumer_retry_backoff_seconds * 5)
        await message.nack()
        return
    await _commit(message)


async def _commit(message: Any) -> None:
    try:
        await asyncio.wait_for(message.ack(), timeout=COMMIT_TIMEOUT_SECONDS)
    except Exception as error:
        log.warning("offset commit failed; the message may be redelivered", error=repr(error))


def _decode(
    events: Mapping[str, type[DomainEvent]],
    owner: str,
    headers: dict[str, Any],
    raw: Any,
    body: bytes,
) -> tuple[Envelope, DomainEvent]:
    """The envelope and data of a message from `owner`, whose type is one of `events`
    (by CloudEvents type); NotForUs for any other type."""
    try:
        key = raw.key.decode() if getattr(raw, "key", None) else ""
        envelope = Envelope.from_headers({k: str(v) for k, v in headers.items()}, key, body)
        if envelope.source != owner:
            # Checked first, before the type and before the data is even parsed: nothing of
            # a forged event is used, and a forged event of a type nobody handles is
            # dead-lettered too instead of passing unseen. The claimed source is the
            # sender's text: quoted short, never more.
            raise NotFromOwner(
                f"source {envelope.source[:64]!r} is not the owner of the topic ({owner})"
            )
        event = events.get(envelope.type)
        if event is None:
            raise NotForUs(envelope.type)
        return envelope, event.model_validate_json(body)
    except ValidationError as error:
        raise PoisonMessage(f"malformed event: {_without_values(error)}") from error
    except (KeyError, ValueError) as error:
        raise PoisonMessage(f"malformed event: {error}") from error


def _without_values(error: ValidationError) -> str:
    """Which fields failed and why, never their values: the text goes into the dead-letter
    header and a log line, and a value may be personal (a birth date on the family topic)."""
    return "; ".join(
        f"{'.'.join(str(part) for part in problem['loc']) or '(data)'}: {problem['msg']}"
        for problem in error.errors(include_input=False, include_url=False)
    )


async def _handle_with_retries(
    settings: Settings,
    sessions: Sessions,
    route: Route[Any],
    envelope: Envelope,
    data: DomainEvent,
    broker: KafkaBroker,
    topic: str,
    message: Any,
) -> None:
    last_error: Exception | None = None
    for attempt in range(1, settings.consumer_max_attempts + 1):
        try:
            async with sessions() as session, session.begin():
                first_time = await inbox.claim(
                    session, event_id=envelope.id, consumer=route.consumer, event_type=envelope.type
                )
                if first_time:
                    await route.handle(session, data, envelope)
                else:
                    log.info("duplicate event ignored", event_id=str(envelope.id))
            return
        except Exception as error:
            if is_transient(error):
                raise  # not the message's fault: dead-lettering it would lose it from the flow
            last_error = error
            log.warning(
                "handler failed", attempt=attempt, error=repr(error), event_id=str(envelope.id)
            )
            await asyncio.sleep(settings.consumer_retry_backoff_seconds * attempt)
    assert last_error is not None
    await _dead_letter(broker, topic, message, last_error)


async def _dead_letter(broker: KafkaBroker, topic: str, message: Any, error: Exception) -> None:
    headers = {k: str(v) for k, v in message.headers.items()}
    headers["dlt_error"] = repr(error)[:1000]
    headers["dlt_original_topic"] = topic
    raw = message.raw_message
    await broker.publish(
        message.body,
        topic=dead_letter_topic(topic),
        key=getattr(raw, "key", None),
        headers=headers,
    )
    log.error("message dead-lettered", topic=topic, error=repr(error)[:200])
