"""Events the booking service reacts to."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking import SERVICE, store
from fc_shared.consumer import subscribe
from fc_shared.events import (
    CaseTeamChanged,
    FamilyChanged,
    MeetingPointChanged,
    MeetingPointOpened,
)
from fc_shared.events.envelope import Envelope
from fc_shared.service import ServiceContext


async def room_follows(
    session: AsyncSession, event: MeetingPointOpened | MeetingPointChanged, *, is_change: bool
) -> None:
    """A physical meeting point has a bookable room (a digital one a digital room) with its
    name and audience bands, managed by its responsible person.

    A change overwrites bands and says who is responsible now: a handover, or nobody (the
    coordinator removed), which takes the room from whoever network named before. An
    opening names its coordinator only when it created the room: the two events are handled
    by different consumers, so a room that already exists means a change (newer word,
    perhaps "nobody") got there first, or this opening is a redelivery."""
    created = await store.put_meeting_point_room(
        session,
        meeting_point_id=event.meeting_point_id,
        municipality_code=event.municipality_code,
        kind="digital_room" if event.digital else "room",
        audience_bands=list(event.audience_bands),
        name=event.title,
        overwrite_bands=is_change,
    )
    if is_change or (created and event.coordinator is not None):
        await store.set_room_coordinator(
            session, meeting_point_id=event.meeting_point_id, coordinator=event.coordinator
        )


async def on_meeting_point_opened(
    session: AsyncSession, event: MeetingPointOpened, _: Envelope
) -> None:
    await room_follows(session, event, is_change=False)


async def on_meeting_point_changed(
    session: AsyncSession, event: MeetingPointChanged, _: Envelope
) -> None:
    await room_follows(session, event, is_change=True)


async def on_family_changed(session: AsyncSession, event: FamilyChanged, _: Envelope) -> None:
    """Who acts for which child: a snapshot replaces what booking knew, unless older."""
    await store.put_family(
        session,
        family_id=event.family_id,
        revision=event.revision,
        guardians=event.guardians,
        children=[
            {"child_id": c.child_id, "birth_date": c.birth_date, "subject": c.subject}
            for c in event.children
        ],
    )


async def on_case_team_changed(session: AsyncSession, event: CaseTeamChanged, _: Envelope) -> None:
    """Who may plan a network meeting for the case's family (a snapshot, as above)."""
    await store.put_case_team(
        session,
        case_id=event.case_id,
        family_id=event.family_id,
        revision=event.revision,
        responsible=event.responsible,
        members=event.consented_members,
    )


def register_handlers(context: ServiceContext) -> None:
    subscribe(
        context.broker,
        context.settings,
        event=MeetingPointOpened,
        consumer=f"{SERVICE}.meeting-points",
        sessions=context.sessions,
        handle=on_meeting_point_opened,
    )
    subscribe(
        context.broker,
        context.settings,
        event=MeetingPointChanged,
        consumer=f"{SERVICE}.meeting-point-changes",
        sessions=context.sessions,
        handle=on_meeting_point_changed,
    )
    subscribe(
        context.broker,
        context.settings,
        event=FamilyChanged,
        consumer=f"{SERVICE}.families",
        sessions=context.sessions,
        handle=on_family_changed,
    )
    subscribe(
        context.broker,
        context.settings,
        event=CaseTeamChanged,
        consumer=f"{SERVICE}.case-teams",
        sessions=context.sessions,
        handle=on_case_team_changed,
    )
