"""Calendar export: valid RFC 5545 that round-trips through a parser, and signed feed and
booking links."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Event

from fc_booking.domain.calendar import (
    FEED_KEY_BYTES,
    PRODID,
    CalendarEntry,
    booking_calendar,
    booking_calendar_url,
    booking_signature,
    booking_signature_valid,
    feed_signature,
    feed_signature_valid,
    new_feed_key,
    resource_feed,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
HELSINKI_SUMMER = timezone(timedelta(hours=3))
HELSINKI_WINTER = timezone(timedelta(hours=2))
UPDATED = datetime(2026, 9, 1, 8, 0, 0, tzinfo=UTC)
ENTRY = CalendarEntry(
    uid=UUID("6f1c1b8e-2f0a-4a63-9a55-0d6d3c0f3b21"),
    starts_at=datetime(2026, 11, 3, 10, 0, tzinfo=HELSINKI),
    ends_at=datetime(2026, 11, 3, 11, 30, tzinfo=HELSINKI),
    summary="Peer group",
    status="CONFIRMED",
    location="Familjecentret, room 2",
    description="Bring indoor shoes.",
    sequence=0,
    updated_at=UPDATED,
)


def parse(data: bytes) -> Calendar:
    """Parse and run every check icalendar offers: no parse errors, required properties."""
    calendar = Calendar.from_ical(data)
    assert isinstance(calendar, Calendar)
    calendar.validate()  # type: ignore[no-untyped-call]  # icalendar leaves it unannotated
    assert calendar.errors == []
    for component in calendar.walk():
        assert component.errors == []
    return calendar


def moment(value: object) -> datetime:
    """A parsed DTSTART/DTEND as a datetime (icalendar types it as date | datetime)."""
    assert isinstance(value, datetime)
    return value


def only_event(data: bytes) -> Event:
    events = parse(data).events
    assert len(events) == 1
    return events[0]


def content_lines(data: bytes) -> list[bytes]:
    """The folded lines as written, without their CRLF."""
    assert data.endswith(b"\r\n")
    return data.split(b"\r\n")[:-1]


def unfolded(data: bytes) -> list[str]:
    """The logical lines: folding undone (RFC 5545 3.1), still escaped."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def line(data: bytes, name: str) -> str:
    matches = [text for text in unfolded(data) if re.match(rf"{name}[;:]", text)]
    assert len(matches) == 1, matches
    return matches[0]


def unescape_text(escaped: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], escaped)


def assert_wire_format(data: bytes) -> None:
    for text in content_lines(data):
        assert len(text) <= 75, text
        assert b"\r" not in text
        assert b"\n" not in text


# Booking calendar


def test_booking_calendar_has_the_required_calendar_properties() -> None:
    data = booking_calendar(ENTRY)
    calendar = parse(data)

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == PRODID
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert unfolded(data)[0] == "BEGIN:VCALENDAR"
    assert unfolded(data)[-1] == "END:VCALENDAR"


def test_booking_calendar_event_round_trips() -> None:
    data = booking_calendar(ENTRY)
    event = only_event(data)

    assert event["UID"] == f"{ENTRY.uid}@familjecentret.fi"
    assert event.start == ENTRY.starts_at
    assert event.end == ENTRY.ends_at
    assert event["SUMMARY"] == "Peer group"
    assert event["LOCATION"] == "Familjecentret, room 2"
    assert event["DESCRIPTION"] == "Bring indoor shoes."
    assert event.stamp == UPDATED
    assert event.last_modified == UPDATED


def test_times_are_written_in_utc_z_form() -> None:
    data = booking_calendar(ENTRY)

    # 10:00 in Helsinki in November is 08:00 UTC.
    assert line(data, "DTSTART") == "DTSTART:20261103T080000Z"
    assert line(data, "DTEND") == "DTEND:20261103T093000Z"
    assert line(data, "DTSTAMP") == "DTSTAMP:20260901T080000Z"
    assert "TZID" not in data.decode()
    event = only_event(data)
    assert moment(event.start).utcoffset() == timedelta(0)
    assert moment(event.end).utcoffset() == timedelta(0)


def test_booking_across_the_autumn_dst_change_keeps_its_instants() -> None:
    # On 2026-10-25 Helsinki's clocks go back from 04:00 +03:00 to 03:00 +02:00, so 03:30 local
    # happens twice: this booking lasts an hour though the wall clock reads 03:30 both times.
    starts_at = datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI_SUMMER)
    ends_at = datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI_WINTER)
    data = booking_calendar(replace(ENTRY, starts_at=starts_at, ends_at=ends_at))
    event = only_event(data)

    assert event.start == starts_at
    assert event.end == ends_at
    assert moment(event.end) - moment(event.start) == timedelta(hours=1)
    assert line(data, "DTSTART") == "DTSTART:20261025T003000Z"
    assert line(data, "DTEND") == "DTEND:20261025T013000Z"


def test_booking_across_the_autumn_dst_change_given_in_the_named_zone() -> None:
    # The same instants as above, spelled with the zone database and fold.
    starts_at = datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI, fold=0)
    ends_at = datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI, fold=1)
    event = only_event(booking_calendar(replace(ENTRY, starts_at=starts_at, ends_at=ends_at)))

    assert event.start == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert event.end == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_booking_across_the_spring_dst_change_keeps_its_instants() -> None:
    # On 2026-03-29 Helsinki skips from 03:00 +02:00 to 04:00 +03:00: an hour, not two.
    starts_at = datetime(2026, 3, 29, 2, 30, tzinfo=HELSINKI_WINTER)
    ends_at = datetime(2026, 3, 29, 4, 30, tzinfo=HELSINKI_SUMMER)
    event = only_event(booking_calendar(replace(ENTRY, starts_at=starts_at, ends_at=ends_at)))

    assert event.start == starts_at
    assert event.end == ends_at
    assert moment(event.end) - moment(event.start) == timedelta(hours=1)


@pytest.mark.parametrize("status", ["CONFIRMED", "TENTATIVE", "CANCELLED"])
@pytest.mark.parametrize("sequence", [0, 1, 7])
def test_status_and_sequence_round_trip(status: str, sequence: int) -> None:
    data = booking_calendar(replace(ENTRY, status=status, sequence=sequence))
    event = only_event(data)

    assert event["STATUS"] == status
    assert event.sequence == sequence
    assert line(data, "SEQUENCE") == f"SEQUENCE:{sequence}"


def test_optional_text_is_left_out_when_absent() -> None:
    event = only_event(booking_calendar(replace(ENTRY, location=None, description=None)))

    assert "LOCATION" not in event
    assert "DESCRIPTION" not in event


def test_stamp_defaults_to_now() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    event = only_event(booking_calendar(replace(ENTRY, updated_at=None)))
    after = datetime.now(UTC)

    assert event.stamp is not None
    assert before <= event.stamp <= after
    assert event.last_modified == event.stamp


def test_same_entry_gives_the_same_bytes() -> None:
    # Calendar apps and HTTP caches compare what they fetched before.
    assert booking_calendar(ENTRY) == booking_calendar(ENTRY)


def test_text_with_commas_semicolons_and_newlines_is_escaped() -> None:
    text = "Peer group, evening; bring\nshoes\\boots"
    data = booking_calendar(replace(ENTRY, summary=text, location=text, description=text))

    escaped = "Peer group\\, evening\\; bring\\nshoes\\\\boots"
    assert line(data, "SUMMARY") == f"SUMMARY:{escaped}"
    assert line(data, "LOCATION") == f"LOCATION:{escaped}"
    assert line(data, "DESCRIPTION") == f"DESCRIPTION:{escaped}"
    event = only_event(data)
    assert event["SUMMARY"] == text
    assert event["LOCATION"] == text
    assert event["DESCRIPTION"] == text


def test_control_characters_are_dropped_and_carriage_returns_escaped() -> None:
    data = booking_calendar(replace(ENTRY, summary="Peer\x00 group\x07\r\nnext\rline\tend"))

    assert line(data, "SUMMARY") == "SUMMARY:Peer group\\nnext\\nline\tend"
    assert_wire_format(data)


def test_lines_end_in_crlf_and_fold_at_75_octets() -> None:
    # Multi-byte text: the limit is in octets, and folding must not split a character.
    long_text = "Vårdcentralens föräldragrupp, öppen för alla 😀; " * 12
    data = booking_calendar(replace(ENTRY, summary=long_text, description=long_text))

    assert_wire_format(data)
    assert any(text.startswith(b" ") for text in content_lines(data)), "nothing was folded"
    for text in content_lines(data):
        text.decode("utf-8")  # every physical line is whole UTF-8
    event = only_event(data)
    assert event["SUMMARY"] == long_text
    assert event["DESCRIPTION"] == long_text


@given(text=st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"])))
def test_any_printable_text_round_trips(text: str) -> None:
    data = booking_calendar(replace(ENTRY, summary=text, description=text))

    assert_wire_format(data)
    event = only_event(data)
    assert str(event["SUMMARY"]) == text
    assert str(event["DESCRIPTION"]) == text


@pytest.mark.parametrize(
    "change",
    [
        {"starts_at": datetime(2026, 11, 3, 10, 0)},
        {"ends_at": datetime(2026, 11, 3, 11, 0)},
        {"updated_at": datetime(2026, 9, 1, 8, 0)},
        {"ends_at": ENTRY.starts_at},
        {"ends_at": ENTRY.starts_at - timedelta(minutes=1)},
        {"status": "confirmed"},
        {"status": "BOOKED"},
        {"sequence": -1},
    ],
)
def test_invalid_entries_are_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        booking_calendar(replace(ENTRY, **change))


# Resource feed


def feed_entries() -> list[CalendarEntry]:
    return [
        replace(
            ENTRY,
            uid=uuid4(),
            starts_at=ENTRY.starts_at + timedelta(days=day),
            ends_at=ENTRY.ends_at + timedelta(days=day),
            status=status,
            sequence=day,
        )
        for day, status in enumerate(["CONFIRMED", "TENTATIVE", "CANCELLED"])
    ]


def test_feed_has_one_event_per_entry_with_distinct_uids() -> None:
    entries = feed_entries()
    data = resource_feed("Room 2", entries)
    events = parse(data).events

    assert len(events) == 3
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == 3
    assert uids == [f"{entry.uid}@familjecentret.fi" for entry in entries]
    for event, entry in zip(events, entries, strict=True):
        assert event.start == entry.starts_at
        assert event.end == entry.ends_at
        assert event["STATUS"] == entry.status
        assert event.sequence == entry.sequence
    assert_wire_format(data)


def test_feed_has_calendar_properties_name_and_refresh_interval() -> None:
    data = resource_feed("Room 2", feed_entries())
    calendar = parse(data)

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == PRODID
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert line(data, "X-WR-CALNAME") == "X-WR-CALNAME:Room 2"
    assert line(data, "NAME") == "NAME:Room 2"
    assert line(data, "REFRESH-INTERVAL") == "REFRESH-INTERVAL;VALUE=DURATION:PT15M"
    assert line(data, "X-PUBLISHED-TTL") == "X-PUBLISHED-TTL:PT15M"
    assert calendar.refresh_interval == timedelta(minutes=15)


def test_feed_name_is_escaped() -> None:
    name = "Room 2, floor 1; east\nwing"
    data = resource_feed(name, feed_entries())

    assert line(data, "X-WR-CALNAME") == "X-WR-CALNAME:Room 2\\, floor 1\\; east\\nwing"
    # icalendar does not know the type of NAME or X-WR-CALNAME, so it hands back the escaped
    # text; undo RFC 5545 3.3.11 escaping here.
    calendar = parse(data)
    for prop in ("NAME", "X-WR-CALNAME"):
        assert unescape_text(str(calendar[prop])) == name
    assert_wire_format(data)


def test_empty_feed_still_parses() -> None:
    data = resource_feed("Room 2", [])
    calendar = Calendar.from_ical(data)

    assert calendar.events == []
    assert calendar["PRODID"] == PRODID
    assert_wire_format(data)


# Feed signatures

KEY = bytes(range(FEED_KEY_BYTES))
RESOURCE = UUID("0b7e9b38-4b5e-4f6e-8c0a-55e1c6b0b7a1")


def test_signature_is_url_safe_and_unpadded() -> None:
    signature = feed_signature(KEY, RESOURCE)

    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", signature)
    assert feed_signature(KEY, RESOURCE) == signature


def test_signature_is_valid_with_the_right_key() -> None:
    assert feed_signature_valid(KEY, RESOURCE, feed_signature(KEY, RESOURCE))


def test_signature_is_invalid_with_another_key() -> None:
    other_key = new_feed_key()
    assert not feed_signature_valid(other_key, RESOURCE, feed_signature(KEY, RESOURCE))


def test_signature_is_invalid_for_another_resource() -> None:
    assert not feed_signature_valid(KEY, uuid4(), feed_signature(KEY, RESOURCE))


def test_tampered_signature_is_invalid() -> None:
    signature = feed_signature(KEY, RESOURCE)
    for index in range(len(signature)):
        flipped = "A" if signature[index] != "A" else "B"
        tampered = signature[:index] + flipped + signature[index + 1 :]
        assert not feed_signature_valid(KEY, RESOURCE, tampered)
    assert not feed_signature_valid(KEY, RESOURCE, signature[:-1])
    assert not feed_signature_valid(KEY, RESOURCE, signature + "A")
    assert not feed_signature_valid(KEY, RESOURCE, signature + "=")
    assert not feed_signature_valid(KEY, RESOURCE, signature.upper())


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "!!!",
        "=" * 43,
        "a" * 100_000,
        "ä" * 43,
        "\udc80" * 43,
        "\x00" * 43,
        " " * 43,
    ],
)
def test_garbage_signature_is_invalid(garbage: str) -> None:
    assert not feed_signature_valid(KEY, RESOURCE, garbage)


@pytest.mark.parametrize(
    ("key", "resource_id", "signature"),
    [
        (None, RESOURCE, "x" * 43),
        ("a string key" * 4, RESOURCE, "x" * 43),
        (b"", RESOURCE, "x" * 43),
        (KEY, None, "x" * 43),
        (KEY, str(RESOURCE), "x" * 43),
        (KEY, RESOURCE, None),
        (KEY, RESOURCE, b"x" * 43),
    ],
)
def test_malformed_arguments_are_invalid_not_errors(
    key: Any, resource_id: Any, signature: Any
) -> None:
    assert not feed_signature_valid(key, resource_id, signature)


def test_short_key_is_refused() -> None:
    short = b"k" * (FEED_KEY_BYTES - 1)
    with pytest.raises(ValueError, match="at least"):
        feed_signature(short, RESOURCE)
    assert not feed_signature_valid(short, RESOURCE, feed_signature(KEY, RESOURCE))


def test_new_feed_keys_are_random_and_full_length() -> None:
    keys = {new_feed_key() for _ in range(100)}

    assert len(keys) == 100
    assert all(len(key) == FEED_KEY_BYTES for key in keys)


def test_rotating_the_key_revokes_the_link() -> None:
    old_key = new_feed_key()
    link_signature = feed_signature(old_key, RESOURCE)
    new_key = new_feed_key()

    assert feed_signature_valid(old_key, RESOURCE, link_signature)
    assert not feed_signature_valid(new_key, RESOURCE, link_signature)
    assert feed_signature_valid(new_key, RESOURCE, feed_signature(new_key, RESOURCE))


# A booking's calendar link (signed with its calendar's feed key)

BOOKING = UUID("3d0f6a52-8a8e-4c1e-9d55-2b1e7c9f0a44")


def test_a_booking_link_is_valid_for_its_booking_only() -> None:
    signature = booking_signature(KEY, BOOKING)

    assert booking_signature_valid(KEY, BOOKING, signature)
    assert not booking_signature_valid(KEY, uuid4(), signature)
    assert not booking_signature_valid(new_feed_key(), BOOKING, signature)
    assert not booking_signature_valid(KEY, str(BOOKING), signature)  # type: ignore[arg-type]


def test_a_feed_link_and_a_booking_link_never_stand_in_for_each_other() -> None:
    """Both are signed with the same key: a feed's signature must not open a booking of the
    same id, nor a booking's a feed."""
    assert not booking_signature_valid(KEY, RESOURCE, feed_signature(KEY, RESOURCE))
    assert not feed_signature_valid(KEY, BOOKING, booking_signature(KEY, BOOKING))


def test_a_booking_link_is_absolute_under_the_public_address() -> None:
    url = booking_calendar_url("https://booking.example.fi/", KEY, BOOKING)

    assert url == (
        f"https://booking.example.fi/v1/bookings/{BOOKING}/calendar.ics"
        f"?sig={booking_signature(KEY, BOOKING)}"
    )
