"""What a booking is, where and with whom, in words people use: the one description that the
booking events (for notify's letters) and the .ics files both carry.

Public facts only. The activity is named by its slot's title or its kind in words, never by
a code such as `peer_group`; the place is a meeting point's room (its public name and
address, or a digital room's meeting link); the organizer is the unit meeting the family:
the meeting point, or the family centre. A professional's calendar names neither place nor
organizer after its owner: the calendar's name is typed by the professional and may be
their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Protocol
from uuid import UUID

from fc_booking.domain.resources import Resource, ResourceKind
from fc_booking.domain.slots import Activity

DEFAULT_LANGUAGE: Final = "sv"
# The kinds of activity in words, in the languages families use the family centre in (the
# seeds' own words where they have one). A slot in another language (a group held in
# Arabic) is named in Swedish, the region's majority language, unless it has a title.
ACTIVITY_WORDS: Final[dict[str, dict[Activity, str]]] = {
    "sv": {
        Activity.APPOINTMENT: "Besökstid",
        Activity.PARENT_EVENING: "Föräldrakväll",
        Activity.FAMILY_FAIR: "Familjemässa",
        Activity.PEER_GROUP: "Kamratgrupp",
        Activity.FAMILY_SCHOOL: "Familjeskola",
        Activity.IMMIGRANT_FAMILY_GROUP: "Grupp för invandrarfamiljer",
        Activity.PROFESSIONAL_VISIT: "Yrkespersoner på besök",
        Activity.NETWORK_MEETING: "Nätverksmöte",
    },
    "fi": {
        Activity.APPOINTMENT: "Vastaanottoaika",
        Activity.PARENT_EVENING: "Vanhempainilta",
        Activity.FAMILY_FAIR: "Perhemessut",
        Activity.PEER_GROUP: "Vertaisryhmä",
        Activity.FAMILY_SCHOOL: "Perhevalmennus",
        Activity.IMMIGRANT_FAMILY_GROUP: "Maahanmuuttajaperheiden ryhmä",
        Activity.PROFESSIONAL_VISIT: "Ammattilaiset vierailulla",
        Activity.NETWORK_MEETING: "Verkostopalaveri",
    },
    "en": {
        Activity.APPOINTMENT: "Appointment",
        Activity.PARENT_EVENING: "Parent evening",
        Activity.FAMILY_FAIR: "Family fair",
        Activity.PEER_GROUP: "Peer group",
        Activity.FAMILY_SCHOOL: "Family school",
        Activity.IMMIGRANT_FAMILY_GROUP: "Group for immigrant families",
        Activity.PROFESSIONAL_VISIT: "Visit by professionals",
        Activity.NETWORK_MEETING: "Network meeting",
    },
}


class Offered(Protocol):
    """What a slot offers, as a slot and a booking (with what it shows of its slot) both
    tell it."""

    @property
    def resource_id(self) -> UUID: ...
    @property
    def activity(self) -> Activity: ...
    @property
    def title(self) -> str | None: ...
    @property
    def language(self) -> str: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A public place: a room's name and street address, or a digital room's link."""

    name: str | None = None
    street_address: str | None = None
    postal_code: str | None = None
    locality: str | None = None
    meeting_link: str | None = None

    @property
    def one_line(self) -> str | None:
        """As a calendar's LOCATION: the link of a digital meeting (calendar apps make it
        clickable), else the name and address, "Träffpunkten, Storgatan 1, 65100 Vasa"."""
        if self.meeting_link:
            return self.meeting_link
        town = " ".join(part for part in (self.postal_code, self.locality) if part)
        return ", ".join(part for part in (self.name, self.street_address, town) if part) or None


@dataclass(frozen=True, slots=True, kw_only=True)
class Description:
    activity_name: str
    place: Place | None
    organizer_name: str


def activity_name(activity: Activity, title: str | None, language: str) -> str:
    """The slot's title, or the kind of activity in words in the slot's language."""
    if title and title.strip():
        return title.strip()
    return ACTIVITY_WORDS.get(language, ACTIVITY_WORDS[DEFAULT_LANGUAGE])[activity]


def place_of(resource: Resource | None) -> Place | None:
    """Where a room is; None for a calendar or an interpreter, and for a room booking knows
    nothing of."""
    if resource is None or resource.kind not in (ResourceKind.ROOM, ResourceKind.DIGITAL_ROOM):
        return None
    if resource.kind == ResourceKind.DIGITAL_ROOM:
        place = Place(name=resource.name, meeting_link=resource.meeting_link)
    else:
        place = Place(
            name=resource.name,
            street_address=resource.street_address,
            postal_code=resource.postal_code,
            locality=resource.locality,
        )
    return place if place.one_line else None


def organizer_of(resource: Resource | None, family_centre: str) -> str:
    """The meeting point whose room it is (its public name, network's), else the family
    centre: never a calendar's name, which may be its professional's own."""
    if resource is not None and resource.meeting_point_id is not None and resource.name:
        return resource.name
    return family_centre


def describe(offered: Offered, resource: Resource | None, *, family_centre: str) -> Description:
    """What, where and with whom: `resource` is the slot's, `family_centre` the name of the
    unit meeting families where no meeting point does (settings)."""
    return Description(
        activity_name=activity_name(offered.activity, offered.title, offered.language),
        place=place_of(resource),
        organizer_name=organizer_of(resource, family_centre),
    )
