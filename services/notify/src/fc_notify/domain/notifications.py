"""Notifications: their kinds, which are critical, sensitive or kept how long, and when a
letter is worth sending."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

DEFAULT_LANGUAGE = "sv"
SUPPORTED_LANGUAGES = ("sv", "fi", "en")


class NotificationKind(StrEnum):
    """What a notification is about; each has its texts in templates/<language>/<kind>.j2."""

    BOOKING_CONFIRMED = "booking_confirmed"
    BOOKING_RESCHEDULED = "booking_rescheduled"
    BOOKING_CANCELLED_BY_STAFF = "booking_cancelled_by_staff"
    WAITLIST_PROMOTED = "waitlist_promoted"
    BOOKING_REMINDER = "booking_reminder"
    FORM_RECEIPT = "form_receipt"
    FORM_WAITING = "form_waiting"  # a form waits for the family to complete it
    FORM_CLOSED = "form_closed"
    REFERRAL_ACCEPTED = "referral_accepted"  # this and the next two: to the referred family
    REFERRAL_DECLINED = "referral_declined"
    REFERRAL_COMPLETED = "referral_completed"
    REFERRAL_RECEIVED = "referral_received"  # to the receiving professional
    SUBMISSION_QUEUED = "submission_queued"  # to the staff of the form's queue
    CHAT_ANSWER_WAITING = "chat_answer_waiting"  # an answer waits in a chat the visitor left
    CONTACT_POINT_CODE = "contact_point_code"  # confirms a new e-mail address or phone


# Sent on every channel the person has confirmed, at once, whatever their preferences and
# quiet hours: someone is waiting for the code right now, and a family told of a
# cancellation only in the morning may already be on the way to it.
CRITICAL_KINDS = frozenset(
    {NotificationKind.CONTACT_POINT_CODE, NotificationKind.BOOKING_CANCELLED_BY_STAFF}
)

# How long a letter and its delivery records are kept. A code is worthless within the hour;
# booking letters matter until the time has passed and a season's questions are answered;
# letters about forms and referrals are part of the family's contacts with the county and
# follow the forms' own retention (a year here; the records themselves live in forms and
# network). That an answer waits in a chat is news for days, and the letter itself tells
# that someone chatted with the family centre: the conversation is chat's (kept per queue),
# so its notice goes within a month.
RETENTION: dict[NotificationKind, timedelta] = {
    NotificationKind.CONTACT_POINT_CODE: timedelta(days=1),
    NotificationKind.BOOKING_CONFIRMED: timedelta(days=180),
    NotificationKind.BOOKING_RESCHEDULED: timedelta(days=180),
    NotificationKind.BOOKING_CANCELLED_BY_STAFF: timedelta(days=180),
    NotificationKind.WAITLIST_PROMOTED: timedelta(days=180),
    NotificationKind.BOOKING_REMINDER: timedelta(days=30),
    NotificationKind.CHAT_ANSWER_WAITING: timedelta(days=30),
}
DEFAULT_RETENTION = timedelta(days=365)


def purge_after(kind: NotificationKind, created_at: datetime) -> datetime:
    return created_at + RETENTION.get(kind, DEFAULT_RETENTION)


@dataclass(frozen=True, slots=True)
class Notification:
    """A notification in a person's in-app inbox."""

    id: UUID
    kind: NotificationKind
    subject_line: str
    body: str
    created_at: datetime
    read_at: datetime | None


def worth_telling(starts_at: datetime, *, now: datetime) -> bool:
    """A letter about a time already past helps nobody; skipping those also keeps a consumer
    group that is new (and so reads the topic from its start) from sending months-old news."""
    return starts_at > now


def family_told_of_cancellation(*, by_staff: bool) -> bool:
    """The family is told when staff cancel; a family's own cancellation needs no letter."""
    return by_staff
