""" "Let's Talk about Children" network meetings: finding the times everyone is free, and
booking the room, the professionals' calendars, an interpreter and the family in one step.
Each read of the family's calendar, and each refused attempt, is in the family's access log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain import network_meetings as rules
from fc_booking.domain.access import may_plan_for_case
from fc_booking.domain.bookings import BookingStatus, NewBooking
from fc_booking.domain.network_meetings import (
    FreeTime,
    FreeTimeSearch,
    Interval,
    NetworkMeeting,
)
from fc_booking.domain.resources import ROOM_KINDS, Resource, ResourceKind
from fc_booking.domain.slots import Slot, check_slot
from fc_booking.store import bookings as booking_store
from fc_booking.store import families as family_store
from fc_booking.store import network_meetings as store
from fc_booking.store import resources as resource_store
from fc_booking.store import slots as slot_store
from fc_booking.use_cases.access_log import log_family_read, refused_on_family
from fc_booking.use_cases.bookings import stage_slot_booked
from fc_booking.use_cases.resources import may_manage
from fc_shared.principals import Principal
from fc_shared.settings import Settings

PROFESSIONALS = (ResourceKind.PROFESSIONAL,)


async def case_guardians(
    session: AsyncSession,
    principal: Principal,
    case_id: UUID,
    requested: Iterable[UUID] | None,
    action: str,
) -> list[UUID]:
    """The guardians of the case's family the meeting is for, if the caller is the case's
    responsible person or a consented member; a refusal is in the family's access log."""
    team = await family_store.case_team(session, case_id)
    if team is None:
        raise rules.unknown_case()
    guardians = await family_store.guardians_of(session, team.family_id)
    if not may_plan_for_case(principal, responsible=team.responsible, members=team.members):
        raise refused_on_family(
            rules.not_on_the_case(),
            actor=principal.subject,
            action=f"{action}_refused",
            guardians=guardians,
            purpose=rules.purpose(case_id),
        )
    return rules.choose_guardians(guardians, requested)


async def _resources(
    session: AsyncSession, ids: Sequence[UUID], kinds: Iterable[ResourceKind], what: str
) -> list[Resource]:
    found = await resource_store.get_resources(session, ids)
    rules.check_resources(found, ids, kinds, what)
    return found


async def _interpreters(session: AsyncSession, language: str | None) -> list[UUID]:
    if language is None:
        return []
    found = await resource_store.list_resources(
        session,
        meeting_point_id=None,
        municipality_code=None,
        kind=ResourceKind.INTERPRETER,
        language=language,
    )
    rules.check_interpreters(found, language)
    return [resource.id for resource in found]


async def free_times(
    session: AsyncSession, principal: Principal, search: FreeTimeSearch, *, now: datetime
) -> list[FreeTime]:
    """Times, on the half hour in office hours on working days, when everyone is free."""
    window = rules.search_window(search.from_date, search.to_date, now)
    case_id = search.case_id
    chosen = await case_guardians(session, principal, case_id, search.guardians, "read_free_times")
    await log_family_read(
        session, principal.subject, chosen, action="read_free_times", purpose=rules.purpose(case_id)
    )
    calendars, rooms = search.professional_resource_ids, search.room_ids
    await _resources(session, calendars, PROFESSIONALS, "professional calendar")
    await _resources(session, rooms, ROOM_KINDS, "room or digital room")
    interpreters = await _interpreters(session, search.interpreter_language)
    taken = rules.busy_by(
        await store.busy_on_resources(session, [*calendars, *rooms, *interpreters], window)
    )
    family = rules.busy_by(await store.busy_for_guardians(session, chosen, window))
    return rules.free_times(
        window,
        duration=search.duration,
        people=[taken[r] for r in calendars] + [family[g] for g in chosen],
        rooms=rooms,
        interpreters=interpreters,
        taken=taken,
        limit=search.limit,
    )


async def _free_interpreter(
    session: AsyncSession, language: str | None, interval: Interval
) -> UUID | None:
    candidates = await _interpreters(session, language)
    if not candidates:
        return None
    busy = rules.busy_by(await store.busy_on_resources(session, candidates, interval))
    interpreter = rules.first_free(interval, candidates, busy)
    if interpreter is None:
        raise rules.no_interpreter_free()
    return interpreter


async def _check_family_free(
    session: AsyncSession,
    principal: Principal,
    guardians: list[UUID],
    case_id: UUID,
    interval: Interval,
) -> None:
    if await store.busy_for_guardians(session, guardians, interval):
        # The answer tells the caller when the family is busy: a read of the family's
        # calendar, so it is in their log like a free-times search.
        raise refused_on_family(
            rules.family_busy(),
            actor=principal.subject,
            action="book_network_meeting_busy",
            guardians=guardians,
            purpose=rules.purpose(case_id),
        )


async def book_network_meeting(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    *,
    case_id: UUID,
    interval: Interval,
    room_id: UUID,
    professional_resource_ids: Iterable[UUID],
    guardians: Iterable[UUID] | None,
    interpreter_language: str | None,
    now: datetime,
) -> NetworkMeeting:
    """Book the room, every professional's calendar, an interpreter if asked, and the family."""
    check_slot(starts_at=interval.starts_at, ends_at=interval.ends_at, capacity=1, now=now)
    chosen = await case_guardians(session, principal, case_id, guardians, "book_network_meeting")
    calendars = await _resources(
        session, sorted(professional_resource_ids), PROFESSIONALS, "professional calendar"
    )
    [room] = await _resources(session, [room_id], ROOM_KINDS, "room or digital room")
    rules.check_organiser(
        principal, calendars, room, manages_room=await may_manage(session, principal, room)
    )
    interpreter = await _free_interpreter(session, interpreter_language, interval)
    await _check_family_free(session, principal, chosen, case_id, interval)
    placed = rules.meeting_slots(
        meeting_id=uuid4(),
        organiser=principal.subject,
        room=room,
        resource_ids=[c.id for c in calendars] + ([interpreter] if interpreter else []),
        interval=interval,
        language=interpreter_language,
        guardians=len(chosen),
    )
    booking_ids = await _place_meeting(session, settings, placed, chosen, interpreter_language)
    purpose = rules.purpose(case_id)
    await log_family_read(
        session, principal.subject, chosen, action="book_network_meeting", purpose=purpose
    )
    return rules.booked_meeting(placed, booking_ids, interpreter=interpreter)


async def _place_meeting(
    session: AsyncSession,
    settings: Settings,
    placed: list[Slot],
    guardians: Sequence[UUID],
    interpreter_language: str | None,
) -> list[UUID]:
    """The meeting's slots, and a confirmed booking in the room's for each guardian."""
    # In resource order: two meetings inserting the same calendars in opposite
    # orders would otherwise wait on each other under the exclusion constraint.
    await slot_store.insert_slots(session, sorted(placed, key=lambda s: str(s.resource_id)))
    room_slot = placed[0]
    booking_ids = []
    for guardian in guardians:
        booking = await booking_store.insert_booking(
            session,
            NewBooking(
                id=uuid4(),
                slot_id=room_slot.id,
                booked_by=guardian,
                booked_as="staff",  # the organiser books for the family
                status=BookingStatus.CONFIRMED,
                interpreter_language=interpreter_language,
            ),
            room_slot,
        )
        booking_ids.append(booking.id)
        await stage_slot_booked(session, settings, room_slot, booking)
    return booking_ids
