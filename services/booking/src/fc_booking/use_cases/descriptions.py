"""A booking's public description (what, where, with whom) as its events and its .ics carry
it, from the slot's resource: `domain.descriptions` says how."""

from __future__ import annotations

from dataclasses import asdict
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain import calendar
from fc_booking.domain.descriptions import Description, Offered, Place, describe
from fc_booking.settings import booking_settings
from fc_booking.store import resources as resource_store
from fc_shared.events import PublicPlace
from fc_shared.settings import Settings


async def described(session: AsyncSession, settings: Settings, offered: Offered) -> Description:
    resource = await resource_store.get_resource(session, offered.resource_id)
    organizer = booking_settings(settings).booking_organizer_name
    return describe(offered, resource, family_centre=organizer)


def public_place(place: Place | None) -> PublicPlace | None:
    """The place as the booking events carry it."""
    return PublicPlace(**asdict(place)) if place is not None else None


async def calendar_url(
    session: AsyncSession, settings: Settings, *, booking_id: UUID, resource_id: UUID
) -> str | None:
    """The signed link to the booking's .ics that its events carry for letters: no login
    needed, signed with the key of the calendar (resource) the booking is on."""
    resource = await resource_store.get_resource(session, resource_id)
    if resource is None:  # as `describe`, never fail an event over a missing resource
        return None
    base_url = booking_settings(settings).booking_public_url
    return calendar.booking_calendar_url(base_url, resource.feed_key, booking_id)
