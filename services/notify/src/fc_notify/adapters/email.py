"""The e-mail adapter: sends pending e-mails over SMTP and records each attempt.

An adapter, not a use case: it speaks SMTP (aiosmtplib) to the server in NotifySettings.
A delivery row is the e-mail's own outbox (store/tables.py): a use case writes it in the
event's transaction, and this sender, a background task like the event relay, sends it
and marks it sent, or counts the failure until domain/deliveries.py says to give up.
"""

from __future__ import annotations

import asyncio
from email.message import EmailMessage

import aiosmtplib
import structlog

from fc_notify.domain.deliveries import DeliveryStatus, PendingEmail, status_after_failure
from fc_notify.settings import NotifySettings
from fc_notify.store import deliveries as store
from fc_shared.service import BackgroundWork, ServiceContext

log = structlog.get_logger(__name__)
RETRY_PAUSE_SECONDS = 5.0


def email_sender(settings: NotifySettings) -> BackgroundWork:
    """The background task that sends e-mail through the SMTP server of `settings`."""

    async def deliver(context: ServiceContext) -> None:
        await deliver_forever(context, settings)

    return deliver


async def deliver_forever(context: ServiceContext, settings: NotifySettings) -> None:
    while True:
        try:
            sent, failed = await deliver_batch(context, settings)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # database down: try again shortly
            log.warning("delivery round failed", error=repr(error))
            sent, failed = 0, 1
        if failed:
            # The SMTP server is away: pause, so a short outage does not use up every
            # e-mail's attempts in a few milliseconds.
            await asyncio.sleep(RETRY_PAUSE_SECONDS)
        elif sent == 0:
            await asyncio.sleep(settings.outbox_poll_seconds)


async def deliver_batch(
    context: ServiceContext, settings: NotifySettings, limit: int = 20
) -> tuple[int, int]:
    """Send up to `limit` pending e-mails; the counts sent and failed."""
    sent = failed = 0
    async with context.sessions() as session, session.begin():
        for email in await store.lock_pending_deliveries(session, limit):
            try:
                await send(settings, email)
            except (aiosmtplib.SMTPException, OSError) as error:
                failed += 1
                await store.mark_delivery(
                    session,
                    email.id,
                    status=status_after_failure(email.attempts),
                    error=repr(error)[:500],
                )
                # The address is personal data: log the delivery id only.
                log.warning("e-mail not sent", delivery_id=str(email.id))
                break  # the server is likely away for the rest of the batch too
            await store.mark_delivery(session, email.id, status=DeliveryStatus.SENT)
            sent += 1
    return sent, failed


async def send(settings: NotifySettings, email: PendingEmail) -> None:
    """One e-mail over SMTP; raises what aiosmtplib raises when the server refuses or is away."""
    message = EmailMessage()
    message["From"] = settings.smtp_sender
    message["To"] = email.address
    message["Subject"] = email.subject_line
    message.set_content(email.body)
    await aiosmtplib.send(message, hostname=settings.smtp_host, port=settings.smtp_port, timeout=10)
