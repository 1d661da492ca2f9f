"""Notifications: their kinds, the records, and when a letter is worth sending."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

DEFAULT_LANGUAGE = "sv"


class NotificationKind(StrEnum):
    """What a notification is about; each has its texts in templates/<language>/<kind>.j2."""

    BOOKING_CONFIRMED = "booking_confirmed"
    WAITLIST_PROMOTED = "waitlist_promoted"
    BOOKING_RESCHEDULED = "booking_rescheduled"
    BOOKING_CANCELLED_BY_STAFF = "booking_cancelled_by_staff"
    BOOKING_REMINDER = "booking_reminder"
    FORM_RECEIPT = "form_receipt"
    FORM_WAITING = "form_waiting"  # a form waits for the family to complete it
    FORM_CLOSED = "form_closed"
    REFERRAL_ACCEPTED = "referral_accepted"  # this and the next two: to the referred family
    REFERRAL_DECLINED = "referral_declined"
    REFERRAL_COMPLETED = "referral_completed"
    REFERRAL_RECEIVED = "referral_received"  # to the receiving professional
    SUBMISSION_QUEUED = "submission_queued"  # to the staff of the form's queue
    CONTACT_POINT_CODE = "contact_point_code"  # confirms a new e-mail address or phone


@dataclass(frozen=True, slots=True)
class ContactPoint:
    """How a person wants to be reached: an e-mail address (or none) and a language."""

    subject: UUID
    email: str | None
    language: str


@dataclass(frozen=True, slots=True)
class Notification:
    """A notification in a person's in-app inbox."""

    id: UUID
    kind: NotificationKind
    subject_line: str
    body: str
    created_at: datetime
    read_at: datetime | None


def language_for(contact: ContactPoint | None, fallback: str = DEFAULT_LANGUAGE) -> str:
    """The recipient's chosen language; without a contact point, the event's own."""
    return contact.language if contact else fallback


def email_address(contact: ContactPoint | None) -> str | None:
    """An e-mail goes out only to someone who gave an address; the inbox is for everyone."""
    return contact.email if contact and contact.email else None


def worth_telling(starts_at: datetime, *, now: datetime) -> bool:
    """A letter about a time already past helps nobody; skipping those also keeps a consumer
    group that is new (and so reads the topic from its start) from sending months-old news."""
    return starts_at > now


def family_told_of_cancellation(*, by_staff: bool) -> bool:
    """The family is told when staff cancel; a family's own cancellation needs no letter."""
    return by_staff
