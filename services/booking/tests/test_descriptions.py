"""A booking's description in words people use: the activity's public name, the place (a
meeting point's address or a digital room's link) and the unit meeting the family, never a
code and never a person's name; and how the .ics carries it (LOCATION, ORGANIZER)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from icalendar import Calendar, Event, vCalAddress

from fc_booking.domain.calendar import CalendarEntry, Organizer, booking_calendar
from fc_booking.domain.descriptions import (
    ACTIVITY_WORDS,
    Place,
    activity_name,
    describe,
)
from fc_booking.domain.resources import Resource, ResourceKind
from fc_booking.domain.slots import Activity

FAMILY_CENTRE = "Familjecentret"
POINT_NAME = "Familjecentrets träffpunkt i Vasa"
LINK = "https://meet.example.fi/familjecentret-vasa"


@dataclass(frozen=True)
class Offer:
    resource_id: UUID
    activity: Activity = Activity.PEER_GROUP
    title: str | None = None
    language: str = "sv"


def resource(kind: ResourceKind, **changes: object) -> Resource:
    made = Resource(
        id=uuid4(),
        kind=kind,
        name=POINT_NAME,
        meeting_point_id=uuid4(),
        municipality_code="905",
        audience_bands=(),
        owner_subject=None,
        languages=(),
        street_address="Storalånggatan 1",
        postal_code="65100",
        locality="Vasa",
    )
    return replace(made, **changes)  # type: ignore[arg-type]


def test_a_slot_is_named_by_its_title_else_by_its_kind_in_its_language() -> None:
    assert activity_name(Activity.PEER_GROUP, " Babycafé ", "sv") == "Babycafé"
    assert activity_name(Activity.PEER_GROUP, None, "sv") == "Kamratgrupp"
    assert activity_name(Activity.PEER_GROUP, "", "fi") == "Vertaisryhmä"
    assert activity_name(Activity.FAMILY_SCHOOL, None, "en") == "Family school"
    # A group held in Arabic, untitled: the region's majority language.
    assert activity_name(Activity.IMMIGRANT_FAMILY_GROUP, None, "ar") == (
        "Grupp för invandrarfamiljer"
    )


@pytest.mark.parametrize("language", sorted(ACTIVITY_WORDS))
def test_every_kind_of_activity_has_words_and_none_is_a_code(language: str) -> None:
    words = ACTIVITY_WORDS[language]

    assert set(words) == set(Activity)
    assert not {code.value for code in Activity} & set(words.values())
    assert all("_" not in word for word in words.values())


def test_a_meeting_points_room_is_the_place_and_the_meeting_point_meets_the_family() -> None:
    room = resource(ResourceKind.ROOM)

    about = describe(Offer(room.id), room, family_centre=FAMILY_CENTRE)

    assert about.activity_name == "Kamratgrupp"
    assert about.place == Place(
        name=POINT_NAME, street_address="Storalånggatan 1", postal_code="65100", locality="Vasa"
    )
    assert about.place.one_line == f"{POINT_NAME}, Storalånggatan 1, 65100 Vasa"
    assert about.organizer_name == POINT_NAME


def test_a_digital_room_gives_its_meeting_link_not_an_address() -> None:
    room = resource(ResourceKind.DIGITAL_ROOM, meeting_link=LINK)

    about = describe(Offer(room.id), room, family_centre=FAMILY_CENTRE)

    assert about.place == Place(name=POINT_NAME, meeting_link=LINK)
    assert about.place.one_line == LINK


def test_a_professionals_calendar_is_never_named_after_its_owner() -> None:
    calendar = resource(
        ResourceKind.PROFESSIONAL,
        name="Anna Andersson",
        meeting_point_id=None,
        owner_subject=uuid4(),
    )

    about = describe(
        Offer(calendar.id, Activity.APPOINTMENT), calendar, family_centre=FAMILY_CENTRE
    )

    assert about.activity_name == "Besökstid"
    assert about.place is None
    assert about.organizer_name == FAMILY_CENTRE


def test_a_room_of_the_family_centres_own_is_a_place_but_the_family_centre_organizes() -> None:
    room = resource(ResourceKind.ROOM, name="Samlingssalen", meeting_point_id=None)
    unknown = resource(ResourceKind.ROOM, name=None, street_address=None, postal_code=None)

    about = describe(Offer(room.id), room, family_centre=FAMILY_CENTRE)

    assert about.organizer_name == FAMILY_CENTRE
    assert about.place is not None
    assert about.place.one_line == "Samlingssalen, Storalånggatan 1, 65100 Vasa"
    assert describe(Offer(unknown.id), unknown, family_centre=FAMILY_CENTRE).place == Place(
        name=None, locality="Vasa"
    )
    assert describe(Offer(uuid4()), None, family_centre=FAMILY_CENTRE).place is None


# The .ics: LOCATION and ORGANIZER (RFC 5545 3.8.7.1 and 3.8.4.3).

ENTRY = CalendarEntry(
    uid=uuid4(),
    starts_at=datetime(2026, 11, 3, 8, 0, tzinfo=UTC),
    ends_at=datetime(2026, 11, 3, 9, 0, tzinfo=UTC) + timedelta(minutes=30),
    summary="Kamratgrupp",
    status="CONFIRMED",
    location=f"{POINT_NAME}, Storalånggatan 1, 65100 Vasa",
    updated_at=datetime(2026, 9, 1, tzinfo=UTC),
    organizer=Organizer(POINT_NAME, "no-reply@familjecentret.fi"),
)


def parsed_event(data: bytes) -> Event:
    calendar = Calendar.from_ical(data)
    assert isinstance(calendar, Calendar)
    [event] = calendar.events
    assert event.errors == []
    return event


def test_the_ics_names_the_unit_as_organizer_with_a_no_reply_address() -> None:
    data = booking_calendar(ENTRY)
    event = parsed_event(data)

    organizer = event["ORGANIZER"]
    assert isinstance(organizer, vCalAddress)
    assert str(organizer) == "mailto:no-reply@familjecentret.fi"
    assert organizer.params["CN"] == POINT_NAME
    assert event["LOCATION"] == f"{POINT_NAME}, Storalånggatan 1, 65100 Vasa"
    unfolded = data.decode().replace("\r\n ", "")
    assert f'ORGANIZER;CN="{POINT_NAME}":mailto:no-reply@familjecentret.fi' in unfolded


def test_an_organizers_name_with_quotes_commas_and_line_breaks_stays_one_parameter() -> None:
    name = 'Träffpunkten "Ankaret", Vasa;\r\nKorsholm'

    event = parsed_event(booking_calendar(replace(ENTRY, organizer=Organizer(name, "x@y.fi"))))

    assert event["ORGANIZER"].params["CN"] == 'Träffpunkten "Ankaret", Vasa; Korsholm'
    assert str(event["ORGANIZER"]) == "mailto:x@y.fi"


def test_without_an_organizer_the_ics_has_none() -> None:
    event = parsed_event(booking_calendar(replace(ENTRY, organizer=None, location=None)))

    assert "ORGANIZER" not in event
    assert "LOCATION" not in event
