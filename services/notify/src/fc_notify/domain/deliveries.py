"""Deliveries: a letter on one outside channel, its states, its order, and what a failure
does to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

MAX_ATTEMPTS = 10


class Channel(StrEnum):
    INBOX = "inbox"
    EMAIL = "email"
    SMS = "sms"


OUTSIDE_CHANNELS = (Channel.EMAIL, Channel.SMS)


class DeliveryStatus(StrEnum):
    QUEUED = "queued"  # waiting for its due time (or for an earlier letter of its order)
    SENDING = "sending"  # claimed under a lease, or handed to the SMS gateway awaiting report
    DELIVERED = "delivered"
    FAILED_PERMANENTLY = "failed_permanently"
    FAILED_TEMPORARILY = "failed_temporarily"  # will be tried again at `due_at`


@dataclass(frozen=True, slots=True)
class ClaimedDelivery:
    """A delivery the dispatcher holds a lease on, with what it needs to send it."""

    id: UUID
    notification_id: UUID
    recipient: UUID
    kind: str
    channel: Channel
    address: str
    critical: bool
    subject_line: str
    text: str
    html: str | None
    attempts: int
    due_at: datetime
    order_key: str | None = None


@dataclass(frozen=True, slots=True)
class NewDelivery:
    """A letter queued for one outside channel, written as it will be sent."""

    notification_id: UUID
    recipient: UUID
    kind: str
    channel: Channel
    address: str
    critical: bool
    subject_line: str
    text: str
    html: str | None
    order_key: str | None
    due_at: datetime
    purge_after: datetime


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    """What became of a letter on one channel, as its recipient may see it (no address)."""

    id: UUID
    notification_id: UUID
    kind: str
    channel: Channel
    status: DeliveryStatus
    attempts: int
    due_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None


def order_key(channel: Channel, recipient: UUID, about: UUID | None) -> str | None:
    """Letters about one thing (a booking) to one person on one channel go out in the order
    they were written: a move never arrives before the confirmation it moves."""
    return f"{channel}:{recipient}:{about}" if about is not None else None


def retry_delay(attempts: int) -> timedelta:
    """After the `attempts`-th failure of this letter: 1, 2, 4 … minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def status_after_failure(attempts: int) -> DeliveryStatus:
    """After a failed attempt (`attempts` failed before it) the letter waits for the next
    round, until MAX_ATTEMPTS have failed."""
    if attempts + 1 >= MAX_ATTEMPTS:
        return DeliveryStatus.FAILED_PERMANENTLY
    return DeliveryStatus.FAILED_TEMPORARILY
