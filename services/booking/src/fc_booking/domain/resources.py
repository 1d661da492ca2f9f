"""Bookable resources (rooms, digital rooms, professionals' calendars, interpreters), their
closures, and who may open which kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from fc_booking.domain.recurrence import MAX_BACK
from fc_shared.principals import Principal, Role
from fc_shared.refusals import Kind, Refused, invalid, not_allowed

MAX_AHEAD = timedelta(days=2 * 366)  # calendars are published at most two years ahead
# Managers named by the network service's events, told apart from those an admin named.
FROM_NETWORK = UUID(int=0)


class ResourceKind(StrEnum):
    ROOM = "room"
    DIGITAL_ROOM = "digital_room"
    PROFESSIONAL = "professional"
    INTERPRETER = "interpreter"


ROOM_KINDS = (ResourceKind.ROOM, ResourceKind.DIGITAL_ROOM)


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """Where a meeting point's room is, as network publishes it: a physical one's public
    address, a digital one's meeting link (None where network does not say)."""

    street_address: str | None = None
    postal_code: str | None = None
    locality: str | None = None
    meeting_link: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    id: UUID
    kind: ResourceKind
    name: str | None
    meeting_point_id: UUID | None
    municipality_code: str | None
    audience_bands: tuple[str, ...]
    owner_subject: UUID | None  # the professional whose calendar it is
    languages: tuple[str, ...]
    # Where a meeting point's room is (its public address, as network publishes it), or a
    # digital room's meeting link.
    street_address: str | None = None
    postal_code: str | None = None
    locality: str | None = None
    meeting_link: str | None = None
    feed_key: bytes = b""  # set by the database; never shown

    @property
    def keeps_bands(self) -> bool:
        """Only a meeting point's physical room keeps audience bands (DESIGN.md)."""
        return self.kind == ResourceKind.ROOM and self.meeting_point_id is not None

    @property
    def calendar_name(self) -> str:
        return self.name or f"Familjecentret {self.kind}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Closure:
    """Days a resource is closed; local Helsinki dates, both ends inclusive."""

    id: UUID
    resource_id: UUID
    starts_on: date
    ends_on: date
    reason: str


def owner_of_new(principal: Principal, kind: ResourceKind, languages: list[str]) -> UUID | None:
    """Who owns a resource the caller opens: a professional their own calendar (them); an
    admin rooms, digital rooms and interpreters (nobody)."""
    if kind == ResourceKind.PROFESSIONAL:
        if not principal.has_any(Role.PROFESSIONAL):
            raise not_allowed(
                "professional_opens_own_calendar", "A professional opens their own calendar."
            )
        owner: UUID | None = principal.subject
    elif principal.has_any(Role.ADMIN):
        owner = None
    else:
        raise not_allowed("admin_adds_rooms", "Only an admin adds rooms and interpreters.")
    if kind == ResourceKind.INTERPRETER and not languages:
        raise invalid(
            "languages_needed", "Languages needed", "An interpreter has at least one language."
        )
    return owner


def unknown_resource(kind: Kind = Kind.NOT_FOUND) -> Refused:
    """404, or 422 when the resource was named in a request body."""
    return Refused(kind, "unknown_resource", "Unknown resource", "No resource has this id.")


def check_closure(*, starts_on: date, ends_on: date, today: date) -> None:
    if ends_on < starts_on:
        raise invalid(
            "end_before_start", "End before start", "A closure ends on or after its first day."
        )
    if starts_on < today - MAX_BACK:
        raise invalid("too_far_back", "Too far back", "A closure starts at most a year ago.")
    if ends_on > today + MAX_AHEAD:
        raise invalid("too_far_ahead", "Too far ahead", "Closures are set at most two years ahead.")


def check_feed_signature(valid: bool) -> None:
    if not valid:
        raise not_allowed("feed_link_invalid", "The feed link is not valid or was revoked.")


def feed_since(now: datetime) -> datetime:
    """A feed shows a month of the past, so a calendar app keeps recent history."""
    return now - timedelta(days=30)
