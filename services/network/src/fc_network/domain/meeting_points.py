"""Meeting points (träffpunkter): where families meet, physical or digital, each with one
responsible person and, for a municipality's rooms, an agreement on their use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from fc_network.domain.access import meeting_point_coordinator
from fc_network.domain.dates import YEARS_AHEAD, check_date_near
from fc_shared.events.base import AudienceBand
from fc_shared.refusals import Refused, invalid, not_found

# The seeds: mornings for families with small children, afternoons for school children,
# evenings for youth.
DEFAULT_AUDIENCE_BANDS: list[AudienceBand] = ["small_children", "school_children", "youth"]
# A Finnish postal address as written on one line: "Storalånggatan 1, 65100 Vasa".
_POSTAL_LINE = re.compile(r"^(?P<street>.+?),\s*(?P<postal_code>\d{5})\s+(?P<locality>\S.*)$")


@dataclass(frozen=True, slots=True, kw_only=True)
class RoomAgreement:
    """The agreement on the use of rooms between the municipality and the wellbeing county."""

    parties: list[str]
    valid_from: date
    valid_until: date | None
    rooms: list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class NewMeetingPoint:
    """A meeting point as its opener describes it."""

    municipality_code: str
    name: str
    digital: bool
    address: str | None
    link: str | None
    accessibility: str | None
    responsible_person: UUID | None
    audience_bands: list[AudienceBand]
    agreement: RoomAgreement | None


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingPoint(NewMeetingPoint):
    id: UUID
    # Who opened it, responsible until someone is named; none for the seeded ones.
    opened_by: UUID | None
    created_at: datetime

    @property
    def coordinator(self) -> UUID | None:
        return meeting_point_coordinator(
            responsible=self.responsible_person, opened_by=self.opened_by
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingPointChange:
    """What an edit changes; None leaves a part as it is."""

    audience_bands: list[AudienceBand] | None = None
    address: str | None = None
    link: str | None = None
    accessibility: str | None = None
    responsible_person: UUID | None = None
    agreement: RoomAgreement | None = None
    # Which of the optional parts the caller sent (a None sent clears the part).
    given: frozenset[str] = frozenset()


def no_such_meeting_point() -> Refused:
    return not_found("no_such_meeting_point", "No such meeting point.")


def opened(point: NewMeetingPoint, *, point_id: UUID, by: UUID, at: datetime) -> MeetingPoint:
    return MeetingPoint(
        id=point_id,
        municipality_code=point.municipality_code,
        name=point.name,
        digital=point.digital,
        address=point.address,
        link=point.link,
        accessibility=point.accessibility,
        responsible_person=point.responsible_person,
        audience_bands=point.audience_bands,
        agreement=point.agreement,
        opened_by=by,
        created_at=at,
    )


def check_meeting_point(*, digital: bool, address: str | None, link: str | None) -> None:
    if digital and not link:
        raise _link_missing()
    if not digital and not address:
        raise _address_missing()


def _link_missing() -> Refused:
    return invalid("link_missing", "Link missing", "A digital meeting point needs a link.")


def _address_missing() -> Refused:
    return invalid(
        "address_missing", "Address missing", "A physical meeting point needs an address."
    )


def check_change(point: MeetingPoint, change: MeetingPointChange) -> None:
    """An edit may move a meeting point, not take away its place to meet."""
    if "address" in change.given and not point.digital and not change.address:
        raise _address_missing()
    if "link" in change.given and point.digital and not change.link:
        raise _link_missing()


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicPlace:
    """Where a meeting point is, as booking tells families: a physical one's address, a
    digital one's link. A place's, so public."""

    street_address: str | None = None
    postal_code: str | None = None
    locality: str | None = None
    meeting_link: str | None = None


def public_place(point: NewMeetingPoint) -> PublicPlace:
    """The address split into street, postal code and locality when it is written as one
    line the Finnish way; otherwise the whole of it as the street address (no guessing)."""
    if point.digital:
        return PublicPlace(meeting_link=point.link)
    address = (point.address or "").strip()
    found = _POSTAL_LINE.match(address)
    if found is None:
        return PublicPlace(street_address=address or None)
    return PublicPlace(
        street_address=found["street"].strip(),
        postal_code=found["postal_code"],
        locality=found["locality"].strip(),
    )


def check_agreement_period(valid_from: date, valid_until: date | None, today: date) -> None:
    check_date_near(valid_from, today, what="agreement's start")
    if valid_until is not None:
        check_date_near(valid_until, today, what="agreement's end", ahead_years=2 * YEARS_AHEAD)
    if valid_until is not None and valid_until < valid_from:
        raise invalid(
            "agreement_period_upside_down",
            "Agreement period upside down",
            f"The agreement ends ({valid_until}) before it starts ({valid_from}).",
        )


def check_agreement(agreement: RoomAgreement | None, today: date) -> None:
    if agreement is not None:
        check_agreement_period(agreement.valid_from, agreement.valid_until, today)


def bookable_change(before: MeetingPoint, after: MeetingPoint) -> bool:
    """Whether booking needs to hear of the edit (MeetingPointChanged): audience bands, name,
    coordinator or place changed."""
    return (
        after.audience_bands != before.audience_bands
        or after.name != before.name
        or after.coordinator != before.coordinator
        or public_place(after) != public_place(before)
    )
