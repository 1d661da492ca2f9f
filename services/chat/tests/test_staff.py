"""Queues and the professionals on duty, over HTTP against the real PostgreSQL and broker: a
chat outside office hours or in a full queue is turned away and reaches nobody; a
professional at their limit is not given another (not even by two replicas at once), takes
only from queues they are on duty in, transfers a chat with its whole conversation, and
closes it with a code; a waiting chat the visitor leaves, or nobody takes in time, is
abandoned; a waiting visitor sees their place move up."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from uuid import UUID, uuid4

from familjecentret.testing import Stack
from familjecentret.testing.chat import (
    Visit,
    ask_for_chat,
    hours_on_another_day,
    new_visitor,
    on_duty,
    open_queue,
    staff_call,
    take_next,
    visitor_entries,
    visitor_view,
    waiting_list,
)
from familjecentret.testing.chat_db import (
    anonymous_visitors,
    backdate,
    chat_events,
    chats_in_queue,
)
from familjecentret.testing.sse import (
    SseReader,
    reader,
)
from familjecentret.testing.stack import another_replica, eventually
from fc_shared.events import (
    ChatAbandoned,
    ChatClosed,
    ChatRequested,
    ChatTransferred,
)

ROUNDS = 5  # the two-replica race is run this often: each round one more chance to show


async def talking(stack: Stack, queue: str, professional: UUID) -> Visit:
    """A visitor's chat the professional has taken, with a message from each side."""
    visit = await new_visitor(stack, queue, "Hej, det gäller min mamma")
    taken = await take_next(stack, queue, professional)
    assert taken["id"] == visit.chat_id
    answered = await staff_call(
        stack, professional, f"/chats/{visit.chat_id}/messages", {"text": "Hej! Berätta mer."}
    )
    assert answered.status_code == 201, answered.text
    return visit


def abandoned(stack: Stack, visit: Visit) -> Callable[[], Awaitable[bool]]:
    async def probe() -> bool:
        return bool((await visitor_view(stack, visit))["status"] == "abandoned")

    return probe


# Turned away


async def test_a_chat_outside_office_hours_gets_the_away_message_and_reaches_nobody(
    stack: Stack,
) -> None:
    hours, opening = hours_on_another_day()
    queue = await open_queue(stack, hours=hours, closed_on_public_holidays=False)
    professional = await on_duty(stack, queue)  # on duty, yet nothing reaches them
    visitors_before = await anonymous_visitors(stack)

    answer = await ask_for_chat(stack, queue, "Hej, jag behöver prata")

    assert answer.status_code == 409, answer.text
    problem = answer.json()
    assert problem["code"] == "queue_closed"
    assert problem["away_message"] == "Chatten är stängd nu."
    assert problem["help_numbers"] == [{"name": "Kristelefonen", "number": "09 2525 0112"}]
    assert datetime.fromisoformat(problem["opens_at"]) == opening
    assert "token" not in problem
    assert await chats_in_queue(stack, queue) == 0
    assert await anonymous_visitors(stack) == visitors_before  # no token kept either
    waiting = await waiting_list(stack, queue, professional)
    assert waiting.status_code == 200, waiting.text
    assert waiting.json() == []
    nothing = await staff_call(stack, professional, f"/queues/{queue}/next")
    assert (nothing.status_code, nothing.json()["code"]) == (404, "nothing_waiting")
    [requested] = await chat_events(stack, ChatRequested, lambda e: e.queue == queue)
    assert requested.outcome == "closed"
    assert requested.visitor == "anonymous"
    listed = await stack.client.get(stack.url("chat", "/v1/chat/queues"))
    [state] = [q for q in listed.json() if q["code"] == queue]
    assert state["availability"] == "closed"
    assert datetime.fromisoformat(state["opens_at"]) == opening


async def test_a_queue_without_office_hours_is_closed_and_opens_at_no_known_time(
    stack: Stack,
) -> None:
    queue = await open_queue(stack, hours=[])
    await on_duty(stack, queue)

    answer = await ask_for_chat(stack, queue)

    assert answer.status_code == 409, answer.text
    assert answer.json()["code"] == "queue_closed"
    assert answer.json()["opens_at"] is None
    assert answer.json()["away_message"] == "Chatten är stängd nu."
    assert await chats_in_queue(stack, queue) == 0
    [requested] = await chat_events(stack, ChatRequested, lambda e: e.queue == queue)
    assert requested.outcome == "closed"


async def test_a_queue_nobody_is_on_duty_in_is_full(stack: Stack) -> None:
    queue = await open_queue(stack)

    answer = await ask_for_chat(stack, queue)

    assert answer.status_code == 409, answer.text
    assert answer.json()["code"] == "queue_full"
    assert answer.json()["help_numbers"] == [{"name": "Kristelefonen", "number": "09 2525 0112"}]
    assert await chats_in_queue(stack, queue) == 0
    [requested] = await chat_events(stack, ChatRequested, lambda e: e.queue == queue)
    assert requested.outcome == "full"


async def test_a_queue_is_full_while_as_many_wait_as_those_on_duty_can_take(stack: Stack) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue, limit=2)
    await new_visitor(stack, queue)
    await new_visitor(stack, queue)

    full = await ask_for_chat(stack, queue)
    assert full.status_code == 409, full.text
    assert full.json()["code"] == "queue_full"
    assert await chats_in_queue(stack, queue) == 2

    await take_next(stack, queue, professional)  # one fewer waits: there is room again
    await new_visitor(stack, queue)
    outcomes = [
        e.outcome
        for e in await chat_events(stack, ChatRequested, lambda e: e.queue == queue, count=4)
    ]
    assert sorted(outcomes) == ["full", "queued", "queued", "queued"]  # keyed by chat: any order


# A professional's limit and queues


async def test_a_professional_at_their_limit_is_not_given_another(stack: Stack) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue, limit=2)
    first = await new_visitor(stack, queue)
    await new_visitor(stack, queue)
    await take_next(stack, queue, professional)
    third = await new_visitor(stack, queue)
    await take_next(stack, queue, professional)

    refused = await staff_call(stack, professional, f"/queues/{queue}/next")
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "over_chat_limit"
    chosen = await staff_call(stack, professional, f"/chats/{third.chat_id}/take")
    assert chosen.status_code == 409, chosen.text
    assert chosen.json()["code"] == "over_chat_limit"
    still = await visitor_view(stack, third)
    assert (still["status"], still["position"]) == ("waiting", 1)

    closed = await staff_call(
        stack, professional, f"/chats/{first.chat_id}/close", {"closing_code": "advice_given"}
    )
    assert closed.status_code == 200, closed.text
    taken = await staff_call(stack, professional, f"/chats/{third.chat_id}/take")
    assert taken.status_code == 200, taken.text


async def test_two_replicas_at_once_give_a_professional_one_chat_below_their_limit(
    stack: Stack,
) -> None:
    async with another_replica(stack, "chat") as second:
        for n in range(ROUNDS):  # a race: each round is one more chance for it to show
            queue = await open_queue(stack)
            professional = await on_duty(stack, queue, limit=2)
            await new_visitor(stack, queue)
            await take_next(stack, queue, professional)  # one below the limit
            await new_visitor(stack, queue)
            await new_visitor(stack, queue)
            warm = await waiting_list(stack, queue, professional, url=second)
            assert len(warm.json()) == 2  # both replicas ready, each with a connection

            answers = await asyncio.gather(
                staff_call(stack, professional, f"/queues/{queue}/next"),
                staff_call(stack, professional, f"/queues/{queue}/next", url=second),
            )

            assert sorted(a.status_code for a in answers) == [200, 409], (
                n,
                [a.text for a in answers],
            )
            [refused] = [a for a in answers if a.status_code == 409]
            assert refused.json()["code"] == "over_chat_limit"
            mine = await stack.client.get(
                stack.url("chat", "/v1/chat/staff/chats"),
                headers=stack.auth("professional", subject=professional),
            )
            assert len(mine.json()) == 2
            assert len((await waiting_list(stack, queue, professional)).json()) == 1


async def test_a_professional_takes_only_from_queues_they_are_on_duty_in(stack: Stack) -> None:
    theirs = await open_queue(stack)
    other = await open_queue(stack)
    await on_duty(stack, other)  # a colleague, so the other queue takes chats
    professional = await on_duty(stack, theirs)
    member = await stack.client.put(
        stack.url("chat", f"/v1/chat/queues/{other}/members/{professional}"),
        headers=stack.auth("admin"),
    )
    assert member.status_code == 204  # they serve the other queue too, but are not on duty in it
    visit = await new_visitor(stack, other)

    by_queue = await staff_call(stack, professional, f"/queues/{other}/next")
    assert (by_queue.status_code, by_queue.json()["code"]) == (403, "not_your_queue")
    chosen = await staff_call(stack, professional, f"/chats/{visit.chat_id}/take")
    assert (chosen.status_code, chosen.json()["code"]) == (403, "not_your_queue")
    listed = await waiting_list(stack, other, professional)
    assert (listed.status_code, listed.json()["code"]) == (403, "not_your_queue")
    assert (await visitor_view(stack, visit))["status"] == "waiting"


async def test_a_professional_off_duty_takes_nothing(stack: Stack) -> None:
    queue = await open_queue(stack)
    await on_duty(stack, queue)
    professional = await on_duty(stack, queue)
    visit = await new_visitor(stack, queue)
    off = await stack.client.delete(
        stack.url("chat", "/v1/chat/duty"),
        headers=stack.auth("professional", subject=professional),
    )
    assert off.status_code == 204

    by_queue = await staff_call(stack, professional, f"/queues/{queue}/next")
    assert (by_queue.status_code, by_queue.json()["code"]) == (403, "not_on_duty")
    chosen = await staff_call(stack, professional, f"/chats/{visit.chat_id}/take")
    assert (chosen.status_code, chosen.json()["code"]) == (403, "not_on_duty")
    assert (await visitor_view(stack, visit))["status"] == "waiting"


async def test_only_a_member_of_a_queue_goes_on_duty_in_it(stack: Stack) -> None:
    queue = await open_queue(stack)
    stranger = uuid4()

    duty = await stack.client.put(
        stack.url("chat", "/v1/chat/duty"),
        json={"queues": [queue], "limit": 3},
        headers=stack.auth("professional", subject=stranger),
    )

    assert duty.status_code == 403, duty.text
    assert duty.json()["code"] == "not_your_queue"
    listed = await stack.client.get(stack.url("chat", "/v1/chat/queues"))
    [state] = [q for q in listed.json() if q["code"] == queue]
    assert (state["on_duty"], state["availability"]) == (0, "full")


async def test_a_queue_named_twice_puts_a_professional_on_duty_there_once(stack: Stack) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue, limit=2)

    duty = await stack.client.put(
        stack.url("chat", "/v1/chat/duty"),
        json={"queues": [queue, queue], "limit": 2},
        headers=stack.auth("professional", subject=professional),
    )

    assert duty.status_code == 200, duty.text
    assert duty.json()["queues"] == [queue]
    listed = await stack.client.get(stack.url("chat", "/v1/chat/queues"))
    [state] = [q for q in listed.json() if q["code"] == queue]
    assert state["on_duty"] == 1


# Transfers


async def test_a_transfer_to_a_colleague_keeps_the_conversation_and_the_note_is_for_staff(
    stack: Stack,
) -> None:
    queue = await open_queue(stack)
    first = await on_duty(stack, queue)
    colleague = await on_duty(stack, queue)
    visit = await talking(stack, queue, first)
    chat_id = visit.chat_id
    visitor_stream = await reader(stack, chat_id, visit.headers)

    moved = await staff_call(
        stack,
        first,
        f"/chats/{chat_id}/transfer",
        {"to_professional": str(colleague), "note": "Frågar om skuldrådgivning"},
    )

    assert moved.status_code == 200, moved.text
    assert moved.json()["professional_id"] == str(colleague)
    read = await stack.client.get(
        stack.url("chat", f"/v1/chat/staff/chats/{chat_id}"),
        headers=stack.auth("professional", subject=colleague),
    )
    assert read.status_code == 200, read.text
    entries = read.json()["entries"]
    assert [e["text"] for e in entries if e["kind"] == "message"] == [
        "Hej, det gäller min mamma",
        "Hej! Berätta mer.",
    ]
    [note] = [e for e in entries if e["kind"] == "note"]
    assert (note["text"], note["staff_only"]) == ("Frågar om skuldrådgivning", True)

    late = await staff_call(stack, first, f"/chats/{chat_id}/messages", {"text": "En sak till"})
    assert (late.status_code, late.json()["code"]) == (403, "not_your_chat")
    answered = await staff_call(stack, colleague, f"/chats/{chat_id}/messages", {"text": "Hej!"})
    assert answered.status_code == 201, answered.text

    await visitor_stream.wait_for(lambda r: "Hej!" in r.texts(), "the colleague's answer")
    seen_live = visitor_stream.entries()
    for seen in (seen_live, await visitor_entries(stack, visit)):
        assert "note" not in [e["kind"] for e in seen]
        assert all("skuld" not in (e["text"] or "") for e in seen)
        assert "transferred" in [e["kind"] for e in seen]
    await visitor_stream.close()
    [transferred] = await chat_events(stack, ChatTransferred, lambda e: str(e.chat_id) == chat_id)
    assert (transferred.from_professional_id, transferred.to_professional_id) == (first, colleague)
    assert (transferred.from_queue, transferred.queue) == (queue, queue)


async def test_a_transfer_to_a_colleague_at_their_limit_is_refused(stack: Stack) -> None:
    queue = await open_queue(stack)
    first = await on_duty(stack, queue, limit=2)
    colleague = await on_duty(stack, queue, limit=1)
    await new_visitor(stack, queue)
    await take_next(stack, queue, colleague)  # the colleague's one chat
    chat_id = (await talking(stack, queue, first)).chat_id

    refused = await staff_call(
        stack, first, f"/chats/{chat_id}/transfer", {"to_professional": str(colleague)}
    )

    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "colleague_at_limit"
    still = await staff_call(stack, first, f"/chats/{chat_id}/messages", {"text": "Jag är kvar"})
    assert still.status_code == 201, still.text


async def test_a_chat_transferred_back_to_a_queue_waits_again_for_another(stack: Stack) -> None:
    queue = await open_queue(stack)
    specialists = await open_queue(stack)
    first = await on_duty(stack, queue)
    specialist = await on_duty(stack, specialists)
    visit = await talking(stack, queue, first)
    chat_id = visit.chat_id

    moved = await staff_call(
        stack, first, f"/chats/{chat_id}/transfer", {"to_queue": specialists, "note": "Ekonomi"}
    )

    assert moved.status_code == 200, moved.text
    assert (moved.json()["status"], moved.json()["queue"]) == ("waiting", specialists)
    assert moved.json()["professional_id"] is None
    mine = await visitor_view(stack, visit)
    assert (mine["status"], mine["position"]) == ("waiting", 1)
    taken = await take_next(stack, specialists, specialist)
    assert taken["id"] == chat_id
    read = await stack.client.get(
        stack.url("chat", f"/v1/chat/staff/chats/{chat_id}"),
        headers=stack.auth("professional", subject=specialist),
    )
    texts = [e["text"] for e in read.json()["entries"] if e["kind"] in ("message", "note")]
    assert texts == ["Hej, det gäller min mamma", "Hej! Berätta mer.", "Ekonomi"]
    [transferred] = await chat_events(stack, ChatTransferred, lambda e: str(e.chat_id) == chat_id)
    assert transferred.to_professional_id is None
    assert (transferred.from_queue, transferred.queue) == (queue, specialists)


async def test_a_chat_sent_back_to_a_queue_is_not_abandoned_for_its_earlier_conversation(
    stack: Stack,
) -> None:
    queue = await open_queue(stack, max_wait_minutes=1)
    first = await on_duty(stack, queue)
    visit = await talking(stack, queue, first)
    chat_id = visit.chat_id
    await backdate(stack, chat_id, column="requested_at", seconds=600)  # ten minutes' talk
    moved = await staff_call(stack, first, f"/chats/{chat_id}/transfer", {"to_queue": queue})
    assert moved.status_code == 200, moved.text
    # A marker: a chat that has really waited too long, abandoned by the same sweep.
    overdue = await new_visitor(stack, queue)
    await backdate(stack, overdue.chat_id, column="requested_at", seconds=120)

    await eventually(abandoned(stack, overdue), timeout=20, what="the sweeper to abandon it")
    assert (await visitor_view(stack, visit))["status"] == "waiting"


# Closing


async def test_closing_with_a_code_records_its_duration_and_messages(stack: Stack) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue)
    visit = await talking(stack, queue, professional)
    chat_id = visit.chat_id
    posted = await stack.client.post(
        stack.url("chat", f"/v1/chats/{chat_id}/messages"),
        json={"text": "Tack!"},
        headers=visit.headers,
    )
    assert posted.status_code == 201, posted.text
    await backdate(stack, chat_id, column="started_at", seconds=300)

    closed = await staff_call(
        stack, professional, f"/chats/{chat_id}/close", {"closing_code": "advice_given"}
    )

    assert closed.status_code == 200, closed.text
    assert (closed.json()["status"], closed.json()["closing_code"]) == ("closed", "advice_given")
    [event] = await chat_events(stack, ChatClosed, lambda e: str(e.chat_id) == chat_id)
    assert event.closing_code == "advice_given"
    assert event.messages == 3
    assert 300 <= event.duration_seconds < 360
    assert event.professional_id == professional
    assert event.emergency_info_shown is False
    from_visitor = await stack.client.post(
        stack.url("chat", f"/v1/chats/{chat_id}/messages"),
        json={"text": "Hallå?"},
        headers=visit.headers,
    )
    assert (from_visitor.status_code, from_visitor.json()["code"]) == (409, "chat_closed")
    from_staff = await staff_call(
        stack, professional, f"/chats/{chat_id}/messages", {"text": "Ja?"}
    )
    assert (from_staff.status_code, from_staff.json()["code"]) == (409, "chat_closed")


async def test_an_unknown_closing_code_changes_nothing(stack: Stack) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue)
    visit = await talking(stack, queue, professional)
    chat_id = visit.chat_id

    unknown = await staff_call(
        stack, professional, f"/chats/{chat_id}/close", {"closing_code": "bored"}
    )

    assert unknown.status_code == 422, unknown.text
    mine = await visitor_view(stack, visit)
    assert (mine["status"], mine["closing_code"]) == ("active", None)
    still = await staff_call(stack, professional, f"/chats/{chat_id}/messages", {"text": "Ja?"})
    assert still.status_code == 201, still.text


async def test_closing_for_acute_danger_shows_112_and_the_crisis_line_first(stack: Stack) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue)
    visit = await talking(stack, queue, professional)
    chat_id = visit.chat_id
    live = await reader(stack, chat_id, visit.headers)

    closed = await staff_call(
        stack, professional, f"/chats/{chat_id}/close", {"closing_code": "acute_danger"}
    )

    assert closed.status_code == 200, closed.text
    assert closed.json()["emergency_shown"] is True
    await live.wait_for(lambda r: [e["kind"] for e in r.entries()][-1:] == ["closed"], "the end")
    await live.close()
    for seen in (live.entries(), await visitor_entries(stack, visit)):
        kinds = [e["kind"] for e in seen]
        assert kinds[-2:] == ["emergency", "closed"]
        emergency = seen[-2]["text"]
        assert "112" in emergency
        assert "09 2525 0112" in emergency  # Kristelefonen, the chat being in Swedish
    [event] = await chat_events(stack, ChatClosed, lambda e: str(e.chat_id) == chat_id)
    assert (event.closing_code, event.emergency_info_shown) == ("acute_danger", True)


# Leaving and waiting too long


async def test_a_visitor_leaving_a_waiting_chat_abandons_it(stack: Stack) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue)
    visit = await new_visitor(stack, queue, "Hej?")

    left = await stack.client.post(
        stack.url("chat", f"/v1/chats/{visit.chat_id}/leave"), headers=visit.headers
    )

    assert left.status_code == 200, left.text
    assert left.json()["status"] == "abandoned"
    assert (await waiting_list(stack, queue, professional)).json() == []
    nothing = await staff_call(stack, professional, f"/queues/{queue}/next")
    assert nothing.status_code == 404, nothing.text
    [event] = await chat_events(stack, ChatAbandoned, lambda e: str(e.chat_id) == visit.chat_id)
    assert event.reason == "visitor_left"
    assert (await visitor_entries(stack, visit))[-1]["kind"] == "abandoned"
    again = await stack.client.post(
        stack.url("chat", f"/v1/chats/{visit.chat_id}/messages"),
        json={"text": "Är ni där?"},
        headers=visit.headers,
    )
    assert (again.status_code, again.json()["code"]) == (409, "chat_closed")


async def test_a_chat_nobody_takes_within_the_longest_wait_is_abandoned(stack: Stack) -> None:
    queue = await open_queue(stack, max_wait_minutes=1)
    await on_duty(stack, queue)
    visit = await new_visitor(stack, queue)
    fresh = await new_visitor(stack, queue)
    await backdate(stack, visit.chat_id, column="requested_at", seconds=90)

    await eventually(abandoned(stack, visit), timeout=20, what="the sweeper to abandon it")
    [event] = await chat_events(stack, ChatAbandoned, lambda e: str(e.chat_id) == visit.chat_id)
    assert event.reason == "wait_limit"
    assert event.waited_seconds >= 90
    assert (await visitor_view(stack, fresh))["status"] == "waiting"  # swept in the same round


# The queue as a waiting visitor sees it


async def test_the_second_visitor_is_second_in_line_and_moves_up_when_the_first_is_taken(
    stack: Stack,
) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue, limit=3)
    first = await ask_for_chat(stack, queue)
    second = await ask_for_chat(stack, queue)
    assert (first.json()["position"], second.json()["position"]) == (1, 2)
    assert second.json()["expected_wait_minutes"] == 5  # one on duty, three at a time: soon
    second_headers = {"Chat-Token": second.json()["token"]}
    listed = await waiting_list(stack, queue, professional)
    assert [(c["id"], c["position"]) for c in listed.json()] == [
        (first.json()["id"], 1),
        (second.json()["id"], 2),
    ]
    live = await reader(stack, second.json()["id"], second_headers)

    def place(r: SseReader) -> list[int]:
        return [e.data["position"] for e in r.events if e.event == "place"][-1:]

    await live.wait_for(lambda r: place(r) == [2], "place 2")
    taken = await take_next(stack, queue, professional)
    assert taken["id"] == first.json()["id"]

    await live.wait_for(lambda r: place(r) == [1], "place 1 once the first is taken")
    await live.close()
    view = await stack.client.get(
        stack.url("chat", f"/v1/chats/{second.json()['id']}"), headers=second_headers
    )
    assert (view.json()["position"], view.json()["expected_wait_minutes"]) == (1, 5)
