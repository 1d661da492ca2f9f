"""Events the booking service reacts to."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain.families import ChildRecord
from fc_booking.domain.resources import Location
from fc_booking.use_cases import families, holds, rooms
from fc_shared.consumer import Handler
from fc_shared.events import (
    CaseTeamChanged,
    FamilyChanged,
    FormSubmitted,
    MeetingPointChanged,
    MeetingPointOpened,
)
from fc_shared.events.envelope import Envelope
from fc_shared.service import ServiceContext


async def room_follows(
    session: AsyncSession, event: MeetingPointOpened | MeetingPointChanged, *, is_change: bool
) -> None:
    await rooms.room_follows(
        session,
        meeting_point_id=event.meeting_point_id,
        municipality_code=event.municipality_code,
        digital=event.digital,
        audience_bands=list(event.audience_bands),
        name=event.title,
        location=Location(
            street_address=event.street_address,
            postal_code=event.postal_code,
            locality=event.locality,
            meeting_link=event.meeting_link,
        ),
        coordinator=event.coordinator,
        is_change=is_change,
    )


async def on_meeting_point_opened(
    session: AsyncSession, event: MeetingPointOpened, _: Envelope
) -> None:
    """A new meeting point: its room, if booking has none yet."""
    await room_follows(session, event, is_change=False)


async def on_meeting_point_changed(
    session: AsyncSession, event: MeetingPointChanged, _: Envelope
) -> None:
    """A changed meeting point: its room's bands, name, location and responsible person
    now."""
    await room_follows(session, event, is_change=True)


async def on_family_changed(session: AsyncSession, event: FamilyChanged, _: Envelope) -> None:
    """Who acts for which child: a snapshot replaces what booking knew, unless older."""
    await families.family_changed(
        session,
        family_id=event.family_id,
        revision=event.revision,
        guardians=event.guardians,
        children=[
            ChildRecord(child_id=c.child_id, birth_date=c.birth_date, subject=c.subject)
            for c in event.children
        ],
    )


async def on_case_team_changed(session: AsyncSession, event: CaseTeamChanged, _: Envelope) -> None:
    """Who may plan a network meeting for the case's family (a snapshot, as above)."""
    await families.case_team_changed(
        session,
        case_id=event.case_id,
        family_id=event.family_id,
        revision=event.revision,
        responsible=event.responsible,
        members=event.consented_members,
    )


def on_form_submitted(context: ServiceContext) -> Handler[FormSubmitted]:
    async def handle(session: AsyncSession, event: FormSubmitted, envelope: Envelope) -> None:
        """A registration form carrying a hold: confirmed if its owner submitted it in time.
        When it was submitted is the event's time, minted as the forms service stored it."""
        if event.hold_id is None:
            return  # a form that books nothing
        await holds.confirm_hold_from_form(
            session,
            context.settings,
            hold_id=event.hold_id,
            submitted_by=event.submitted_by,
            submitted_at=envelope.time,
            now=datetime.now(UTC),
        )

    return handle


def register_handlers(context: ServiceContext) -> None:
    context.subscribe(MeetingPointOpened, "meeting-points", on_meeting_point_opened)
    context.subscribe(MeetingPointChanged, "meeting-point-changes", on_meeting_point_changed)
    context.subscribe(FamilyChanged, "families", on_family_changed)
    context.subscribe(CaseTeamChanged, "case-teams", on_case_team_changed)
    context.subscribe(FormSubmitted, "form-holds", on_form_submitted(context))
