"""Sends pending e-mails over SMTP and records each attempt."""

from __future__ import annotations

import asyncio
from email.message import EmailMessage

import aiosmtplib
import structlog

from fc_notify import store
from fc_shared.service import ServiceContext

log = structlog.get_logger(__name__)
MAX_ATTEMPTS = 10
RETRY_PAUSE_SECONDS = 5.0


async def deliver_forever(context: ServiceContext) -> None:
    while True:
        try:
            sent, failed = await deliver_batch(context)
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
            await asyncio.sleep(context.settings.outbox_poll_seconds)


async def deliver_batch(context: ServiceContext, limit: int = 20) -> tuple[int, int]:
    """Send up to `limit` pending e-mails; the counts sent and failed."""
    settings = context.settings
    sent = failed = 0
    async with context.sessions() as session, session.begin():
        pending = await store.lock_pending_deliveries(session, limit)
        for delivery in pending:
            message = EmailMessage()
            message["From"] = settings.smtp_sender
            message["To"] = delivery["address"]
            message["Subject"] = delivery["subject_line"]
            message.set_content(delivery["body"])
            try:
                await aiosmtplib.send(
                    message, hostname=settings.smtp_host, port=settings.smtp_port, timeout=10
                )
            except (aiosmtplib.SMTPException, OSError) as error:
                failed += 1
                gave_up = delivery["attempts"] + 1 >= MAX_ATTEMPTS
                await store.mark_delivery(
                    session,
                    delivery["id"],
                    status="failed" if gave_up else "pending",
                    error=repr(error)[:500],
                )
                # The address is personal data: log the delivery id only.
                log.warning("e-mail not sent", delivery_id=str(delivery["id"]))
                break  # the server is likely away for the rest of the batch too
            await store.mark_delivery(session, delivery["id"], status="sent")
            sent += 1
    return sent, failed
