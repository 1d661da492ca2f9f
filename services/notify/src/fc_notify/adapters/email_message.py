"""A letter as an e-mail message: plain text with an HTML alternative, and headers that let a
resend be recognised as the same message.

Building the message is apart from sending it (adapters/email.py), so what a family receives
can be tested without an SMTP server.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from uuid import UUID

from markupsafe import Markup

from fc_notify.domain.letters import Letter


def build_email(
    letter: Letter,
    *,
    delivery_id: UUID,
    sender: str,
    to: str,
    sent_at: datetime,
    ics_url: str | None = None,
) -> EmailMessage:
    """The e-mail for one delivery of `letter`. Its Message-ID comes from the delivery id, so
    a resend of the same delivery (after a timeout that had in fact delivered) carries the same
    id and a mail client shows it once. `ics_url`, when the letter does not already link to it,
    is added under the text: the letters of bookings link to it themselves."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = letter.subject
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = message_id(delivery_id, sender)
    # RFC 3834: tells mail servers and clients not to answer with an out-of-office reply.
    message["Auto-Submitted"] = "auto-generated"
    text, html = letter.text, letter.html
    if ics_url and ics_url not in text:
        text = f"{text}\n\n{ics_url}\n"
        link = Markup('<p><a href="{0}">{0}</a></p>\n</body>').format(ics_url)
        html = html.replace("</body>", link)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def message_id(delivery_id: UUID, sender: str) -> str:
    """`<delivery id@the sender's domain>`: unique per delivery, the same for every attempt."""
    _, address = parseaddr(sender)
    _, at, domain = address.rpartition("@")
    if not at or not domain:
        raise ValueError("the sender has no domain to name the message ids by")
    return f"<{delivery_id}@{domain}>"
