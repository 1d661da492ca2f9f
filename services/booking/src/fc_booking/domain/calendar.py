"""iCalendar (RFC 5545) export of bookings and resource feeds, and their signed links.

Pure: no I/O and no database. Callers load the rows, map them to `CalendarEntry` and send the
bytes with `Content-Type: text/calendar; charset=utf-8`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final
from uuid import UUID

from icalendar import Calendar, Event, vCalAddress, vDuration, vText

from fc_booking.domain.bookings import Booking
from fc_booking.domain.descriptions import Description
from fc_booking.domain.slots import Slot

PRODID: Final = "-//Familjecentret//Booking//EN"
UID_DOMAIN: Final = "familjecentret.fi"
STATUSES: Final = frozenset({"CONFIRMED", "TENTATIVE", "CANCELLED"})
# How often subscribed calendar apps should poll a feed: fresh enough for a changed slot to
# show up the same hour, rare enough not to hammer the service.
FEED_REFRESH: Final = timedelta(minutes=15)
FEED_KEY_BYTES: Final = 32
# Unpadded URL-safe base64 of a 32-byte SHA-256 digest.
_SIGNATURE_LENGTH: Final = 43
# RFC 5545 TEXT allows no control characters but HTAB; CR and LF are left for vText, which
# writes them as the escape "\n".
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A parameter value (ORGANIZER's CN) holds no line breaks at all: RFC 6868 could encode
# them, but a unit's name has none to keep.
_BREAKS: Final = re.compile(r"[\r\n]+")


@dataclass(frozen=True, slots=True)
class Organizer:
    """The unit meeting the family, as a calendar app shows who invited them: a unit's
    public name and an address nobody reads (no-reply), never a person's."""

    name: str
    email: str


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One event as calendar apps see it. Never put personal data in the text fields: feed
    links get shared and calendar apps sync to third-party clouds."""

    uid: UUID  # booking id or slot id
    starts_at: datetime  # aware (any offset); written as UTC
    ends_at: datetime
    summary: str  # e.g. "Peer group" — never personal data
    status: str  # "CONFIRMED" | "TENTATIVE" | "CANCELLED"
    location: str | None = None
    description: str | None = None
    sequence: int = 0  # bumps on reschedule so calendar apps update
    updated_at: datetime | None = None  # DTSTAMP / LAST-MODIFIED; default now
    organizer: Organizer | None = None


def booking_calendar(entry: CalendarEntry) -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) with one VEVENT."""
    calendar = _calendar()
    calendar.add("METHOD", "PUBLISH")
    calendar.add_component(_event(entry))
    return _to_ical(calendar)


def resource_feed(name: str, entries: Sequence[CalendarEntry]) -> bytes:
    """A VCALENDAR feed (X-WR-CALNAME=name, REFRESH-INTERVAL / X-PUBLISHED-TTL PT15M) with
    one VEVENT per entry."""
    calendar = _calendar()
    calendar.add("METHOD", "PUBLISH")
    # Explicit vText: icalendar types NAME and X-WR-CALNAME as unknown and would write commas,
    # semicolons and even raw newlines unescaped. NAME is RFC 7986, X-WR-CALNAME what Apple,
    # Google and Outlook actually read.
    calendar.add("NAME", _text(name))
    calendar.add("X-WR-CALNAME", _text(name))
    # RFC 7986 requires VALUE=DURATION on REFRESH-INTERVAL; X-PUBLISHED-TTL is Outlook's older
    # spelling and must be given as vDuration, or icalendar writes "0:15:00".
    calendar.add("REFRESH-INTERVAL", vDuration(FEED_REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(FEED_REFRESH))
    for entry in entries:
        calendar.add_component(_event(entry))
    return _to_ical(calendar)


def feed_signature(key: bytes, resource_id: UUID) -> str:
    """URL-safe base64 (no padding) HMAC-SHA256 of the resource id with the resource's own
    random key.

    Raises ValueError for a key shorter than FEED_KEY_BYTES: a short key would make every
    feed link of that resource guessable.
    """
    # The canonical text form, so that anyone holding the key can recompute the signature.
    return _signature(key, str(resource_id))


def feed_signature_valid(key: bytes, resource_id: UUID, signature: str) -> bool:
    """Constant-time compare (hmac.compare_digest); False for any malformed input, never
    raises."""
    # Callers pass whatever came in the URL, so check the types at run time too.
    if not isinstance(resource_id, UUID):
        return False
    return _signature_valid(key, str(resource_id), signature)


# One booking's .ics, for the link in a letter: signed with the key of the booking's resource
# (its calendar), so no new secret to keep, and revoking a calendar's feed links (a new key)
# revokes its bookings' links too. The prefix keeps the two kinds of link apart: a feed's
# signature signs a bare id, and no bare id starts with "booking:".
BOOKING_CALENDAR_PATH: Final = "/v1/bookings/{booking_id}/calendar.ics"
_BOOKING_MESSAGE: Final = "booking:{booking_id}"


def booking_signature(key: bytes, booking_id: UUID) -> str:
    """The signature of one booking's calendar link (raises ValueError for a short key)."""
    return _signature(key, _BOOKING_MESSAGE.format(booking_id=booking_id))


def booking_signature_valid(key: bytes, booking_id: UUID, signature: str) -> bool:
    """As feed_signature_valid, for a booking's calendar link."""
    if not isinstance(booking_id, UUID):
        return False
    return _signature_valid(key, _BOOKING_MESSAGE.format(booking_id=booking_id), signature)


def booking_calendar_url(base_url: str, key: bytes, booking_id: UUID) -> str:
    """The absolute link to the booking's .ics that works without logging in.

    A capability link with no expiry (the signature covers the id alone, as a feed's does):
    a letter's link should work as long as the letter is kept, and what it opens is no
    secret — a CalendarEntry holds no personal data, only what, when, where and with whom in
    public words. It ends when the key is rotated or the booking is gone.
    """
    path = BOOKING_CALENDAR_PATH.format(booking_id=booking_id)
    return f"{base_url.rstrip('/')}{path}?sig={booking_signature(key, booking_id)}"


def _signature(key: bytes, message: str) -> str:
    if len(key) < FEED_KEY_BYTES:
        raise ValueError(f"A feed key has at least {FEED_KEY_BYTES} bytes.")
    digest = hmac.new(key, message.encode("ascii"), hashlib.sha256).digest()
    # No padding: "=" would need percent-encoding in a URL.
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _signature_valid(key: bytes, message: str, signature: str) -> bool:
    if not isinstance(key, bytes | bytearray) or len(key) < FEED_KEY_BYTES:
        return False
    if not isinstance(signature, str):
        return False
    # The length is public, so rejecting on it early leaks nothing and keeps huge inputs out.
    # isascii() first: encoding a str with lone surrogates would raise. Comparing the text form
    # means only the canonical spelling of a signature is accepted.
    if len(signature) != _SIGNATURE_LENGTH or not signature.isascii():
        return False
    expected = _signature(bytes(key), message)
    return hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii"))


def new_feed_key() -> bytes:
    """A fresh random per-resource feed key; rotating it revokes every link to that feed."""
    return secrets.token_bytes(FEED_KEY_BYTES)


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    return calendar


def _event(entry: CalendarEntry) -> Event:
    starts_at = _utc(entry.starts_at, "starts_at")
    ends_at = _utc(entry.ends_at, "ends_at")
    if ends_at <= starts_at:
        raise ValueError("An event must end after it starts.")
    if entry.status not in STATUSES:
        raise ValueError(f"Unknown status {entry.status!r}.")
    if entry.sequence < 0:
        raise ValueError("SEQUENCE is never negative.")
    # Truncated to seconds: iCalendar has no fractions, and a stable stamp keeps repeated
    # exports of an unchanged entry byte-identical.
    updated_at = _utc(entry.updated_at or datetime.now(UTC), "updated_at").replace(microsecond=0)

    event = Event()
    # A stable, globally unique UID is what lets calendar apps update rather than duplicate.
    event.add("UID", f"{entry.uid}@{UID_DOMAIN}")
    event.add("DTSTAMP", updated_at)
    event.add("LAST-MODIFIED", updated_at)
    # UTC rather than TZID: no VTIMEZONE to ship, and no DST ambiguity for the client.
    event.add("DTSTART", starts_at)
    event.add("DTEND", ends_at)
    event.add("SUMMARY", _text(entry.summary))
    event.add("STATUS", entry.status)
    event.add("SEQUENCE", entry.sequence)
    if entry.location is not None:
        event.add("LOCATION", _text(entry.location))
    if entry.description is not None:
        event.add("DESCRIPTION", _text(entry.description))
    if entry.organizer is not None:
        # RFC 5545 3.8.4.3: ORGANIZER;CN=<name>:mailto:<address>; icalendar quotes the CN
        # and encodes a double quote in it (RFC 6868).
        name = _BREAKS.sub(" ", str(_text(entry.organizer.name))).strip()
        event.add("ORGANIZER", vCalAddress.new(entry.organizer.email, cn=name))
    return event


def _utc(moment: datetime, field: str) -> datetime:
    # A naive time is ambiguous; guessing a zone would shift an appointment by hours.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{field} needs a UTC offset.")
    # The "Z" form: icalendar writes a UTC datetime as 20261025T003000Z.
    return moment.astimezone(UTC)


def _text(value: str) -> vText:
    # Free text typed by staff may hold pasted control characters or, via JSON, lone
    # surrogates; either would make the output invalid or make encoding raise.
    cleaned = _CONTROL.sub("", value).encode("utf-8", "replace").decode("utf-8")
    return vText(cleaned)


def _to_ical(calendar: Calendar) -> bytes:
    # to_ical() writes CRLF line ends and folds lines at 75 octets, as RFC 5545 requires.
    ical: bytes = calendar.to_ical()
    return ical


# What a booking and a resource's slots look like in a calendar app.
_BOOKING_STATUS: Final = {"confirmed": "CONFIRMED", "held": "TENTATIVE", "waitlisted": "TENTATIVE"}


def booking_entry(booking: Booking, about: Description, *, organizer_email: str) -> CalendarEntry:
    """The booking as the family's calendar shows it: what, where and with whom in words."""
    return CalendarEntry(
        uid=booking.id,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        summary=about.activity_name,
        status=_BOOKING_STATUS.get(booking.status, "CANCELLED"),
        location=about.place.one_line if about.place else None,
        sequence=booking.sequence,
        updated_at=booking.updated_at,
        organizer=Organizer(about.organizer_name, organizer_email),
    )


def slot_entry(slot: Slot, about: Description, *, organizer_email: str) -> CalendarEntry:
    """Slots only, with counts: no names, nothing about the families."""
    return CalendarEntry(
        uid=slot.id,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=about.activity_name,
        status="CONFIRMED",
        location=about.place.one_line if about.place else None,
        description=f"{slot.booked_count}/{slot.capacity} booked",
        organizer=Organizer(about.organizer_name, organizer_email),
    )
