"""A letter as an e-mail: a plain-text part with an HTML alternative, the headers a mail
client needs, and one Message-ID per delivery however often it is sent."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from uuid import UUID, uuid4

import pytest

from fc_notify.adapters.email_message import build_email
from fc_notify.domain.letters import Letter, LetterValues
from fc_notify.domain.messages import render
from fc_notify.domain.notifications import NotificationKind

SENDER = "Familjecentret <noreply@familjecentret.example>"
SENT_AT = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
LETTER = render(
    NotificationKind.BOOKING_CONFIRMED,
    "sv",
    LetterValues(
        starts_at=datetime(2026, 12, 15, 7, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 15, 8, 30, tzinfo=UTC),
        activity_name="Babyrytmik",
    ),
).email


def email(delivery_id: UUID, letter: Letter = LETTER, **changes: str) -> EmailMessage:
    built = build_email(
        letter, delivery_id=delivery_id, sender=SENDER, to="anna@example.fi", sent_at=SENT_AT,
        **changes,
    )  # fmt: skip
    # As the receiving end reads it: through the bytes, not the object we built.
    parsed = message_from_bytes(built.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text part's content and the HTML part's."""
    contents = []
    for kind in ("plain", "html"):
        part = message.get_body(preferencelist=(kind,))
        assert isinstance(part, EmailMessage)
        contents.append(part.get_content())
    return contents[0], contents[1]


def test_an_email_has_the_text_and_the_html_as_alternatives() -> None:
    message = email(uuid4())

    assert message.get_content_type() == "multipart/alternative"
    text, html = parts(message)
    assert "Babyrytmik" in text
    assert "<p>Vad: Babyrytmik<br>" in html


def test_an_email_has_the_headers_a_mail_client_needs() -> None:
    message = email(uuid4())

    assert message["From"] == SENDER
    assert message["To"] == "anna@example.fi"
    assert message["Subject"] == "Din bokning är bekräftad"
    assert parsedate_to_datetime(message["Date"]) == SENT_AT
    assert message["Auto-Submitted"] == "auto-generated"


def test_a_resend_of_a_delivery_carries_the_same_message_id() -> None:
    delivery = UUID("0b9f7a4e-3c1d-4a5b-9e8f-7a6b5c4d3e2f")

    first, again, other = email(delivery), email(delivery), email(uuid4())

    assert first["Message-ID"] == again["Message-ID"]
    assert first["Message-ID"] == f"<{delivery}@familjecentret.example>"
    assert other["Message-ID"] != first["Message-ID"]


def test_a_calendar_link_the_letter_lacks_is_added_to_both_parts() -> None:
    message = email(uuid4(), ics_url="https://familjecentret.example/c.ics?a=1&b=2")

    text, html = parts(message)
    assert "https://familjecentret.example/c.ics?a=1&b=2" in text
    assert 'href="https://familjecentret.example/c.ics?a=1&amp;b=2"' in html


def test_a_sender_without_a_domain_cannot_name_message_ids() -> None:
    with pytest.raises(ValueError, match="domain"):
        build_email(LETTER, delivery_id=uuid4(), sender="familjecentret", to="a@b.fi",
                    sent_at=SENT_AT)  # fmt: skip
