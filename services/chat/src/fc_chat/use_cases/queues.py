"""Queues as admins set them up and visitors and staff see them: their state now (open,
closed, full; expected wait), who may serve them, and who is on duty with what limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.domain.chats import Chat
from fc_chat.domain.queues import Queue, QueueState, check_queue, expected_wait, state_of
from fc_chat.domain.reference import REFERENCE_QUEUES
from fc_chat.store import chats, queues
from fc_shared.refusals import invalid, not_allowed, not_found
from fc_shared.settings import Settings

_HISTORY = timedelta(days=7)  # the expected wait's average comes from the last week


async def find_queue(
    session: AsyncSession, code: str | None, topic: str | None, language: str = "sv"
) -> Queue:
    """The queue asked for by code, or the one a routing topic leads to (in the visitor's
    language where there is one)."""
    if code is not None:
        queue = await queues.by_code(session, code)
        if queue is None:
            raise not_found("queue_not_found", f"There is no chat queue '{code}'.")
        if topic is not None and topic not in queue.topics:
            # A topic is one of the queue's own codes, never free text: it is kept with the
            # chat and goes on the topic in ChatRequested, where words must never go.
            raise invalid("unknown_topic", "Unknown topic", f"'{code}' has no such topic.")
        return queue
    if topic is not None:
        queue = await queues.by_topic(session, topic, language)
        if queue is None:
            raise invalid("unknown_topic", "Unknown topic", f"No chat answers the topic '{topic}'.")
        return queue
    raise invalid("queue_required", "Choose a queue or a topic")


async def put_queue(session: AsyncSession, queue: Queue) -> Queue:
    check_queue(queue)
    return await queues.put(session, queue)


async def states(session: AsyncSession, now: datetime) -> list[QueueState]:
    every = await queues.every(session)
    loads = await queues.loads(session, [q.id for q in every], now - _HISTORY)
    return [state_of(queue, loads[queue.id], now) for queue in every]


async def state(session: AsyncSession, queue: Queue, now: datetime) -> QueueState:
    load = (await queues.loads(session, [queue.id], now - _HISTORY))[queue.id]
    return state_of(queue, load, now)


async def add_member(session: AsyncSession, *, code: str, professional: UUID) -> None:
    queue = await find_queue(session, code, None)
    await queues.add_member(session, queue.id, professional)


async def remove_member(session: AsyncSession, *, code: str, professional: UUID) -> None:
    queue = await find_queue(session, code, None)
    if not await queues.remove_member(session, queue.id, professional):
        raise not_found("not_a_member", "That professional does not serve this queue.")


@dataclass(frozen=True, slots=True)
class Duty:
    limit: int
    queues: list[str]
    active: int


async def go_on_duty(
    session: AsyncSession, *, professional: UUID, codes: list[str], limit: int | None
) -> Duty:
    """On duty in these queues (each one the professional serves), with a limit of
    simultaneous chats (the first queue's default when not given)."""
    # Each queue once: a queue named twice would be a second duty row, refused by its key.
    chosen = [await find_queue(session, code, None) for code in dict.fromkeys(codes)]
    serves = await queues.memberships(session, professional)
    for queue in chosen:
        if queue.id not in serves:
            raise not_allowed("not_your_queue", f"You do not serve the queue '{queue.code}'.")
    if not chosen:
        raise invalid("queue_required", "Choose at least one queue")
    wanted = limit if limit is not None else chosen[0].default_limit
    await queues.go_on_duty(session, professional, wanted, [q.id for q in chosen])
    return Duty(wanted, [q.code for q in chosen], await chats.active_count(session, professional))


async def go_off_duty(session: AsyncSession, *, professional: UUID) -> None:
    await queues.go_off_duty(session, professional)


async def waiting(
    session: AsyncSession, *, professional: UUID, code: str
) -> list[tuple[Chat, int]]:
    """The chats waiting in a queue the professional is on duty in, with their places."""
    queue = await find_queue(session, code, None)
    found = await queues.duty_of(session, professional)
    if found is None or queue.id not in found[1]:
        raise not_allowed("not_your_queue", "You are not on duty in this queue.")
    return [
        (chat, place) for place, chat in enumerate(await chats.waiting_in(session, queue.id), 1)
    ]


@dataclass(frozen=True, slots=True)
class Place:
    """A waiting chat's place in its queue and the honest estimate of its wait."""

    position: int
    expected_wait_minutes: int | None


async def place_of(session: AsyncSession, chat: Chat, now: datetime) -> Place:
    queue = await queues.by_id(session, chat.queue_id)
    assert queue is not None  # a chat's queue is never deleted
    load = (await queues.loads(session, [queue.id], now - _HISTORY))[queue.id]
    position = await chats.position(session, chat)
    return Place(position, expected_wait(queue, load, position))


async def load_reference_queues(session: AsyncSession, _: Settings | None = None) -> int:
    """Add the county's starting queues that are missing; how many there are in all."""
    for queue in REFERENCE_QUEUES:
        if await queues.by_code(session, queue.code) is None:
            await put_queue(session, queue)
    return len(REFERENCE_QUEUES)
