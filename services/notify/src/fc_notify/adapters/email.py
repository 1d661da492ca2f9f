"""The e-mail adapter: one claimed delivery over SMTP (aiosmtplib) to the server in
NotifySettings, its failures sorted into the channel errors the dispatcher acts on."""

from __future__ import annotations

from datetime import datetime

import aiosmtplib

from fc_notify.adapters.email_message import build_email
from fc_notify.domain.channels import ChannelUnavailable, RecipientRefused, TemporaryRefusal
from fc_notify.domain.deliveries import ClaimedDelivery
from fc_notify.domain.messages import Letter
from fc_notify.settings import NotifySettings

SMTP_TIMEOUT_SECONDS = 10


class EmailSender:
    def __init__(self, settings: NotifySettings) -> None:
        self._settings = settings

    async def send(self, delivery: ClaimedDelivery, *, now: datetime) -> str | None:
        """Hand the e-mail to the SMTP server; None (no provider id: accepted is done)."""
        message = build_email(
            Letter(subject=delivery.subject_line, text=delivery.text, html=delivery.html or ""),
            delivery_id=delivery.id,
            sender=self._settings.smtp_sender,
            to=delivery.address,
            sent_at=now,
        )
        try:
            await aiosmtplib.send(
                message,
                hostname=self._settings.smtp_host,
                port=self._settings.smtp_port,
                timeout=SMTP_TIMEOUT_SECONDS,
            )
        except aiosmtplib.SMTPRecipientsRefused as error:
            codes = [refusal.code for refusal in error.recipients]
            raise _by_code(min(codes, default=550), "recipient refused") from error
        except aiosmtplib.SMTPResponseException as error:
            raise _by_code(error.code, "refused") from error
        except (TimeoutError, aiosmtplib.SMTPException, OSError) as error:
            # Connection refused, dropped or timing out: the server is away, not the letter.
            raise ChannelUnavailable(type(error).__name__) from error
        return None


def _by_code(code: int, what: str) -> Exception:
    """421 and other server-wide 4xx trouble pause the channel; other 4xx retry the one
    letter; 5xx give it up (the address does not exist, the letter is refused)."""
    if code in (421, 451, 452) and what == "refused":
        return ChannelUnavailable(f"SMTP {code}")
    if 400 <= code < 500:
        return TemporaryRefusal(f"SMTP {code} {what}")
    return RecipientRefused(f"SMTP {code} {what}")
