"""Over the broker: when a professional answers an identified visitor who has left the chat,
chat publishes ChatAnswerWaiting and the visitor alone hears that an answer waits, never
what it says (chat does not send it): the inbox names the chat in words and links the
portal, the e-mail says only that a message waits. A youth's chat is the youth's: no
guardian hears of it. The same event delivered twice writes one letter."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import (
    Stack,
    eventually,
    letters_to,
    publish_as_owner,
    register_email,
    text_of,
)
from familjecentret.testing.probes import handled, service_db
from fc_notify.settings import notify_settings
from fc_shared.events import ChatAnswerWaiting, FamilyChanged, FamilyChild

UUID_PATTERN = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)
ANSWERED = datetime(2026, 12, 15, 12, 5, tzinfo=UTC)  # 14:05 in Helsinki


def answer_waiting(visitor: UUID, *, chat: UUID | None = None, **more: Any) -> ChatAnswerWaiting:
    return ChatAnswerWaiting(
        chat_id=chat or uuid4(),
        queue=more.pop("queue", "family-counselling-sv"),
        municipality_code="905",
        language=more.pop("language", "sv"),
        visitor_id=visitor,
        answered_at=ANSWERED,
        **more,
    )


async def inbox(stack: Stack, person: UUID, role: str = "guardian") -> list[dict[str, Any]]:
    response = await stack.client.get(
        stack.url("notify", "/v1/notifications"), headers=stack.auth(role, subject=person)
    )
    assert response.status_code == 200, response.text
    letters: list[dict[str, Any]] = response.json()
    return letters


async def chat_letters(stack: Stack, person: UUID, role: str = "guardian") -> list[Any] | None:
    found = [letter for letter in await inbox(stack, person, role)
             if letter["kind"] == "chat_answer_waiting"]  # fmt: skip
    return found or None


async def test_the_visitor_hears_an_answer_waits_and_the_email_tells_no_more(
    stack: Stack,
) -> None:
    visitor = uuid4()
    address = await register_email(stack, stack.auth("guardian", subject=visitor))
    event = answer_waiting(visitor)

    await publish_as_owner(stack, event)

    [letter] = await eventually(lambda: chat_letters(stack, visitor), what="the inbox letter")
    portal = notify_settings(stack.settings).notify_portal_url
    body = letter["body"]
    assert letter["subject_line"] == "Ett svar väntar på dig i chatten"
    assert "Chatt: Familjerådgivningens chatt" in body  # the queue in words, not its code
    assert "tisdag 15 december 2026 kl. 14:05" in body
    assert portal in body
    assert event.queue not in body
    assert not UUID_PATTERN.search(body.replace(portal, ""))

    async def mails() -> list[EmailMessage] | None:
        return letters_to(stack, address) or None

    [mail] = await eventually(mails, what="the e-mail")
    text = text_of(mail)
    assert mail["Subject"] == "Du har ett nytt meddelande i Familjecentret"
    assert portal in text
    for secret in ("chatt", event.queue, "14:05", str(event.chat_id), str(visitor)):
        assert secret not in text.lower(), secret


async def test_a_youths_chat_reaches_the_youth_and_no_guardian(stack: Stack) -> None:
    first, second, child, youth = uuid4(), uuid4(), uuid4(), uuid4()
    known = await publish_as_owner(
        stack,
        FamilyChanged(
            family_id=uuid4(),
            revision=1,
            guardians=[first, second],
            children=[FamilyChild(child_id=child, birth_date="2011-05-01", subject=youth)],
        ),
    )
    await handled(stack, "notify", "notify.families", known.id)

    own = answer_waiting(youth, queue="youth-chat-fi", language="fi")
    sent = await publish_as_owner(stack, own)
    await handled(stack, "notify", "notify.chat-answers", sent.id)

    [letter] = await eventually(lambda: chat_letters(stack, youth, "youth"), what="the letter")
    assert letter["subject_line"] == "Sinulle on vastaus chatissa"  # the chat's language
    assert await inbox(stack, first) == []
    assert await inbox(stack, second) == []


async def test_a_redelivered_event_writes_one_letter(stack: Stack) -> None:
    visitor, chat = uuid4(), uuid4()
    first = await publish_as_owner(stack, answer_waiting(visitor, chat=chat))
    await handled(stack, "notify", "notify.chat-answers", first.id)

    # The same event again (same CloudEvents id), then the visitor's next absence in the
    # same chat: same key, same partition, so once the next is handled the redelivery was.
    await publish_as_owner(stack, answer_waiting(visitor, chat=chat), event_id=first.id)
    later = await publish_as_owner(stack, answer_waiting(visitor, chat=chat))
    await handled(stack, "notify", "notify.chat-answers", later.id)

    letters = await eventually(lambda: chat_letters(stack, visitor), what="the letters")
    assert len(letters) == 2  # one for each absence, none for the redelivery
    count = "SELECT count(*) FROM notifications WHERE event_id = :id"
    assert await service_db(stack, "notify", count, id=first.id) == 1
    assert await service_db(stack, "notify", count, id=later.id) == 1
