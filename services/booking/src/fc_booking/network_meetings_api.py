""" "Let's Talk about Children" network meetings: the times at which the family, its
responsible person, the other professionals, a room and (if needed) an interpreter are all
free, and booking all of them in one step."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking import domain, places, store
from fc_booking.access import Refusal, may_manage
from fc_booking.availability import HELSINKI
from fc_booking.domain import Interval, ResourceKind
from fc_booking.schemas import FreeTime, NetworkMeeting, NetworkMeetingIn
from fc_shared.auth import Principal, Role, require_role
from fc_shared.outbox import add_event
from fc_shared.problems import EXCLUSION_VIOLATION, Problem, refused_by_constraint
from fc_shared.service import Context, ServiceContext

router = APIRouter(prefix="/v1/network-meetings", tags=["network meetings"])

Organiser = Annotated[Principal, Depends(require_role(Role.PROFESSIONAL, Role.ADMIN))]
Row = dict[str, Any]
MAX_SEARCH = timedelta(days=31)
STEP = timedelta(minutes=30)
ROOM_KINDS = (ResourceKind.ROOM, ResourceKind.DIGITAL_ROOM)


def _purpose(case_id: UUID) -> str:
    return f"planning a network meeting for case {case_id}"


async def _case_guardians(
    context: ServiceContext,
    principal: Principal,
    case_id: UUID,
    requested: Iterable[UUID] | None,
    action: str,
) -> list[UUID]:
    """The guardians of the case's family the meeting is for, if the caller is the case's
    responsible person or a consented member. A refusal is in the family's access log
    (`access.Refusal`: written after this session has ended)."""
    async with context.sessions() as session:
        team = await store.case_team(session, case_id)
        guardians = await store.guardians_of(session, team["family_id"]) if team else []
    if team is None:
        raise Problem(404, "Unknown case", "Booking does not know this case.")
    if not domain.may_plan_for_case(
        principal, responsible=team["responsible"], members=team["members"]
    ):
        raise Refusal(
            Problem(
                403,
                "Not on the case",
                "A network meeting is planned by the "
                "case's responsible person or a member the family has "
                "consented to.",
            ),
            actor=principal.subject,
            action=f"{action}_refused",
            guardians=guardians,
            purpose=_purpose(case_id),
        )
    if not guardians:
        raise Problem(409, "No guardian known", "The case's family has no confirmed guardian.")
    if requested is None:
        return guardians
    chosen = sorted(set(requested))
    if not set(chosen) <= set(guardians):
        raise Problem(
            422,
            "Not the case's guardians",
            "Every guardian named must be a confirmed guardian of the case's family.",
        )
    return chosen


def _busy(rows: list[Row], key: str) -> dict[Any, list[Interval]]:
    found: dict[Any, list[Interval]] = defaultdict(list)
    for row in rows:
        found[row[key]].append(Interval(row["starts_at"], row["ends_at"]))
    return found


def _first_free(
    candidate: Interval, ids: list[UUID], busy: dict[Any, list[Interval]]
) -> UUID | None:
    return next((i for i in ids if not any(candidate.overlaps(b) for b in busy[i])), None)


async def _resources(
    session: AsyncSession, ids: list[UUID], kinds: tuple[str, ...], what: str
) -> list[Row]:
    rows = await store.get_resources(session, ids)
    if len(rows) != len(set(ids)) or any(row["kind"] not in kinds for row in rows):
        raise Problem(422, "Unknown resource", f"Every id must be a known {what}.")
    return rows


async def _interpreters(session: AsyncSession, language: str | None) -> list[UUID]:
    if language is None:
        return []
    found = await store.list_resources(
        session,
        meeting_point_id=None,
        municipality_code=None,
        kind=ResourceKind.INTERPRETER,
        language=language,
    )
    if not found:
        raise Problem(422, "No interpreter", f"No interpreter speaks '{language}'.")
    return [row["id"] for row in found]


@router.get("/free-times")
async def free_times(
    principal: Organiser,
    context: Context,
    case_id: UUID,
    professional_resource_ids: Annotated[list[UUID], Query(min_length=1, max_length=12)],
    room_ids: Annotated[list[UUID], Query(min_length=1, max_length=20)],
    from_date: Annotated[date, Query(alias="from", le=date(2100, 1, 1))],
    to_date: Annotated[date, Query(alias="to", le=date(2100, 1, 1))],
    duration_minutes: Annotated[int, Query(ge=15, le=240)] = 60,
    interpreter_language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    guardians: Annotated[list[UUID] | None, Query(min_length=1, max_length=4)] = None,
) -> list[FreeTime]:
    """Times, on the half hour in office hours on working days, when everyone is free: for
    the case's responsible person or a consented member only, as the times show when the
    family is busy. Each read, and each refused attempt, is in the family's access log."""
    window = Interval(
        max(datetime.now(UTC), datetime.combine(from_date, time(), HELSINKI)),
        datetime.combine(to_date + timedelta(days=1), time(), HELSINKI),
    )
    if window.ends_at <= window.starts_at:
        raise Problem(422, "End before start", "`to` is before `from`, or in the past.")
    if window.ends_at - window.starts_at > MAX_SEARCH:
        raise Problem(422, "Range too long", "Search at most 31 days at a time.")
    if window.starts_at - datetime.now(UTC) > domain.MAX_AHEAD:
        raise Problem(422, "Too far ahead", "Calendars are published at most two years ahead.")
    guardians = await _case_guardians(context, principal, case_id, guardians, "read_free_times")
    async with context.transaction() as session:
        await store.log_family_access(
            session,
            actor=principal.subject,
            guardians=guardians,
            action="read_free_times",
            purpose=_purpose(case_id),
        )
        await _resources(
            session,
            professional_resource_ids,
            (ResourceKind.PROFESSIONAL,),
            "professional calendar",
        )
        await _resources(session, room_ids, ROOM_KINDS, "room or digital room")
        interpreters = await _interpreters(session, interpreter_language)
        taken = _busy(
            await store.busy_on_resources(
                session,
                [*professional_resource_ids, *room_ids, *interpreters],
                window.starts_at,
                window.ends_at,
            ),
            "resource_id",
        )
        family = _busy(
            await store.busy_for_guardians(session, guardians, window.starts_at, window.ends_at),
            "booked_by",
        )
    people = [taken[r] for r in professional_resource_ids] + [family[g] for g in guardians]
    found: list[FreeTime] = []
    for candidate in domain.common_free_times(
        window=window,
        duration=timedelta(minutes=duration_minutes),
        step=STEP,
        busy=people,
        limit=2000,
    ):
        room = _first_free(candidate, room_ids, taken)
        interpreter = _first_free(candidate, interpreters, taken) if interpreters else None
        if room is None or (interpreters and interpreter is None):
            continue
        found.append(
            FreeTime(
                starts_at=candidate.starts_at.astimezone(UTC),
                ends_at=candidate.ends_at.astimezone(UTC),
                room_id=room,
                interpreter_id=interpreter,
            )
        )
        if len(found) == limit:
            break
    return found


@router.post("", status_code=201)
async def book_network_meeting(
    body: NetworkMeetingIn, principal: Organiser, context: Context
) -> NetworkMeeting:
    """Book the room, every professional's calendar, an interpreter if asked, and the
    family, in one transaction: the exclusion constraint refuses the whole meeting if any
    of them has been taken meanwhile."""
    domain.check_slot(
        starts_at=body.starts_at, ends_at=body.ends_at, capacity=1, now=datetime.now(UTC)
    )
    guardians = await _case_guardians(
        context, principal, body.case_id, body.guardians, "book_network_meeting"
    )
    meeting_id = uuid4()
    with refused_by_constraint(
        EXCLUSION_VIOLATION,
        409,
        "Someone is no longer free",
        "A calendar, room or interpreter was taken meanwhile; nothing was booked.",
    ):
        async with context.transaction() as session:
            calendars = await _resources(
                session,
                sorted(body.professional_resource_ids),
                (ResourceKind.PROFESSIONAL,),
                "professional calendar",
            )
            [room] = await _resources(session, [body.room_id], ROOM_KINDS, "room or digital room")
            if not any(c["owner_subject"] == principal.subject for c in calendars):
                raise Problem(
                    403,
                    "Forbidden",
                    "The organiser's own calendar must be one of the professionals'.",
                )
            # Digital rooms are shared; a meeting point's room is its coordinator's to give.
            if room["kind"] == ResourceKind.ROOM and not await may_manage(session, principal, room):
                raise Problem(
                    403, "Forbidden", "Ask the room's coordinator, or use a digital room."
                )
            interpreter: UUID | None = None
            candidates = await _interpreters(session, body.interpreter_language)
            if candidates:
                busy = _busy(
                    await store.busy_on_resources(
                        session, candidates, body.starts_at, body.ends_at
                    ),
                    "resource_id",
                )
                interpreter = _first_free(Interval(body.starts_at, body.ends_at), candidates, busy)
                if interpreter is None:
                    raise Problem(
                        409, "No interpreter free", "No interpreter of that language is free then."
                    )
            if await store.busy_for_guardians(session, guardians, body.starts_at, body.ends_at):
                # The answer tells the caller when the family is busy: a read of the
                # family's calendar, so it is in their log like a free-times search.
                raise Refusal(
                    Problem(409, "Family busy", "The family has another booking then."),
                    actor=principal.subject,
                    action="book_network_meeting_busy",
                    guardians=guardians,
                    purpose=_purpose(body.case_id),
                )
            resource_ids = [
                room["id"],
                *(c["id"] for c in calendars),
                *([interpreter] if interpreter else []),
            ]
            slot_rows = [
                {
                    "id": uuid4(),
                    "resource_id": resource_id,
                    "starts_at": body.starts_at,
                    "ends_at": body.ends_at,
                    "language": body.interpreter_language or "sv",
                    "created_by": principal.subject,
                    "kind": "network_meeting",
                    "activity": domain.Activity.NETWORK_MEETING,
                    "audience": domain.Audience.FAMILY,
                    "municipality_code": room["municipality_code"],
                    "cancel_deadline_hours": 24,
                    "network_meeting_id": meeting_id,
                    "capacity": len(guardians) if resource_id == room["id"] else 1,
                    "booked_count": len(guardians) if resource_id == room["id"] else 0,
                }
                for resource_id in resource_ids
            ]
            room_slot = slot_rows[0]
            # In resource order: two meetings inserting the same calendars in opposite
            # orders would otherwise wait on each other under the exclusion constraint.
            await store.insert_slots(
                session, sorted(slot_rows, key=lambda r: str(r["resource_id"]))
            )
            booking_ids = []
            for guardian in guardians:
                booking = {
                    "id": uuid4(),
                    "slot_id": room_slot["id"],
                    "booked_by": guardian,
                    "status": "confirmed",
                    "interpreter_language": body.interpreter_language,
                }
                await store.insert_booking(session, booking)
                booking_ids.append(booking["id"])
                await add_event(
                    session,
                    context.settings,
                    places.booked_event({**room_slot, "series_id": None}, booking),
                )
            await store.log_family_access(
                session,
                actor=principal.subject,
                guardians=guardians,
                action="book_network_meeting",
                purpose=_purpose(body.case_id),
            )
    return NetworkMeeting(
        id=meeting_id,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        room_id=room["id"],
        interpreter_id=interpreter,
        slot_ids=[row["id"] for row in slot_rows],
        booking_ids=booking_ids,
    )
