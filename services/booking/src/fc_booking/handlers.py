"""Events the booking service reacts to."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking import SERVICE, store
from fc_shared.consumer import subscribe
from fc_shared.events import MeetingPointChanged, MeetingPointOpened
from fc_shared.events.envelope import Envelope
from fc_shared.service import ServiceContext


async def on_meeting_point_opened(
    session: AsyncSession, event: MeetingPointOpened, _: Envelope
) -> None:
    """A physical meeting point gets a bookable room; a digital one a digital room."""
    await store.add_meeting_point_room(
        session,
        meeting_point_id=event.meeting_point_id,
        municipality_code=event.municipality_code,
        kind="digital_room" if event.digital else "room",
        audience_bands=list(event.audience_bands),
    )
    if event.coordinator is not None:
        await store.set_room_coordinator(session, meeting_point_id=event.meeting_point_id,
                                         coordinator=event.coordinator, replace=False)


async def on_meeting_point_changed(
    session: AsyncSession, event: MeetingPointChanged, _: Envelope
) -> None:
    """The room follows its meeting point's audience bands and responsible person."""
    await store.set_meeting_point_room_bands(
        session,
        meeting_point_id=event.meeting_point_id,
        municipality_code=event.municipality_code,
        kind="digital_room" if event.digital else "room",
        audience_bands=list(event.audience_bands),
    )
    if event.coordinator is not None:
        await store.set_room_coordinator(session, meeting_point_id=event.meeting_point_id,
                                         coordinator=event.coordinator, replace=True)


def register_handlers(context: ServiceContext) -> None:
    subscribe(context.broker, context.settings, event=MeetingPointOpened,
              consumer=f"{SERVICE}.meeting-points", sessions=context.sessions,
              handle=on_meeting_point_opened)
    subscribe(context.broker, context.settings, event=MeetingPointChanged,
              consumer=f"{SERVICE}.meeting-point-changes", sessions=context.sessions,
              handle=on_meeting_point_changed)
