"""A waiting visitor's stream follows the queue their chat waits in, also after a
transfer moves it to another queue."""

from __future__ import annotations

from fastapi import FastAPI

from familjecentret.testing import Stack, eventually
from familjecentret.testing.chat import (
    new_visitor,
    on_duty,
    open_queue,
    staff_call,
    take_next,
)
from familjecentret.testing.sse import (
    reader,
)
from fc_chat.use_cases.live import Feeds


async def test_a_chat_sent_to_another_queue_is_told_its_place_there(stack: Stack) -> None:
    first, second = await open_queue(stack), await open_queue(stack)
    professional = await on_duty(stack, first)
    specialist = await on_duty(stack, second)
    ahead = await new_visitor(stack, second, "Jag var först här")
    moved = await new_visitor(stack, first, "Jag flyttas")
    await take_next(stack, first, professional)
    visitor = await reader(stack, moved.chat_id, moved.headers)  # watching the first queue
    await visitor.wait_for(lambda r: any(e["kind"] == "taken" for e in r.entries()), "taken")
    transferred = await staff_call(
        stack, professional, f"/chats/{moved.chat_id}/transfer", {"to_queue": second}
    )
    assert transferred.status_code == 200, transferred.text

    def places(r: object) -> list[int]:
        return [e.data["position"] for e in visitor.events if e.event == "place"]

    await visitor.wait_for(lambda r: places(r)[-1:] == [2], "second in the new queue")
    await take_next(stack, second, specialist)  # takes the one ahead
    await visitor.wait_for(lambda r: places(r)[-1:] == [1], "first once the one ahead is taken")
    assert ahead.chat_id != moved.chat_id
    await visitor.close()


async def test_only_a_waiting_visitors_stream_follows_the_queue(stack: Stack) -> None:
    """Each change of a queue wakes the streams following it: an answered chat's visitor
    must not be among them, or a busy queue would wake every stream in it."""
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue)
    visit = await new_visitor(stack, queue, "Hej")
    app = stack.servers["chat"].config.app
    assert isinstance(app, FastAPI)
    feeds: Feeds = app.state.feeds
    listener = feeds.listener
    visitor = await reader(stack, visit.chat_id, visit.headers)
    await visitor.wait_for(lambda r: any(e.event == "place" for e in r.events), "a place")
    assert listener.watched_queues == 1

    await take_next(stack, queue, professional)
    await visitor.wait_for(lambda r: any(e["kind"] == "taken" for e in r.entries()), "taken")

    async def unwatched() -> bool:
        return listener.watched_queues == 0

    await eventually(unwatched, timeout=10, what="the queue no longer followed")
    second = await reader(stack, visit.chat_id, visit.headers)  # reconnects when answered
    await second.wait_for(lambda r: any(e["kind"] == "taken" for e in r.entries()), "taken")
    assert listener.watched_queues == 0
    await visitor.close()
    await second.close()
