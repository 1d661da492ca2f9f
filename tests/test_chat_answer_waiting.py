"""A youth chats signed in, leaves the page, and the professional answers: chat tells
notify (ChatAnswerWaiting), and the youth's inbox and e-mail say an answer waits in the
chat, never what it says; once per absence."""

from __future__ import annotations

import secrets
from email.message import EmailMessage
from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import Stack, eventually, letters_to, register_email, text_of
from familjecentret.testing.chat import (
    on_duty,
    open_queue,
    staff_post,
    start_signed_in,
    take_next,
    visitor_absent,
)
from familjecentret.testing.sse import (
    reader,
)


async def chat_letters(stack: Stack, youth: UUID) -> list[dict[str, Any]]:
    response = await stack.client.get(
        stack.url("notify", "/v1/notifications"), headers=stack.auth("youth", subject=youth)
    )
    assert response.status_code == 200, response.text
    return [letter for letter in response.json() if letter["kind"] == "chat_answer_waiting"]


async def test_a_youth_who_left_the_chat_hears_an_answer_waits_and_not_what_it_says(
    stack: Stack,
) -> None:
    queue = await open_queue(stack)
    professional = await on_duty(stack, queue)
    youth = uuid4()
    as_youth = stack.auth("youth", subject=youth)
    address = await register_email(stack, as_youth)
    started = await start_signed_in(stack, queue, "youth", youth, "Jag har ingen att prata med")
    assert started.status_code == 201, started.text
    chat_id = started.json()["id"]
    await take_next(stack, queue, professional)

    live = await reader(stack, chat_id, as_youth)
    await live.wait_for(lambda r: len(r.entries()) >= 3, "the youth in the chat")
    await live.drop()  # the page closed
    await visitor_absent(stack, chat_id)
    answers = [f"Du kan alltid skriva hit {secrets.token_hex(6)}" for _ in range(3)]
    for words in answers[:2]:  # the second, in the same absence, is not told again
        assert (await staff_post(stack, chat_id, professional, words)).status_code == 201

    async def one_letter() -> list[dict[str, Any]] | None:
        return await chat_letters(stack, youth) or None

    [letter] = await eventually(one_letter, what="the youth's letter")

    async def mails() -> list[EmailMessage] | None:
        return letters_to(stack, address) or None

    [mail] = await eventually(mails, what="the e-mail")
    shown = [letter["subject_line"], letter["body"], mail["Subject"], text_of(mail)]
    for words in answers:
        for part in (words, words.split()[-1]):
            assert not any(part in text for text in shown), part
    assert chat_id not in letter["body"]

    # Back in the chat, then gone again: the next answer is told again.
    await live.resume()
    await live.wait_for(lambda r: answers[1] in r.texts(), "the youth back in the chat")
    await live.close()
    await visitor_absent(stack, chat_id)
    assert (await staff_post(stack, chat_id, professional, answers[2])).status_code == 201

    async def two_letters() -> list[dict[str, Any]] | None:
        found = await chat_letters(stack, youth)
        return found if len(found) == 2 else None

    letters = await eventually(two_letters, what="the youth's second letter")
    for words in answers:
        assert not any(words.split()[-1] in (x["body"] + x["subject_line"]) for x in letters)
