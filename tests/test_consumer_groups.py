"""A service reads each topic in one consumer group, on the real broker and database.

Kafka keeps the order of a key's events only within one consumer group. A service that read
a topic in one group per event type could handle a meeting point's change before its opening,
or a booking's cancellation before the booking: each group went at its own pace.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from uuid import UUID, uuid4

import pytest_asyncio
from aiokafka.admin import AIOKafkaAdminClient
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from familjecentret.settings import StackSettings
from familjecentret.testing import Stack, eventually, produce
from fc_shared import inbox
from fc_shared.bus import create_broker, dead_letter_topic, ensure_topics
from fc_shared.db import create_engine, create_sessions
from fc_shared.events import MeetingPointChanged, MeetingPointOpened
from fc_shared.events.contracts import TOPICS, DomainEvent
from fc_shared.events.envelope import Envelope
from fc_shared.relay import OutboxRelay
from fc_shared.service import ServiceContext


def groups_read(stack: Stack, service: str) -> dict[str, list[str]]:
    """The consumer groups a running service reads each topic in, as its subscribers say."""
    app = stack.servers[service].config.app
    assert isinstance(app, FastAPI)
    broker = app.state.context.broker
    groups: dict[str, list[str]] = {}
    for subscriber in broker.subscribers:
        for topic in subscriber.topics:
            groups.setdefault(topic.name, []).append(subscriber.group_id)
    return groups


async def group_state(bootstrap_servers: str, group: str) -> tuple[str, int]:
    """What the broker says of a consumer group: its state, and how many members it has.
    (Tansu lists only the groups that committed an offset, so each is asked by name.)"""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        (response,) = await admin.describe_consumer_groups([group])
    finally:
        await admin.close()
    (described,) = response.groups
    return described[2], len(described[5])


async def test_each_service_reads_each_topic_in_one_group(stack: Stack) -> None:
    prefix = stack.settings.topic_prefix
    for service in stack.servers:
        expected = {
            f"{prefix}{topic.name}": [f"{prefix}{service}.{topic.name}"]
            for topic in TOPICS
            if service in topic.readers
        }

        # One group for the topic, not one for each event type read on it (notify reads
        # SlotBooked, WaitlistPromoted, BookingRescheduled and BookingCancelled on one).
        assert groups_read(stack, service) == expected, service

        for (group,) in expected.values():

            async def joined(group: str = group) -> bool:
                state = await group_state(stack.settings.kafka_bootstrap_servers, group)
                return state == ("Stable", 1)

            await eventually(joined, what=f"{group} to have its one member")


@dataclass
class Recorder:
    """A service of handlers that write down what they handled, in the order handled."""

    context: ServiceContext
    handled: list[UUID] = field(default_factory=list)

    async def record(self, _: AsyncSession, event: DomainEvent, envelope: Envelope) -> None:
        self.handled.append(envelope.id)

    async def publish(self, event: DomainEvent, *, event_id: UUID | None = None) -> UUID:
        """One event on the broker as its topic's owner would send it; its id."""
        envelope = Envelope.wrap(event)
        envelope = replace(envelope, id=event_id or envelope.id)
        await produce(
            self.context.settings.kafka_bootstrap_servers,
            self.context.settings.topic(event.TOPIC),
            key=envelope.key.encode(),
            headers=envelope.headers(),
            value=envelope.data,
        )
        return envelope.id


@pytest_asyncio.fixture
async def booking_like(settings: StackSettings) -> AsyncIterator[Recorder]:
    """Booking's two handlers of the meeting-point topic, under booking's inbox names, in
    booking's database, as `ServiceContext` wires them; on topics of their own."""
    isolated = settings.model_copy(update={"topic_prefix": f"g{uuid4().hex[:8]}."})
    engine = create_engine(isolated, "booking")
    sessions = create_sessions(engine)
    broker = create_broker(isolated)
    relay = OutboxRelay(sessions=sessions, broker=broker, settings=isolated, topics=[])
    recorder = Recorder(ServiceContext("booking", isolated, engine, sessions, broker, relay))
    recorder.context.subscribe(MeetingPointOpened, "meeting-points", recorder.record)
    recorder.context.subscribe(MeetingPointChanged, "meeting-point-changes", recorder.record)
    recorder.context.create_subscribers()
    topic = isolated.topic(MeetingPointOpened.TOPIC)
    await ensure_topics(isolated, [topic, dead_letter_topic(topic)])
    await broker.start()
    try:
        yield recorder
    finally:
        await broker.stop()
        await engine.dispose()


def opened(point: UUID) -> MeetingPointOpened:
    return MeetingPointOpened(
        meeting_point_id=point, municipality_code="905", audience_bands=["youth"]
    )


def changed(point: UUID, title: str) -> MeetingPointChanged:
    return MeetingPointChanged(
        meeting_point_id=point, municipality_code="905", audience_bands=["youth"], title=title
    )


async def test_one_keys_events_of_several_types_are_handled_in_the_order_published(
    booking_like: Recorder,
) -> None:
    point = uuid4()
    # Several changes first and the opening last: handlers that each went at their own
    # pace would handle the opening long before the changes are done.
    events: list[DomainEvent] = [changed(point, f"Rum {n}") for n in range(12)]
    events += [opened(point), changed(point, "Rum sist")]
    published = [await booking_like.publish(event) for event in events]

    async def all_handled() -> bool:
        return len(booking_like.handled) >= len(published)

    await eventually(all_handled, what="every event to be handled")

    assert booking_like.handled == published


async def test_an_event_the_old_group_handled_is_not_handled_again(
    booking_like: Recorder,
) -> None:
    """The switch from a group per purpose to one per topic: the new group reads the topic
    from its start, and finds in the inbox, under the handler's unchanged name, what the
    old group `booking.meeting-points` already handled."""
    point = uuid4()
    handled_before = uuid4()
    async with booking_like.context.sessions() as session, session.begin():
        assert await inbox.claim(
            session,
            event_id=handled_before,
            consumer="booking.meeting-points",
            event_type=MeetingPointOpened.TYPE,
        )

    await booking_like.publish(opened(point), event_id=handled_before)
    after = await booking_like.publish(changed(point, "Rum"))

    async def marker_handled() -> bool:
        return after in booking_like.handled

    await eventually(marker_handled, what="the change published after it to be handled")

    # In order on one key: by the time the later change is handled, the earlier opening
    # has been met, and skipped.
    assert booking_like.handled == [after]
