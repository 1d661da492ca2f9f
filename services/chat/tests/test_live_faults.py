"""Live delivery survives losing its LISTEN connection: PostgreSQL drops it (as a restart or
a network cut would), messages are written meanwhile, and the open stream still gets every
one, in order, once the listener is back."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import text

from familjecentret.testing import Stack, eventually
from familjecentret.testing.chat import (
    Visit,
    on_duty,
    open_queue,
    start_anonymous,
    take_next,
)
from familjecentret.testing.sse import (
    reader,
)
from familjecentret.testing.stack import another_replica
from fc_chat.adapters.fanout import APPLICATION_NAME
from fc_shared.db import create_engine


async def _listeners(stack: Stack, *, cut: bool = False) -> int:
    """This chat's listening connections (terminated first when `cut`); how many."""
    counted = "count(pg_terminate_backend(pid))" if cut else "count(*)"
    engine = create_engine(stack.settings, "chat")
    try:
        async with engine.begin() as connection:
            found = await connection.scalar(
                text(
                    f"SELECT {counted} FROM pg_stat_activity "
                    "WHERE application_name = :name AND datname = current_database()"
                ),
                {"name": APPLICATION_NAME},
            )
            return int(found or 0)
    finally:
        await engine.dispose()


async def test_a_stream_gets_what_was_written_while_its_listener_was_cut(stack: Stack) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue)
    visit = await start_anonymous(stack, queue, "först")
    await take_next(stack, queue, professional)
    # The reader's replica waits 3 s before reconnecting, so every message below is written
    # (in well under a second) while it is not listening: it must catch up on reconnecting.
    async with another_replica(stack, "chat", chat_listen_retry_seconds=3.0) as slow:
        await _follow_through_a_cut(stack, slow, visit, professional)


async def _follow_through_a_cut(stack: Stack, url: str, visit: Visit, professional: UUID) -> None:
    youth = await reader(stack, visit.chat_id, visit.headers, url=url)
    await youth.wait_for(lambda r: r.texts() == ["först"], "the first message")

    assert await _listeners(stack, cut=True) >= 1
    for n in range(5):
        posted = await stack.client.post(
            stack.url("chat", f"/v1/chat/staff/chats/{visit.chat_id}/messages"),
            json={"text": f"under avbrottet {n}"},
            headers=stack.auth("professional", subject=professional),
        )
        assert posted.status_code == 201, posted.text

    expected = ["först"] + [f"under avbrottet {n}" for n in range(5)]
    await youth.wait_for(lambda r: r.texts() == expected, "every message after the cut")

    async def listening_again() -> bool:
        return await _listeners(stack) > 0

    await eventually(listening_again, what="the listener to reconnect")
    await youth.close()
