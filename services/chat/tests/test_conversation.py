"""An anonymous youth and a professional talk, across two replicas, in order, none lost,
with the visitor's stream resumed after a dropped connection."""

from __future__ import annotations

from familjecentret.testing import Stack
from familjecentret.testing.chat import (
    on_duty,
    open_queue,
    start_anonymous,
    take_next,
)
from familjecentret.testing.sse import (
    reader,
)
from familjecentret.testing.stack import another_replica


async def test_a_youth_and_a_professional_talk_across_two_replicas(stack: Stack) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue)
    async with another_replica(stack, "chat") as second:
        visit = await start_anonymous(stack, queue, "Hej, jag behöver prata", url=second)
        youth = await reader(stack, visit.chat_id, visit.headers, url=second)
        await youth.wait_for(lambda r: any(e.event == "place" for e in r.events), "a place")
        await take_next(stack, queue, professional)
        staff = await reader(stack, visit.chat_id, stack.auth("professional", subject=professional))
        for n in range(10):
            if n % 2:
                posted = await stack.client.post(
                    stack.url("chat", f"/v1/chat/staff/chats/{visit.chat_id}/messages"),
                    json={"text": f"svar {n}"},
                    headers=stack.auth("professional", subject=professional),
                )
            else:
                posted = await stack.client.post(
                    f"{second}/v1/chats/{visit.chat_id}/messages",
                    json={"text": f"fråga {n}"},
                    headers=visit.headers,
                )
            assert posted.status_code == 201, posted.text
            if n == 4:
                await youth.drop()
            if n == 6:
                await youth.resume()
        expected = ["Hej, jag behöver prata"] + [
            f"svar {n}" if n % 2 else f"fråga {n}" for n in range(10)
        ]
        await youth.wait_for(lambda r: r.texts() == expected, "every message once, in order")
        await staff.wait_for(lambda r: r.texts() == expected, "the professional sees all")
        seqs = [e["seq"] for e in youth.entries()]
        assert seqs == sorted(set(seqs))
        await youth.close()
        await staff.close()
