"""E-mail deliveries: their states, and when the sender gives up on one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

MAX_ATTEMPTS = 10


class Channel(StrEnum):
    EMAIL = "email"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # given up after MAX_ATTEMPTS


@dataclass(frozen=True, slots=True)
class PendingEmail:
    """An e-mail waiting to be sent, with its text and how often sending it failed."""

    id: UUID
    address: str
    attempts: int
    subject_line: str
    body: str


def status_after_failure(attempts: int) -> DeliveryStatus:
    """After a failed attempt (`attempts` failed before it) the e-mail waits for the next
    round, until MAX_ATTEMPTS have failed."""
    return DeliveryStatus.FAILED if attempts + 1 >= MAX_ATTEMPTS else DeliveryStatus.PENDING
