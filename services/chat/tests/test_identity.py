"""Who a chat's visitor is: anonymous until they themselves choose to be identified after a
strong sign-in; a youth's chat the youth's alone, never their guardian's; a guardian chats
for their own child only; and an identified visitor who left is told an answer waits, once
per absence, never while they are in the chat."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import httpx

from familjecentret.testing import Stack, eventually, publish_as_network
from familjecentret.testing.chat import (
    STRONG,
    chat_with,
    family_known_to_chat,
    on_duty,
    open_queue,
    staff_post,
    start_anonymous,
    start_signed_in,
    take_next,
    visitor_absent,
)
from familjecentret.testing.chat_db import (
    entry_count,
    events_staged,
)
from familjecentret.testing.sse import (
    reader,
)
from fc_shared.events import ChatAnswerWaiting, FamilyChanged, FamilyChild

WEAK = "http://ftn.ficora.fi/2017/loa1"
PROBLEM = "application/problem+json"


def refused(response: httpx.Response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    if code is not None:
        assert response.json()["code"] == code, response.text


async def staff_sees(stack: Stack, chat_id: str, professional: UUID) -> dict[str, Any]:
    response = await stack.client.get(
        stack.url("chat", f"/v1/chat/staff/chats/{chat_id}"),
        headers=stack.auth("professional", subject=professional),
    )
    assert response.status_code == 200, response.text
    seen: dict[str, Any] = response.json()
    return seen


async def mine(stack: Stack, role: str, subject: UUID) -> list[str]:
    response = await stack.client.get(
        stack.url("chat", "/v1/chats/mine"), headers=stack.auth(role, subject=subject)
    )
    assert response.status_code == 200, response.text
    return [chat["id"] for chat in response.json()]


async def test_an_anonymous_chat_becomes_identified_only_by_the_visitors_choice(
    stack: Stack,
) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue)
    visit = await start_anonymous(stack, queue, "Hej, jag heter inget")
    await take_next(stack, queue, professional)
    youth = uuid4()
    identity = stack.url("chat", f"/v1/chats/{visit.chat_id}/identity")

    seen = await staff_sees(stack, visit.chat_id, professional)
    assert seen["chat"]["visitor"] == {
        "kind": "anonymous",
        "verified": False,
        "on_behalf_of_child": False,
    }
    # Signed in, strongly even, the youth's own chats do not include the anonymous one.
    assert visit.chat_id not in await mine(stack, "youth", youth)

    for acr in (None, WEAK):
        weak = await stack.client.post(
            identity, headers={**visit.headers, **stack.auth("youth", subject=youth, acr=acr)}
        )
        refused(weak, 403, "strong_sign_in_required")
    refused(
        await stack.client.post(identity, headers=stack.auth("youth", subject=youth, acr=STRONG)),
        401,
    )
    refused(await stack.client.post(identity, headers=visit.headers), 401)
    refused(
        await stack.client.post(
            identity,
            headers={**visit.headers, **stack.auth("professional", acr=STRONG)},
        ),
        403,
    )
    other = await start_anonymous(stack, queue)  # someone else's token with my sign-in
    refused(
        await stack.client.post(
            identity, headers={**other.headers, **stack.auth("youth", subject=youth, acr=STRONG)}
        ),
        404,
        "chat_not_found",
    )
    still = await staff_sees(stack, visit.chat_id, professional)
    assert still["chat"]["visitor"]["kind"] == "anonymous"
    assert [e["kind"] for e in still["entries"]] == ["queued", "message", "taken"]
    assert visit.chat_id not in await mine(stack, "youth", youth)

    chosen = await stack.client.post(
        identity, headers={**visit.headers, **stack.auth("youth", subject=youth, acr=STRONG)}
    )
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["visitor"] == {
        "kind": "identified",
        "verified": True,
        "on_behalf_of_child": False,
    }
    seen = await staff_sees(stack, visit.chat_id, professional)
    assert seen["chat"]["visitor"]["kind"] == "identified"
    assert seen["chat"]["visitor"]["verified"] is True
    [told] = [e for e in seen["entries"] if e["kind"] == "identified"]
    assert told["details"] == {"verified": True}
    again = await stack.client.post(
        identity, headers={**visit.headers, **stack.auth("youth", subject=youth, acr=STRONG)}
    )
    refused(again, 409, "already_identified")

    # From now on the chat is the youth's: in their own list, readable with the sign-in alone.
    assert visit.chat_id in await mine(stack, "youth", youth)
    signed_in = stack.auth("youth", subject=youth)
    entries = await stack.client.get(
        stack.url("chat", f"/v1/chats/{visit.chat_id}/entries"), headers=signed_in
    )
    assert entries.status_code == 200, entries.text
    assert "Hej, jag heter inget" in entries.text
    refused(
        await stack.client.get(
            stack.url("chat", f"/v1/chats/{visit.chat_id}"),
            headers=stack.auth("youth", acr=STRONG),  # another youth
        ),
        404,
        "chat_not_found",
    )


async def test_a_youths_chat_is_never_shown_to_their_guardian(stack: Stack) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue, limit=5)
    guardian, youth, child_id = uuid4(), uuid4(), uuid4()
    await family_known_to_chat(
        stack,
        guardians=[guardian],
        children=[FamilyChild(child_id=child_id, birth_date=date(2010, 3, 1), subject=youth)],
    )
    started = await start_signed_in(stack, queue, "youth", youth, "Jag vill inte att mamma vet")
    assert started.status_code == 201, started.text
    chat_id = started.json()["id"]
    await take_next(stack, queue, professional)
    # Chat knows the guardian is the youth's: they may chat on the youth's behalf ...
    for_child = await start_signed_in(stack, queue, "guardian", guardian, on_behalf_of=child_id)
    assert for_child.status_code == 201, for_child.text

    # ... and yet the youth's own chat is not theirs to see, in any way.
    assert await mine(stack, "youth", youth) == [chat_id]
    assert chat_id not in await mine(stack, "guardian", guardian)
    as_guardian = stack.auth("guardian", subject=guardian, acr=STRONG)
    base = stack.url("chat", f"/v1/chats/{chat_id}")
    for response in (
        await stack.client.get(base, headers=as_guardian),
        await stack.client.get(f"{base}/entries", headers=as_guardian),
        await stack.client.post(f"{base}/messages", json={"text": "Hej"}, headers=as_guardian),
        await stack.client.post(f"{base}/leave", headers=as_guardian),
    ):
        refused(response, 404, "chat_not_found")
    async with stack.client.stream("GET", f"{base}/stream", headers=as_guardian) as stream:
        assert stream.status_code == 404
    assert await entry_count(stack, chat_id) == 3  # queued, the message, taken


async def test_a_guardian_chats_for_their_own_child_and_no_other(stack: Stack) -> None:
    queue = await open_queue(stack)
    await on_duty(stack, queue, limit=10)
    guardian, stranger, child_id = uuid4(), uuid4(), uuid4()
    other_family_child = uuid4()

    before = await start_signed_in(stack, queue, "guardian", guardian, on_behalf_of=child_id)
    refused(before, 403, "not_your_child")  # chat has not heard of the family yet
    await publish_as_network(
        stack,
        FamilyChanged(
            family_id=uuid4(),
            revision=1,
            guardians=[guardian],
            children=[FamilyChild(child_id=child_id, birth_date=date(2019, 5, 1))],
        ),
    )
    await publish_as_network(
        stack,
        FamilyChanged(
            family_id=uuid4(),
            revision=1,
            guardians=[stranger],
            children=[FamilyChild(child_id=other_family_child, birth_date=date(2018, 1, 1))],
        ),
    )

    async def admitted() -> httpx.Response | None:
        response = await start_signed_in(
            stack, queue, "guardian", guardian, "Om min son", on_behalf_of=child_id
        )
        return response if response.status_code == 201 else None

    started = await eventually(admitted, what="chat to learn the guardian's child")
    assert started.json()["visitor"] == {
        "kind": "identified",
        "verified": False,
        "on_behalf_of_child": True,
    }
    assert started.json()["id"] in await mine(stack, "guardian", guardian)

    async def strangers_child_known() -> bool:
        response = await start_signed_in(
            stack, queue, "guardian", stranger, on_behalf_of=other_family_child
        )
        return response.status_code == 201

    await eventually(strangers_child_known, what="chat to learn the other family")
    for child in (other_family_child, uuid4()):
        refused(
            await start_signed_in(stack, queue, "guardian", guardian, on_behalf_of=child),
            403,
            "not_your_child",
        )
    youth_for_child = await start_signed_in(stack, queue, "youth", uuid4(), on_behalf_of=child_id)
    refused(youth_for_child, 403, "guardians_only")


async def answer_waiting_staged(stack: Stack, chat_id: str) -> int:
    return await events_staged(stack, chat_id, ChatAnswerWaiting.TYPE)


async def test_an_identified_visitor_who_left_is_told_once_per_absence(stack: Stack) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue)
    youth = uuid4()
    started = await start_signed_in(stack, queue, "youth", youth, "Hej")
    assert started.status_code == 201, started.text
    chat_id = started.json()["id"]
    await take_next(stack, queue, professional)
    as_youth = stack.auth("youth", subject=youth)

    async def answer(words: str) -> None:
        assert (await staff_post(stack, chat_id, professional, words)).status_code == 201

    # In the chat, then gone (the page closed): the first answer is told, the next is not.
    live = await reader(stack, chat_id, as_youth)
    await live.wait_for(lambda r: "Hej" in r.texts(), "the youth's stream")
    await answer("Hej! Vad vill du prata om?")
    assert await answer_waiting_staged(stack, chat_id) == 0  # they are reading
    await live.drop()
    await visitor_absent(stack, chat_id)
    await answer("Är du kvar?")
    assert await answer_waiting_staged(stack, chat_id) == 1
    await answer("Jag finns här om du kommer tillbaka.")
    assert await answer_waiting_staged(stack, chat_id) == 1

    # Back (the stream again): nothing is told while they read; gone again: told again.
    await live.resume()
    await live.wait_for(lambda r: "Jag finns här om du kommer tillbaka." in r.texts(), "again")
    await answer("Så bra att du kom tillbaka")
    assert await answer_waiting_staged(stack, chat_id) == 1
    await live.close()
    await visitor_absent(stack, chat_id)
    await answer("Skriv när du vill")
    assert await answer_waiting_staged(stack, chat_id) == 2
    await answer("Jag väntar")
    assert await answer_waiting_staged(stack, chat_id) == 2

    # An anonymous visitor has nobody to tell.
    visit = await start_anonymous(stack, queue)
    await take_next(stack, queue, professional)
    left = await stack.client.post(
        stack.url("chat", f"/v1/chats/{visit.chat_id}/leave"), headers=visit.headers
    )
    assert left.status_code == 200, left.text
    assert (await staff_post(stack, visit.chat_id, professional, "Hej?")).status_code == 201
    assert await answer_waiting_staged(stack, visit.chat_id) == 0


async def test_a_visitor_reading_a_busy_chat_is_never_told_and_one_who_fell_silent_is(
    stack: Stack,
) -> None:
    """Presence lasts a short while here (2.5 s, renewed each second by an open stream), so
    the test can watch it run out; the professional answers faster than one heartbeat."""
    fast = {"chat_presence_seconds": 2.5, "chat_heartbeat_seconds": 1.0}
    async with chat_with(stack, **fast) as replica:
        queue = await open_queue(stack)
        professional = await on_duty(stack, queue)
        youth = uuid4()
        started = await start_signed_in(stack, queue, "youth", youth, "Hej", url=replica)
        chat_id = started.json()["id"]
        await take_next(stack, queue, professional)
        staff = f"{replica}/v1/chat/staff/chats/{chat_id}/messages"
        headers = stack.auth("professional", subject=professional)

        async def answer(words: str) -> None:
            posted = await stack.client.post(staff, json={"text": words}, headers=headers)
            assert posted.status_code == 201, posted.text

        live = await reader(stack, chat_id, stack.auth("youth", subject=youth), url=replica)
        for n in range(20):  # 6 seconds of answers, each sooner than a heartbeat
            await answer(f"rad {n}")
            await asyncio.sleep(0.3)
        await live.wait_for(lambda r: f"rad {n}" in r.texts(), "every line")
        assert await answer_waiting_staged(stack, chat_id) == 0
        await live.close()
        await visitor_absent(stack, chat_id)

        # Came back by writing (no stream): present for a while, then silent long enough.
        posted = await stack.client.post(
            f"{replica}/v1/chats/{chat_id}/messages",
            json={"text": "Förlåt, jag var borta"},
            headers=stack.auth("youth", subject=youth),
        )
        assert posted.status_code == 201, posted.text
        await answer("Välkommen tillbaka")
        assert await answer_waiting_staged(stack, chat_id) == 0
        await asyncio.sleep(3)
        await answer("Hallå?")
        assert await answer_waiting_staged(stack, chat_id) == 1
