"""What protects a chat: its words sealed in the table and on no topic, tokens that prove
only what they should, bad input that changes nothing, rate limits keyed by an address that
is stored nowhere, every staff read in the access log, and a purge that leaves no key."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from familjecentret.testing import Record, Stack, read_all_topics, read_topic
from familjecentret.testing.chat import (
    STRONG,
    Visit,
    chat_with,
    on_duty,
    open_queue,
    staff_post,
    start_anonymous,
    start_signed_in,
    take_next,
)
from familjecentret.testing.chat_db import (
    chat_database,
    chat_rows,
    chat_sql,
    entry_count,
    reads_logged,
    tables_holding,
)
from familjecentret.testing.sse import (
    reader,
)
from fc_chat.use_cases.sweeper import purge_expired
from fc_shared.db import create_engine
from fc_shared.events import ChatClosed

PROBLEM = "application/problem+json"


def secret(what: str) -> str:
    """A message nobody else could write: found anywhere, it leaked from this test."""
    return f"{what} {secrets.token_hex(8)}"


def refused(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["code"] == code, response.text


def as_staff(stack: Stack, professional: UUID) -> dict[str, str]:
    return stack.auth("professional", subject=professional)


async def visitor_routes(
    stack: Stack, chat_id: str, headers: dict[str, str], *, url: str | None = None
) -> list[tuple[str, httpx.Response]]:
    """Every route a visitor has into one chat, called with these headers."""
    base = f"{url or stack.url('chat', '')}/v1/chats/{chat_id}"
    client = stack.client
    answers = [
        ("view", await client.get(base, headers=headers)),
        ("entries", await client.get(f"{base}/entries", headers=headers)),
        ("post", await client.post(f"{base}/messages", json={"text": "hej"}, headers=headers)),
        ("leave", await client.post(f"{base}/leave", headers=headers)),
    ]
    async with client.stream("GET", f"{base}/stream", headers=headers) as stream:
        await stream.aread()
        answers.append(("stream", stream))
    return answers


async def transferred_and_closed(stack: Stack, words: dict[str, str]) -> str:
    """A conversation with every kind of text in it: the visitor's first message and a
    later one, the professional's answer, a transfer's note to a colleague, who closes."""
    queue = await open_queue(stack)
    first = await on_duty(stack, queue)
    second = await on_duty(stack, queue)
    visit = await start_anonymous(stack, queue, words["first"])
    await take_next(stack, queue, first)
    posted = await stack.client.post(
        stack.url("chat", f"/v1/chats/{visit.chat_id}/messages"),
        json={"text": words["visitor"]},
        headers=visit.headers,
    )
    assert posted.status_code == 201, posted.text
    assert (await staff_post(stack, visit.chat_id, first, words["professional"])).status_code == 201
    moved = await stack.client.post(
        stack.url("chat", f"/v1/chat/staff/chats/{visit.chat_id}/transfer"),
        json={"to_professional": str(second), "note": words["note"]},
        headers=as_staff(stack, first),
    )
    assert moved.status_code == 200, moved.text
    # Both see what they should, so the words were kept, sealed.
    transcript = await stack.client.get(
        stack.url("chat", f"/v1/chat/staff/chats/{visit.chat_id}"), headers=as_staff(stack, second)
    )
    assert [e["text"] for e in transcript.json()["entries"] if e["text"]] == [
        words["first"],
        words["visitor"],
        words["professional"],
        words["note"],
    ]
    seen = await stack.client.get(
        stack.url("chat", f"/v1/chats/{visit.chat_id}/entries"), headers=visit.headers
    )
    assert words["note"] not in seen.text  # the note is for staff
    closed = await stack.client.post(
        stack.url("chat", f"/v1/chat/staff/chats/{visit.chat_id}/close"),
        json={"closing_code": "advice_given"},
        headers=as_staff(stack, second),
    )
    assert closed.status_code == 200, closed.text
    return visit.chat_id


async def test_the_words_are_sealed_in_the_table_and_on_no_topic(stack: Stack) -> None:
    words = {
        "first": secret("Hej, jag mår dåligt"),
        "visitor": secret("Pappa slår mig"),
        "professional": secret("Tack för att du berättar"),
        "note": secret("Anmälan till barnskyddet behövs"),
    }
    chat_id = await transferred_and_closed(stack, words)

    sealed = await chat_rows(
        stack,
        "SELECT kind FROM chat_entries WHERE chat_id = :chat AND text_token IS NOT NULL",
        chat=UUID(chat_id),
    )
    assert sorted(row["kind"] for row in sealed) == ["message", "message", "message", "note"]
    dump = await chat_database(stack)
    for said in words.values():
        assert tables_holding(dump, said) == [], said
        assert tables_holding(dump, said.split()[-1]) == [], said  # not even its unique part

    def closed(records: list[Record]) -> bool:
        return any(
            r.headers.get("ce_type") == ChatClosed.TYPE and chat_id.encode() in r.value
            for r in records
        )

    topic = stack.settings.topic(ChatClosed.TOPIC)
    await read_topic(stack.settings.kafka_bootstrap_servers, topic, until=closed)
    records = await read_all_topics(
        stack.settings.kafka_bootstrap_servers, stack.settings.topic_prefix
    )
    about = [r for r in records if chat_id.encode() in r.value]
    assert len(about) >= 4  # requested, started, transferred, closed
    for said in words.values():
        for part in (said, said.split()[-1]):
            for record in records:
                raw = record.value + (record.key or b"") + str(record.headers).encode()
                assert part.encode() not in raw, (part, record.topic)


async def test_a_topic_is_one_the_queue_answers_never_free_text(stack: Stack) -> None:
    queue = await open_queue(stack, topics=["stress"])
    words = secret("Min mamma dricker")
    start = stack.url("chat", "/v1/chats")
    # Nobody on duty (the queue is full: turned away, still counted as a request), then open.
    full = await stack.client.post(start, json={"queue": queue, "topic": words})
    refused(full, 422, "unknown_topic")
    await on_duty(stack, queue)
    refused(
        await stack.client.post(start, json={"queue": queue, "topic": words}), 422, "unknown_topic"
    )
    fine = await stack.client.post(start, json={"queue": queue, "topic": "stress"})
    assert fine.status_code == 201, fine.text
    assert tables_holding(await chat_database(stack), words.split()[-1]) == []
    records = await read_all_topics(
        stack.settings.kafka_bootstrap_servers, stack.settings.topic_prefix
    )
    assert any(fine.json()["id"].encode() in record.value for record in records)
    assert not [r for r in records if words.split()[-1].encode() in r.value]


async def test_a_forged_token_proves_nothing(stack: Stack) -> None:
    queue = await open_queue(stack)
    await on_duty(stack, queue)
    visit = await start_anonymous(stack, queue, "Hej")
    unknown = "fcc_" + secrets.token_urlsafe(32)  # well formed, never given out
    for token in (unknown, "fcc_short", "not a token", visit.token + "x"):
        headers = {"Chat-Token": token}
        for route, response in await visitor_routes(stack, visit.chat_id, headers):
            assert response.status_code == 401, (token, route)
            assert response.headers["content-type"] == PROBLEM, (token, route)
        start = await stack.client.post(
            stack.url("chat", "/v1/chats"), json={"queue": queue}, headers=headers
        )
        refused(start, 401, "token_invalid")
        view = await stack.client.get(
            stack.url("chat", f"/v1/chats/{visit.chat_id}/entries"), headers=headers
        )
        refused(view, 401, "token_invalid")
    assert await entry_count(stack, visit.chat_id) == 2  # queued, and the first message


async def test_another_visitors_token_does_not_open_my_chat(stack: Stack) -> None:
    queue = await open_queue(stack)
    await on_duty(stack, queue)
    mine = await start_anonymous(stack, queue, "Det här är min chatt")
    theirs = await start_anonymous(stack, queue)
    for route, response in await visitor_routes(stack, mine.chat_id, theirs.headers):
        assert response.status_code == 404, route
        assert response.headers["content-type"] == PROBLEM, route
    view = await stack.client.get(
        stack.url("chat", f"/v1/chats/{mine.chat_id}"), headers=theirs.headers
    )
    refused(view, 404, "chat_not_found")
    assert await entry_count(stack, mine.chat_id) == 2  # nothing posted, nobody left
    still = await stack.client.get(
        stack.url("chat", f"/v1/chats/{mine.chat_id}"), headers=mine.headers
    )
    assert still.json()["status"] == "waiting"


async def test_a_blocked_token_opens_nothing_again(stack: Stack) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue)
    visit = await start_anonymous(stack, queue, "Hej")
    # The same visitor's second chat, started with the token they already hold.
    again = await stack.client.post(
        stack.url("chat", "/v1/chats"), json={"queue": queue}, headers=visit.headers
    )
    assert again.status_code == 201, again.text
    assert again.json()["token"] is None
    other = Visit(again.json()["id"], visit.token)
    await take_next(stack, queue, professional)

    blocked = await stack.client.post(
        stack.url("chat", f"/v1/chat/staff/chats/{visit.chat_id}/block"),
        headers=as_staff(stack, professional),
    )
    assert blocked.status_code == 200, blocked.text
    assert blocked.json()["status"] == "closed"
    assert blocked.json()["closing_code"] == "blocked"
    rows = await chat_rows(
        stack, "SELECT status, closing_code FROM chats WHERE id = :id", id=UUID(visit.chat_id)
    )
    assert rows == [{"status": "closed", "closing_code": "blocked"}]
    # The token's other chat, still waiting, leaves the queue: nobody is to take it.
    waiting = await chat_rows(
        stack, "SELECT status FROM chats WHERE id = :id", id=UUID(other.chat_id)
    )
    assert waiting == [{"status": "abandoned"}]

    for chat in (visit, other):
        for route, response in await visitor_routes(stack, chat.chat_id, visit.headers):
            assert response.status_code == 403, route
            assert response.headers["content-type"] == PROBLEM, route
        refused(
            await stack.client.get(
                stack.url("chat", f"/v1/chats/{chat.chat_id}"), headers=visit.headers
            ),
            403,
            "token_revoked",
        )
        identify = await stack.client.post(
            stack.url("chat", f"/v1/chats/{chat.chat_id}/identity"),
            headers={**visit.headers, **stack.auth("youth", acr=STRONG)},
        )
        refused(identify, 403, "token_revoked")
    start = await stack.client.post(
        stack.url("chat", "/v1/chats"), json={"queue": queue}, headers=visit.headers
    )
    refused(start, 403, "token_revoked")
    # A signed-in visitor has no token to block.
    youth = uuid4()
    started = await start_signed_in(stack, queue, "youth", youth)
    taken = await stack.client.post(
        stack.url("chat", f"/v1/chat/staff/chats/{started.json()['id']}/take"),
        headers=as_staff(stack, professional),
    )
    assert taken.status_code == 200, taken.text
    refused(
        await stack.client.post(
            stack.url("chat", f"/v1/chat/staff/chats/{started.json()['id']}/block"),
            headers=as_staff(stack, professional),
        ),
        409,
        "not_anonymous",
    )


async def test_bad_input_is_refused_and_changes_nothing(stack: Stack) -> None:
    limit = stack.settings.chat_message_max_chars
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue, limit=10)
    visit = await start_anonymous(stack, queue, "Hej")
    await take_next(stack, queue, professional)
    before = await entry_count(stack, visit.chat_id)
    mine = stack.url("chat", f"/v1/chats/{visit.chat_id}/messages")
    staff = stack.url("chat", f"/v1/chat/staff/chats/{visit.chat_id}/messages")
    staff_headers = as_staff(stack, professional)

    for url, headers in ((mine, visit.headers), (staff, staff_headers)):
        for empty in ("", "   ", " \n\t ", "\u0000\u0007"):
            refused(
                await stack.client.post(url, json={"text": empty}, headers=headers),
                422,
                "message_empty",
            )
        too_long = await stack.client.post(url, json={"text": "å" * (limit + 1)}, headers=headers)
        refused(too_long, 422, "message_too_long")
        assert too_long.json()["max_chars"] == limit
        unknown = await stack.client.post(
            url, json={"text": "hej", "author": "professional"}, headers=headers
        )
        assert unknown.status_code == 422, unknown.text
        assert unknown.headers["content-type"] == PROBLEM
    assert await entry_count(stack, visit.chat_id) == before

    # A professional who does not have the chat writes nothing in it.
    stranger = await on_duty(stack, queue)
    refused(await staff_post(stack, visit.chat_id, stranger, "hej"), 403, "not_your_chat")
    note = await stack.client.post(
        stack.url("chat", f"/v1/chat/staff/chats/{visit.chat_id}/transfer"),
        json={"to_queue": queue, "note": "x" * (limit + 1)},
        headers=staff_headers,
    )
    refused(note, 422, "message_too_long")
    assert await entry_count(stack, visit.chat_id) == before
    at_limit = await stack.client.post(mine, json={"text": "å" * limit}, headers=visit.headers)
    assert at_limit.status_code == 201, at_limit.text  # exactly the limit is fine

    # A first message too long, or an unknown field, starts nothing and keeps no visitor.
    counted = "SELECT (SELECT count(*) FROM chats) AS chats, (SELECT count(*) FROM visitors) AS v"
    kept = await chat_rows(stack, counted)
    long_first = await stack.client.post(
        stack.url("chat", "/v1/chats"), json={"queue": queue, "message": "x" * (limit + 1)}
    )
    refused(long_first, 422, "message_too_long")
    odd = await stack.client.post(
        stack.url("chat", "/v1/chats"), json={"queue": queue, "ip": "10.0.0.1"}
    )
    assert odd.status_code == 422, odd.text
    assert await chat_rows(stack, counted) == kept

    # The chat ended: nothing more is written in it.
    closed = await stack.client.post(
        stack.url("chat", f"/v1/chat/staff/chats/{visit.chat_id}/close"),
        json={"closing_code": "advice_given"},
        headers=staff_headers,
    )
    assert closed.status_code == 200, closed.text
    after_close = await entry_count(stack, visit.chat_id)
    refused(
        await stack.client.post(mine, json={"text": "hallå?"}, headers=visit.headers),
        409,
        "chat_closed",
    )
    assert await entry_count(stack, visit.chat_id) == after_close


async def test_posting_is_limited_per_minute(stack: Stack) -> None:
    async with chat_with(stack, chat_post_limit_per_minute=3) as limited:
        queue = await open_queue(stack)
        professional = await on_duty(stack, queue)
        visit = await start_anonymous(stack, queue, url=limited)
        await take_next(stack, queue, professional)
        mine = f"{limited}/v1/chats/{visit.chat_id}/messages"
        staff = f"{limited}/v1/chat/staff/chats/{visit.chat_id}/messages"
        for n in range(3):
            posted = await stack.client.post(mine, json={"text": f"{n}"}, headers=visit.headers)
            assert posted.status_code == 201, posted.text
        before = await entry_count(stack, visit.chat_id)
        too_many = await stack.client.post(mine, json={"text": "3"}, headers=visit.headers)
        refused(too_many, 429, "rate_limited")
        assert too_many.json()["limit"] == 3
        assert await entry_count(stack, visit.chat_id) == before
        # Each side has its own count: the professional may still answer, three times.
        headers = as_staff(stack, professional)
        for n in range(3):
            answer = await stack.client.post(staff, json={"text": f"svar {n}"}, headers=headers)
            assert answer.status_code == 201, answer.text
        refused(
            await stack.client.post(staff, json={"text": "svar 3"}, headers=headers),
            429,
            "rate_limited",
        )
        # The replica with the usual limit counts the same messages, from the table.
        usual = await stack.client.post(
            stack.url("chat", f"/v1/chats/{visit.chat_id}/messages"),
            json={"text": "4"},
            headers=visit.headers,
        )
        assert usual.status_code == 201, usual.text


async def _not_at_the_turn_of_an_hour() -> None:
    """Counts are per clock hour: a test counting to a limit must not straddle two."""
    now = datetime.now(UTC)
    if now.minute == 59 and now.second >= 45:
        await asyncio.sleep(61 - now.second)


async def test_starting_is_limited_per_address_which_is_stored_nowhere(stack: Stack) -> None:
    queue = await open_queue(stack)
    await on_duty(stack, queue, limit=10)
    address = f"198.51.100.{secrets.randbelow(200) + 20}"
    elsewhere = f"203.0.113.{secrets.randbelow(200) + 20}"
    written: list[str] = []
    behind_ingress: dict[str, Any] = {
        "chat_start_limit_per_hour": 2,
        "chat_trust_forwarded_for": True,
    }
    await _not_at_the_turn_of_an_hour()
    async with chat_with(stack, **behind_ingress) as limited:

        async def start(seen_by_ingress: str, **headers: str) -> httpx.Response:
            # The client writes an X-Forwarded-For of its own, new each time, to escape the
            # limit; the ingress adds the address it sees last.
            own = f"192.0.2.{len(written) + 1}"
            written.append(own)
            return await stack.client.post(
                f"{limited}/v1/chats",
                json={"queue": queue},
                headers={"X-Forwarded-For": f"{own}, {seen_by_ingress}", **headers},
            )

        first = await start(address)
        assert first.status_code == 201, first.text
        second = await start(address, **{"Chat-Token": first.json()["token"]})
        assert second.status_code == 201, second.text  # a returning visitor counts too
        third = await start(address)
        refused(third, 429, "rate_limited")
        assert third.json()["limit"] == 2
        assert (await start(elsewhere)).status_code == 201  # another address has its own

    # Not behind a trusted ingress, the connection's own address is counted (here every
    # test's visitors', so the limit may be reached already): the third is refused at latest.
    async with chat_with(stack, chat_start_limit_per_hour=2) as direct:
        answers = [
            await stack.client.post(f"{direct}/v1/chats", json={"queue": queue}) for _ in range(3)
        ]
        refused(answers[-1], 429, "rate_limited")

    dump = await chat_database(stack)
    for where in (address, elsewhere, "127.0.0.1", *written):
        assert tables_holding(dump, where) == [], where
    keys = await chat_rows(stack, "SELECT length(key) AS n FROM rate_counts")
    assert keys
    assert {row["n"] for row in keys} == {32}


async def test_every_staff_read_is_in_the_access_log(stack: Stack) -> None:
    queue = await open_queue(stack)
    first = await on_duty(stack, queue)
    second = await on_duty(stack, queue)
    outsider = await on_duty(stack, queue)
    visit = await start_anonymous(stack, queue, "Hej")
    await take_next(stack, queue, first)
    chat = stack.url("chat", f"/v1/chat/staff/chats/{visit.chat_id}")

    assert (await stack.client.get(chat, headers=as_staff(stack, first))).status_code == 200
    live = await reader(stack, visit.chat_id, as_staff(stack, first))
    await live.wait_for(lambda r: len(r.entries()) >= 3, "the professional's stream")
    await live.close()
    moved = await stack.client.post(
        f"{chat}/transfer",
        json={"to_professional": str(second), "note": "Hon vill prata om skolan"},
        headers=as_staff(stack, first),
    )
    assert moved.status_code == 200, moved.text
    assert (await stack.client.get(chat, headers=as_staff(stack, second))).status_code == 200
    closed = await stack.client.post(
        f"{chat}/close", json={"closing_code": "advice_given"}, headers=as_staff(stack, second)
    )
    assert closed.status_code == 200, closed.text
    # After the close, the transcript: for the ones who took part, each read logged.
    transcript = await stack.client.get(chat, headers=as_staff(stack, first))
    assert transcript.status_code == 200, transcript.text
    assert "Hon vill prata om skolan" in transcript.text
    assert (await stack.client.get(chat, headers=as_staff(stack, second))).status_code == 200

    read = [(first, "read", True)] * 2 + [(second, "read", True)] + [(first, "read", True)]
    read += [(second, "read", True)]
    assert await reads_logged(stack, visit.chat_id) == read

    # A professional who never took part reads nothing, and the attempt is logged.
    refused(await stack.client.get(chat, headers=as_staff(stack, outsider)), 404, "chat_not_found")
    async with stack.client.stream(
        "GET", f"{stack.url('chat', '')}/v1/chats/{visit.chat_id}/stream",
        headers=as_staff(stack, outsider),
    ) as stream:  # fmt: skip
        assert stream.status_code == 404
    refusals = [(outsider, "read", False)] * 2
    assert await reads_logged(stack, visit.chat_id) == read + refusals
    purposes = await chat_rows(
        stack,
        "SELECT purpose FROM access_log WHERE subject_id = :chat ORDER BY id",
        chat=UUID(visit.chat_id),
    )
    assert purposes[0]["purpose"] == "chat conversation"
    assert purposes[3]["purpose"] == "chat transcript"


async def test_a_chat_past_its_retention_is_purged_and_its_key_destroyed(stack: Stack) -> None:
    queue = await open_queue(stack, retention_days=30)
    professional = await on_duty(stack, queue)
    chats = []
    for n in range(2):
        visit = await start_anonymous(stack, queue, f"Hej {n}")
        await take_next(stack, queue, professional)
        closed = await stack.client.post(
            stack.url("chat", f"/v1/chat/staff/chats/{visit.chat_id}/close"),
            json={"closing_code": "advice_given"},
            headers=as_staff(stack, professional),
        )
        assert closed.status_code == 200, closed.text
        chats.append(visit)
    old, recent = chats
    # The first ended 31 days ago, past the queue's 30; the second 29 days ago.
    for visit, days in ((old, 31), (recent, 29)):
        await chat_sql(
            stack,
            "UPDATE chats SET ended_at = now() - make_interval(days => :days) WHERE id = :id",
            days=days,
            id=UUID(visit.chat_id),
        )

    engine = create_engine(stack.settings, "chat")
    try:
        async with AsyncSession(engine) as session, session.begin():
            purged = await purge_expired(session, datetime.now(UTC))
    finally:
        await engine.dispose()
    assert purged == 1

    def about(visit: Visit) -> dict[str, Any]:
        return {"id": UUID(visit.chat_id)}

    for table, column in (("chats", "id"), ("chat_entries", "chat_id")):
        sql = f"SELECT count(*) AS n FROM {table} WHERE {column} = :id"
        assert (await chat_rows(stack, sql, **about(old)))[0]["n"] == 0, table
        assert (await chat_rows(stack, sql, **about(recent)))[0]["n"] > 0, table
    keys = "SELECT wrapped_key IS NULL AS destroyed FROM data_keys WHERE subject = :id"
    assert await chat_rows(stack, keys, **about(old)) == [{"destroyed": True}]
    assert await chat_rows(stack, keys, **about(recent)) == [{"destroyed": False}]
    gone = await stack.client.get(
        stack.url("chat", f"/v1/chats/{old.chat_id}/entries"), headers=old.headers
    )
    refused(gone, 404, "chat_not_found")
    kept = await stack.client.get(
        stack.url("chat", f"/v1/chats/{recent.chat_id}/entries"), headers=recent.headers
    )
    assert "Hej 1" in kept.text
