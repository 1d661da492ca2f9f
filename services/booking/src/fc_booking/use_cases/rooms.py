"""Meeting points become bookable rooms: the network service's events say which, with what
audience bands, and who is responsible for them."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain.resources import FROM_NETWORK, Location, ResourceKind
from fc_booking.store import resources as store


async def room_follows(
    session: AsyncSession,
    *,
    meeting_point_id: UUID,
    municipality_code: str,
    digital: bool,
    audience_bands: list[str],
    name: str | None,
    location: Location,
    coordinator: UUID | None,
    is_change: bool,
) -> None:
    """A physical meeting point has a bookable room (a digital one a digital room) with its
    name, location and audience bands, managed by its responsible person.

    A change overwrites bands and says who is responsible now: a handover, or nobody (the
    coordinator removed), which takes the room from whoever network named before. An
    opening names its coordinator only when it created the room: a room that already exists
    means a change (newer word, perhaps "nobody") got there first, as it could when booking
    read the two events in separate consumer groups, or this opening is a redelivery."""
    created = await store.put_meeting_point_room(
        session,
        meeting_point_id=meeting_point_id,
        municipality_code=municipality_code,
        kind=ResourceKind.DIGITAL_ROOM if digital else ResourceKind.ROOM,
        audience_bands=audience_bands,
        name=name,
        location=location,
        overwrite_bands=is_change,
    )
    if is_change or (created and coordinator is not None):
        await set_room_coordinator(
            session, meeting_point_id=meeting_point_id, coordinator=coordinator
        )


async def set_room_coordinator(
    session: AsyncSession, *, meeting_point_id: UUID, coordinator: UUID | None
) -> None:
    """The meeting point's responsible person, as network last said, manages its room:
    the one named before stops (None: nobody from network does). Managers an admin named
    stay. When someone loses the room, its feed key is rotated too, so the private feed
    link they were given stops working with their access."""
    room_id = await store.lock_room_of(session, meeting_point_id)
    if room_id is None:
        return
    removed = await store.remove_network_managers(session, room_id)
    if coordinator is not None:
        await store.add_manager(
            session, resource_id=room_id, subject=coordinator, assigned_by=FROM_NETWORK
        )
    if removed - {coordinator}:
        await store.rotate_feed_key(session, room_id)
