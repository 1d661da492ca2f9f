"""Letters: what a notification says on each channel, and which notifications may say how much.

A notification becomes three letters (messages.render): the full one for the in-app inbox,
one for e-mail, and a short text message. The rules for which kinds keep their content to the
inbox, and which go out whatever the recipient's quiet hours, are here; the texts themselves
are template files in fc_notify/templates/<language>/.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from uuid import UUID

from fc_notify.domain.notifications import NotificationKind

# What the e-mail and the text message of these kinds say is only that a message waits in the
# family centre: the inbox, behind the family's own login, has the content. E-mail and SMS
# travel unencrypted, land on shared family phones and lock screens, and may be read by
# someone the letter was not meant for (an ex-partner, a teenager). Each of these kinds
# tells that a family is a client of social and family services, and about what (a referral's
# reason, a declined referral, the form a family filled in, that someone chatted with a
# professional): client data that the Social Welfare Client Act keeps confidential. The
# staff's kinds (referral_received, submission_queued) are here too: a professional's mail
# may be forwarded to a phone or a shared mailbox, and they must log in to act on the letter
# anyway. Bookings are not: their time and place are what the family needs on the way there,
# and an activity's name is already public in the published programme.
SENSITIVE_KINDS: frozenset[NotificationKind] = frozenset(
    {
        NotificationKind.FORM_RECEIPT,
        NotificationKind.FORM_WAITING,
        NotificationKind.FORM_CLOSED,
        NotificationKind.REFERRAL_ACCEPTED,
        NotificationKind.REFERRAL_DECLINED,
        NotificationKind.REFERRAL_COMPLETED,
        NotificationKind.REFERRAL_RECEIVED,
        NotificationKind.SUBMISSION_QUEUED,
        NotificationKind.CHAT_ANSWER_WAITING,
    }
)

_BOOKED_TIME = ("starts_at", "ends_at")

# The values a letter cannot be written without; every other value is optional and a letter
# reads well without it.
REQUIRED_VALUES: Mapping[NotificationKind, tuple[str, ...]] = {
    NotificationKind.BOOKING_CONFIRMED: _BOOKED_TIME,
    NotificationKind.WAITLIST_PROMOTED: _BOOKED_TIME,
    NotificationKind.BOOKING_REMINDER: _BOOKED_TIME,
    NotificationKind.BOOKING_RESCHEDULED: (*_BOOKED_TIME, "previous_starts_at"),
    NotificationKind.BOOKING_CANCELLED_BY_STAFF: ("starts_at",),
    NotificationKind.CONTACT_POINT_CODE: ("code",),
}

_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)
# Addresses may carry an id in their path: they are links, not words the reader reads.
_ADDRESSES = frozenset({"meeting_link", "ics_url", "inbox_url"})


@dataclass(frozen=True, slots=True, kw_only=True)
class LetterValues:
    """What a letter may tell. Codes (activity, reason, reason_category, urgency, chat_queue)
    are given as codes: the templates word them in the reader's language."""

    starts_at: datetime | None = None  # aware datetimes; shown as Helsinki clock time
    ends_at: datetime | None = None
    previous_starts_at: datetime | None = None  # a moved booking's old time
    activity_name: str | None = None  # the activity's own name, e.g. "Babyrytmik"
    activity: str | None = None  # its kind as a code (peer_group): worded when no name
    session_count: int | None = None  # sessions a series booking covers
    place_name: str | None = None
    street_address: str | None = None
    postal_code: str | None = None
    locality: str | None = None
    meeting_link: str | None = None
    organizer_name: str | None = None
    reference: str | None = None  # a short reference (short_reference), never a full UUID
    ics_url: str | None = None
    receipt_number: str | None = None
    form_title: str | None = None  # the form's title in the reader's language
    service_name: str | None = None  # the service a referral went to
    reason: str | None = None  # a declined referral's reason code (not_our_service)
    reason_category: str | None = None  # a referral's reason category (couple_relationship)
    urgency: str | None = None  # a referral's urgency code (routine, soon, urgent)
    code: str | None = None  # a contact point's confirmation code
    valid_minutes: int | None = None  # how long the code is valid
    inbox_url: str | None = None  # where the family centre's inbox is
    chat_queue: str | None = None  # a chat's queue code (youth-chat-sv): worded, or neutral
    answered_at: datetime | None = None  # when a professional answered in the chat


@dataclass(frozen=True, slots=True)
class Letter:
    subject: str
    text: str
    html: str


@dataclass(frozen=True, slots=True)
class Letters:
    """One notification as each channel tells it."""

    inbox: Letter
    email: Letter
    sms: str


def short_reference(id: UUID) -> str:
    """The reference a letter gives for a booking or a referral: enough to find it when the
    family calls, short enough to read aloud, and not the id itself."""
    return id.hex[:8].upper()


def check_values(kind: NotificationKind, values: LetterValues) -> None:
    """Raise ValueError for a letter that would be sent with a blank, a floating time or an
    id in its words. The message names fields only: their values may be personal data."""
    missing = [name for name in REQUIRED_VALUES.get(kind, ()) if getattr(values, name) is None]
    if missing:
        raise ValueError(f"a {kind} letter needs {', '.join(missing)}")
    for field in fields(values):
        value = getattr(values, field.name)
        if isinstance(value, datetime) and value.utcoffset() is None:
            raise ValueError(f"{field.name} has no time zone")
        if isinstance(value, str) and field.name not in _ADDRESSES and _UUID.search(value):
            raise ValueError(f"{field.name} holds an id; a letter gives a short reference")
