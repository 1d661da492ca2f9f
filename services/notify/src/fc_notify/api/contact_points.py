"""Routes for contact points: an address is used only once its owner confirms it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from fc_notify.api.schemas import (
    AddressIn,
    CodeIn,
    ContactPointOut,
    OutsideChannel,
    PendingOut,
)
from fc_notify.domain.contact_points import CODE_LIFETIME, normalised_address
from fc_notify.domain.deliveries import Channel
from fc_notify.settings import notify_settings
from fc_notify.use_cases import contact_points
from fc_shared.auth import CurrentPrincipal
from fc_shared.refusals import Refused
from fc_shared.service import Context

router = APIRouter(prefix="/v1/contact-points/me", tags=["contact points"])
ChannelPath = Annotated[OutsideChannel, Path(description="email or sms")]


@router.get("", response_model=list[ContactPointOut])
async def my_contact_points(principal: CurrentPrincipal, context: Context) -> list[ContactPointOut]:
    """The caller's e-mail address and phone number, confirmed or waiting for their code."""
    async with context.sessions() as session:
        points = await contact_points.mine(session, subject=principal.subject)
    return [ContactPointOut.of(point) for point in points]


@router.put("/{channel}", status_code=202, response_model=PendingOut)
async def set_my_address(
    channel: ChannelPath, body: AddressIn, principal: CurrentPrincipal, context: Context
) -> PendingOut:
    """Set the caller's e-mail address or phone number. A code goes to it; letters go there
    only after `POST …/{channel}/confirmation` with that code (the confirmed address, if
    any, stays in use until then). 422 for an address that is not one."""
    address = normalised_address(Channel(channel), body.address)
    async with context.transaction() as session:
        await contact_points.ask_to_confirm(
            session,
            notify_settings(context.settings),
            subject=principal.subject,
            channel=Channel(channel),
            address=address,
        )
    return PendingOut(
        channel=channel,
        waiting_for_confirmation=address,
        code_valid_minutes=int(CODE_LIFETIME.total_seconds() // 60),
    )


@router.post("/{channel}/confirmation", response_model=ContactPointOut)
async def confirm_my_address(
    channel: ChannelPath, body: CodeIn, principal: CurrentPrincipal, context: Context
) -> ContactPointOut:
    """Confirm the waiting address with the code sent to it. Five wrong codes use up the
    code; a code lasts 15 minutes."""
    async with context.transaction() as session:
        result = await contact_points.confirm(
            session,
            notify_settings(context.settings),
            subject=principal.subject,
            channel=Channel(channel),
            code=body.code,
        )
    if isinstance(result, Refused):
        raise result  # after the commit, so a wrong code stays counted
    return ContactPointOut.of(result)


@router.delete("/{channel}", status_code=204, response_class=Response)
async def remove_my_address(
    channel: ChannelPath, principal: CurrentPrincipal, context: Context
) -> Response:
    """Stop letters to this channel: the address is forgotten."""
    async with context.transaction() as session:
        await contact_points.remove(session, subject=principal.subject, channel=Channel(channel))
    return Response(status_code=204)
