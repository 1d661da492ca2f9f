"""Events the booking service reacts to."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking import SERVICE, store
from fc_shared.consumer import subscribe
from fc_shared.events import MeetingPointOpened
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


def register_handlers(context: ServiceContext) -> None:
    subscribe(context.broker, context.settings, event=MeetingPointOpened,
              consumer=f"{SERVICE}.meeting-points", sessions=context.sessions,
              handle=on_meeting_point_opened)
