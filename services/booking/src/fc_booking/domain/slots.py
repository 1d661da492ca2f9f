"""Slots: what one offers, where it may be placed (times, audience bands), and whether it can
be booked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from uuid import UUID, uuid4

from fc_booking.domain.helsinki import HELSINKI
from fc_booking.domain.resources import MAX_AHEAD, Resource, ResourceKind
from fc_shared.principals import Principal, Role
from fc_shared.refusals import Refused, conflict, invalid, not_allowed

MAX_SLOT_LENGTH = timedelta(hours=12)


class Activity(StrEnum):
    APPOINTMENT = "appointment"
    PARENT_EVENING = "parent_evening"
    FAMILY_FAIR = "family_fair"
    PEER_GROUP = "peer_group"
    FAMILY_SCHOOL = "family_school"
    IMMIGRANT_FAMILY_GROUP = "immigrant_family_group"
    PROFESSIONAL_VISIT = "professional_visit"
    NETWORK_MEETING = "network_meeting"


class Audience(StrEnum):
    FAMILY = "family"  # the whole family, or the guardians themselves
    SMALL_CHILDREN = "small_children"
    SCHOOL_CHILDREN = "school_children"
    YOUTH = "youth"


class SlotKind(StrEnum):
    APPOINTMENT = "appointment"
    GROUP = "group"
    NETWORK_MEETING = "network_meeting"


# A meeting point's rooms serve small children in the mornings, school children in the
# afternoons and youth in the evenings (DESIGN.md); local Helsinki wall-clock windows.
BAND_WINDOWS: dict[str, tuple[time, time]] = {
    Audience.SMALL_CHILDREN: (time(6), time(12)),
    Audience.SCHOOL_CHILDREN: (time(12), time(17)),
    Audience.YOUTH: (time(17), time(22)),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Offering:
    """What a slot offers; shared by single slots and recurring availability."""

    capacity: int
    language: str
    activity: Activity
    title: str | None
    service_id: UUID | None
    audience: Audience
    min_age_years: int | None
    max_age_years: int | None
    cancel_deadline_hours: int
    band_override_reason: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Slot:
    id: UUID
    resource_id: UUID
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booked_count: int  # held + confirmed
    language: str
    created_by: UUID
    kind: SlotKind
    activity: Activity
    title: str | None
    service_id: UUID | None
    audience: Audience
    min_age_years: int | None
    max_age_years: int | None
    municipality_code: str | None
    rule_id: UUID | None
    series_id: UUID | None
    cancel_deadline_hours: int
    band_override_by: UUID | None
    band_override_reason: str | None
    network_meeting_id: UUID | None

    @property
    def has_room(self) -> bool:
        return self.booked_count < self.capacity


@dataclass(frozen=True, slots=True, kw_only=True)
class BandOverride:
    """A coordinator's placement outside a room's audience band, with the reason."""

    slot_id: UUID
    overridden_by: UUID
    audience: Audience
    room_bands: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SlotSearch:
    """Which bookable slots a family looks for (None: any)."""

    starts_from: datetime
    starts_before: datetime | None = None
    municipality_code: str | None = None
    resource_kind: ResourceKind | None = None
    resource_id: UUID | None = None
    service_id: UUID | None = None
    audience: Audience | None = None
    language: str | None = None
    activity: Activity | None = None


def search_window(
    from_date: date | None, to_date: date | None, now: datetime
) -> tuple[datetime, datetime | None]:
    """From when and until before when a search looks, from the Helsinki dates given (`to`
    inclusive); never in the past."""
    if from_date and to_date and to_date < from_date:
        raise invalid("end_before_start", "End before start", "`to` is before `from`.")
    starts_from = max(now, datetime.combine(from_date, time(), HELSINKI)) if from_date else now
    starts_before = (
        datetime.combine(to_date + timedelta(days=1), time(), HELSINKI) if to_date else None
    )
    return starts_from, starts_before


def slot_kind(capacity: int, activity: Activity) -> SlotKind:
    if activity == Activity.NETWORK_MEETING:
        return SlotKind.NETWORK_MEETING
    if capacity == 1 and activity == Activity.APPOINTMENT:
        return SlotKind.APPOINTMENT
    return SlotKind.GROUP


def check_slot(*, starts_at: datetime, ends_at: datetime, capacity: int, now: datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise invalid("time_zone_missing", "Time zone missing", "Give times with a UTC offset.")
    if ends_at <= starts_at:
        raise invalid("end_before_start", "End before start", "A slot must end after it starts.")
    if ends_at - starts_at > MAX_SLOT_LENGTH:
        raise invalid("slot_too_long", "Slot too long", "A slot lasts at most twelve hours.")
    if starts_at <= now:
        raise invalid("slot_in_the_past", "Slot in the past", "A slot must start in the future.")
    if starts_at - now > MAX_AHEAD:
        raise invalid(
            "too_far_ahead", "Too far ahead", "Slots are published at most two years ahead."
        )
    if capacity < 1:
        raise invalid(
            "capacity_too_small", "Capacity too small", "A slot has room for at least one."
        )


def check_ages(min_age: int | None, max_age: int | None) -> None:
    if min_age is not None and max_age is not None and min_age > max_age:
        raise invalid(
            "age_range_reversed", "Age range reversed", "The lowest age is above the highest."
        )


def band_misfit(
    *, audience: str, starts_at: datetime, ends_at: datetime, room_bands: Sequence[str]
) -> str | None:
    """Why an activity does not fit a room's audience bands, or None when it fits.

    A family-wide activity fits any band the room keeps; one for an age group must be in
    that group's band, and the whole of it inside the band's hours.
    """
    local_start, local_end = starts_at.astimezone(HELSINKI), ends_at.astimezone(HELSINKI)
    if local_start.date() != local_end.date():
        return "it runs past midnight"
    bands = [audience] if audience in BAND_WINDOWS else list(room_bands)
    for band in bands:
        if band not in room_bands:
            continue
        opens, closes = BAND_WINDOWS[band]
        if opens <= local_start.time() and local_end.time() <= closes:
            return None
    if audience in BAND_WINDOWS and audience not in room_bands:
        return f"the room does not keep a {audience} band"
    return "it is outside the hours of the room's audience bands"


def check_band(
    *,
    audience: str,
    starts_at: datetime,
    ends_at: datetime,
    room_bands: Sequence[str],
    override_reason: str | None,
    principal: Principal,
) -> bool:
    """Whether the placement needs its override recorded; Refused when it may not stand."""
    misfit = band_misfit(
        audience=audience, starts_at=starts_at, ends_at=ends_at, room_bands=room_bands
    )
    if misfit is None:
        return False
    if not override_reason:
        raise invalid(
            "outside_the_rooms_audience_band",
            "Outside the room's audience band",
            f"The activity does not fit the room: {misfit}. A coordinator may "
            "override with a reason (band_override_reason).",
        )
    if not principal.has_any(Role.COORDINATOR, Role.ADMIN):
        raise not_allowed(
            "band_override_by_coordinator",
            "Only a coordinator may override a room's audience band.",
        )
    return True


def check_places_activities(resource: Resource) -> None:
    if resource.kind == ResourceKind.INTERPRETER:
        raise invalid(
            "not_a_place_for_activities",
            "Not a place for activities",
            "Interpreters are booked together with a meeting, not given slots.",
        )


def resource_closed() -> Refused:
    return conflict("resource_closed", "Resource closed", "The resource is closed on that day.")


def check_bookable(slot: Slot, now: datetime, *, as_series: bool = False) -> None:
    if slot.starts_at <= now:
        raise conflict(
            "slot_has_started", "Slot has started", "The slot has already started or is over."
        )
    if slot.kind == SlotKind.NETWORK_MEETING:
        raise conflict(
            "not_bookable", "Not bookable", "A network meeting is booked by its organiser."
        )
    if slot.series_id is not None and not as_series:
        raise conflict(
            "part_of_a_series",
            "Part of a series",
            "This session belongs to a series, which is booked as a whole: "
            f"POST /v1/series/{slot.series_id}/bookings.",
        )


def check_capacity_change(*, capacity: int, taken: int) -> None:
    if capacity < taken:
        raise invalid(
            "capacity_below_the_bookings",
            "Capacity below the bookings",
            f"{taken} places are already taken; the capacity cannot go below that.",
        )


def place_offering(
    principal: Principal,
    *,
    resource: Resource,
    offering: Offering,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    rule_id: UUID | None = None,
    series_id: UUID | None = None,
) -> tuple[Slot, BandOverride | None]:
    """One slot of the offering at the given times, checked, and its band override."""
    check_slot(starts_at=starts_at, ends_at=ends_at, capacity=offering.capacity, now=now)
    slot_id = uuid4()
    override = _band_override(principal, resource, offering, slot_id, starts_at, ends_at)
    slot = Slot(
        id=slot_id,
        resource_id=resource.id,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=offering.capacity,
        booked_count=0,
        language=offering.language,
        created_by=principal.subject,
        kind=slot_kind(offering.capacity, offering.activity),
        activity=offering.activity,
        title=offering.title,
        service_id=offering.service_id,
        audience=offering.audience,
        min_age_years=offering.min_age_years,
        max_age_years=offering.max_age_years,
        municipality_code=resource.municipality_code,
        rule_id=rule_id,
        series_id=series_id,
        cancel_deadline_hours=offering.cancel_deadline_hours,
        band_override_by=principal.subject if override else None,
        band_override_reason=offering.band_override_reason if override else None,
        network_meeting_id=None,
    )
    return slot, override


def _band_override(
    principal: Principal,
    resource: Resource,
    offering: Offering,
    slot_id: UUID,
    starts_at: datetime,
    ends_at: datetime,
) -> BandOverride | None:
    if not resource.keeps_bands or not check_band(
        audience=offering.audience,
        starts_at=starts_at,
        ends_at=ends_at,
        room_bands=resource.audience_bands,
        override_reason=offering.band_override_reason,
        principal=principal,
    ):
        return None
    return BandOverride(
        slot_id=slot_id,
        overridden_by=principal.subject,
        audience=offering.audience,
        room_bands=resource.audience_bands,
        reason=offering.band_override_reason or "",
    )
