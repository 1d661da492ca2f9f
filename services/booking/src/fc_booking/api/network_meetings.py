""" "Let's Talk about Children" network meetings over HTTP: free times, and booking one."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from fc_booking.api.common import meeting_refused, now, settings_of
from fc_booking.api.schemas import FreeTime, NetworkMeeting, NetworkMeetingIn
from fc_booking.domain.network_meetings import FreeTimeSearch, Interval
from fc_booking.use_cases import network_meetings
from fc_shared.auth import ProfessionalOrAdmin
from fc_shared.service import Context

router = APIRouter(prefix="/v1/network-meetings", tags=["network meetings"])


@router.get("/free-times", response_model=list[FreeTime])
async def free_times(  # noqa: PLR0913 - one argument per query parameter
    principal: ProfessionalOrAdmin,
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
    search = FreeTimeSearch(
        case_id=case_id,
        professional_resource_ids=tuple(professional_resource_ids),
        room_ids=tuple(room_ids),
        from_date=from_date,
        to_date=to_date,
        duration=timedelta(minutes=duration_minutes),
        interpreter_language=interpreter_language,
        limit=limit,
        guardians=tuple(guardians) if guardians is not None else None,
    )
    async with context.transaction() as session:
        found = await network_meetings.free_times(session, principal, search, now=now())
    return [FreeTime.of(free) for free in found]


@router.post("", status_code=201, response_model=NetworkMeeting)
async def book_network_meeting(
    body: NetworkMeetingIn, principal: ProfessionalOrAdmin, context: Context
) -> NetworkMeeting:
    """Book the room, every professional's calendar, an interpreter if asked, and the
    family, in one transaction: the exclusion constraint refuses the whole meeting if any
    of them has been taken meanwhile."""
    with meeting_refused():
        async with context.transaction() as session:
            meeting = await network_meetings.book_network_meeting(
                session,
                settings_of(context),
                principal,
                case_id=body.case_id,
                interval=Interval(body.starts_at, body.ends_at),
                room_id=body.room_id,
                professional_resource_ids=body.professional_resource_ids,
                guardians=body.guardians,
                interpreter_language=body.interpreter_language,
                now=now(),
            )
    return NetworkMeeting.of(meeting)
