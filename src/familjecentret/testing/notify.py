"""Steps in notify as a person takes them over HTTP: an address set and confirmed with the
code that arrives at it, preferences, and the scheduler run at a time the test chooses."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from datetime import datetime
from email.message import EmailMessage
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import text

from familjecentret.testing.stack import Stack, another_replica, eventually
from fc_notify.domain.letters import LetterValues, short_reference
from fc_notify.domain.messages import render
from fc_notify.domain.notifications import SUPPORTED_LANGUAGES, NotificationKind
from fc_shared.db import create_engine

_CODE = re.compile(r"\b(\d{6})\b")


def text_of(message: EmailMessage) -> str:
    """The plain-text part of an e-mail."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the e-mail has no plain-text part"
    content: str = part.get_content()
    return content


async def confirm_email(stack: Stack, headers: dict[str, str], address: str) -> None:
    """Set `address` and confirm it with the code that arrives in the SMTP sink."""
    before = len(stack.mail_to(address))
    response = await stack.client.put(
        stack.url("notify", "/v1/contact-points/me/email"),
        json={"address": address},
        headers=headers,
    )
    assert response.status_code == 202, response.text

    async def code_mail() -> EmailMessage | None:
        mails = stack.mail_to(address)
        return mails[-1] if len(mails) > before else None

    mail = await eventually(code_mail, what=f"the confirmation code at {address}")
    found = _CODE.search(text_of(mail))
    assert found, "no six-digit code in the confirmation e-mail"
    confirmed = await stack.client.post(
        stack.url("notify", "/v1/contact-points/me/email/confirmation"),
        json={"code": found.group(1)},
        headers=headers,
    )
    assert confirmed.status_code == 200, confirmed.text


async def choose(stack: Stack, headers: dict[str, str], **preferences: Any) -> dict[str, Any]:
    response = await stack.client.put(
        stack.url("notify", "/v1/preferences/me"), json=preferences, headers=headers
    )
    assert response.status_code == 200, response.text
    chosen: dict[str, Any] = response.json()
    return chosen


async def register_email(stack: Stack, headers: dict[str, str], language: str = "sv") -> str:
    """A fresh address, confirmed, and the language letters are written in."""
    address = f"guardian-{uuid4().hex[:8]}@example.fi"
    await choose(stack, headers, language=language)
    await confirm_email(stack, headers, address)
    return address


async def run_scheduler(
    stack: Stack, now: datetime, *, replica: str | None = None
) -> dict[str, Any]:
    """Set notify's scheduler clock to `now` and run one pass (FC_NOTIFY_TEST_CLOCK), on the
    stack's notify or on another `replica` (its base URL)."""
    base = replica or stack.url("notify", "")
    response = await stack.client.post(
        f"{base}/v1/scheduler/runs",
        json={"now": now.isoformat()},
        headers=stack.auth("admin"),
    )
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    return report


async def confirm_phone(stack: Stack, headers: dict[str, str], number: str) -> None:
    """Set the phone `number` (E.164) and confirm it with the code the SMS sink receives."""
    before = len(stack.sms_to(number))
    response = await stack.client.put(
        stack.url("notify", "/v1/contact-points/me/sms"), json={"address": number}, headers=headers
    )
    assert response.status_code == 202, response.text

    async def code_text() -> str | None:
        texts = stack.sms_to(number)
        return texts[-1].text if len(texts) > before else None

    text = await eventually(code_text, what=f"the confirmation code at {number}")
    found = _CODE.search(text)
    assert found, "no six-digit code in the confirmation SMS"
    confirmed = await stack.client.post(
        stack.url("notify", "/v1/contact-points/me/sms/confirmation"),
        json={"code": found.group(1)},
        headers=headers,
    )
    assert confirmed.status_code == 200, confirmed.text


def new_mobile_number() -> str:
    """A Finnish mobile number nobody else in the run has."""
    return f"+35840{uuid4().int % 10**7:07d}"


def reference_of(identifier: str) -> str:
    """The short reference letters give for a booking or a referral (never its UUID)."""
    return short_reference(UUID(identifier))


def letters_to(stack: Stack, address: str) -> list[EmailMessage]:
    """The e-mails to `address` apart from the confirmation code that made it usable."""
    code_subjects = {
        render(NotificationKind.CONTACT_POINT_CODE, language, LetterValues(code="0")).email.subject
        for language in SUPPORTED_LANGUAGES
    }
    return [mail for mail in stack.mail_to(address) if mail["Subject"] not in code_subjects]


async def confirmed_in_database(stack: Stack, subject: UUID, address: str) -> None:
    """An e-mail address confirmed earlier, written straight into notify's table: for tests
    where the code could not arrive (an SMTP server that is down, a benchmark's thousands)."""
    engine = create_engine(stack.settings, "notify")
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO contact_points (id, subject, channel, address, confirmed_at) "
                    "VALUES (:id, :subject, 'email', :address, now())"
                ),
                {"id": uuid4(), "subject": subject, "address": address},
            )
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def another_notify(stack: Stack) -> AsyncIterator[str]:
    """A second notify process on the same database and consumer groups, as a second
    replica would be; its base URL."""
    async with another_replica(stack, "notify") as url:
        yield url
