"""Meeting points: opened by a coordinator, edited by their one responsible person (or an
admin), appointed a responsible person by an admin. Booking hears of every bookable fact
(MeetingPointOpened, MeetingPointChanged), where the meeting point is among them, and keeps a
room for each."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain import access, meeting_points
from fc_network.domain.meeting_points import MeetingPoint, MeetingPointChange, NewMeetingPoint
from fc_network.domain.municipalities import Municipality, unknown_municipality
from fc_network.store import meeting_points as store
from fc_shared.etags import check_if_match, require_if_match
from fc_shared.events import MeetingPointChanged, MeetingPointOpened
from fc_shared.outbox import add_event
from fc_shared.principals import Principal
from fc_shared.settings import Settings


@dataclass(frozen=True, slots=True, kw_only=True)
class Versioned:
    """A meeting point and its row version, for ETag and If-Match."""

    point: MeetingPoint
    version: str


async def municipalities(session: AsyncSession) -> list[Municipality]:
    return await store.list_municipalities(session)


async def list_meeting_points(
    session: AsyncSession, *, municipality: str | None
) -> list[MeetingPoint]:
    return await store.list_meeting_points(session, municipality)


async def open_meeting_point(
    session: AsyncSession,
    settings: Settings,
    *,
    principal: Principal,
    described: NewMeetingPoint,
    now: datetime,
) -> MeetingPoint:
    """A coordinator opens a meeting point; they are responsible for it until someone is
    named."""
    meeting_points.check_meeting_point(
        digital=described.digital, address=described.address, link=described.link
    )
    meeting_points.check_agreement(described.agreement, now.date())
    if not await store.municipality_exists(session, described.municipality_code):
        raise unknown_municipality(described.municipality_code)
    point = meeting_points.opened(described, point_id=uuid4(), by=principal.subject, at=now)
    await store.insert_meeting_point(session, point)
    await add_event(
        session,
        settings,
        MeetingPointOpened(
            meeting_point_id=point.id,
            municipality_code=point.municipality_code,
            digital=point.digital,
            audience_bands=point.audience_bands,
            coordinator=point.coordinator,
            title=point.name,
            **asdict(meeting_points.public_place(point)),
        ),
    )
    return point


async def read_meeting_point(session: AsyncSession, *, point_id: UUID) -> Versioned:
    point = await store.get_meeting_point(session, point_id)
    if point is None:
        raise meeting_points.no_such_meeting_point()
    return Versioned(point=point, version=await store.meeting_point_version(session, point_id))


async def edit_meeting_point(
    session: AsyncSession,
    settings: Settings,
    *,
    principal: Principal,
    point_id: UUID,
    change: MeetingPointChange,
    if_match: str | None,
    now: datetime,
) -> Versioned:
    """The meeting point's responsible person (or, with none named, whoever opened it) or an
    admin edits it, with the ETag of their read in If-Match; one without a responsible
    person only an admin. A change of responsible person hands its booking room over."""
    meeting_points.check_agreement(change.agreement, now.date())
    point = await store.get_meeting_point(session, point_id, lock=True)
    if point is None:
        raise meeting_points.no_such_meeting_point()
    access.check_may_edit_meeting_point(
        principal, responsible=point.responsible_person, opened_by=point.opened_by
    )
    meeting_points.check_change(point, change)
    require_if_match(if_match, await store.meeting_point_version(session, point_id))
    return await _apply(session, settings, point, change)


async def appoint_coordinator(
    session: AsyncSession,
    settings: Settings,
    *,
    point_id: UUID,
    coordinator: UUID,
    if_match: str | None,
) -> Versioned:
    """An admin appoints a meeting point's responsible person (the seeded ones have none).
    The appointment replaces whoever was responsible, whatever they did meanwhile, so
    If-Match is optional here; sent, it is checked."""
    point = await store.get_meeting_point(session, point_id, lock=True)
    if point is None:
        raise meeting_points.no_such_meeting_point()
    check_if_match(if_match, await store.meeting_point_version(session, point_id))
    change = MeetingPointChange(
        responsible_person=coordinator, given=frozenset({"responsible_person"})
    )
    return await _apply(session, settings, point, change)


async def _apply(
    session: AsyncSession, settings: Settings, point: MeetingPoint, change: MeetingPointChange
) -> Versioned:
    """Store the change; MeetingPointChanged when a bookable fact changed."""
    updated = await store.update_meeting_point(session, point.id, change) or point
    if meeting_points.bookable_change(point, updated):
        await add_event(
            session,
            settings,
            MeetingPointChanged(
                meeting_point_id=updated.id,
                municipality_code=updated.municipality_code,
                digital=updated.digital,
                audience_bands=updated.audience_bands,
                coordinator=updated.coordinator,
                title=updated.name,
                **asdict(meeting_points.public_place(updated)),
            ),
        )
    return Versioned(point=updated, version=await store.meeting_point_version(session, point.id))
