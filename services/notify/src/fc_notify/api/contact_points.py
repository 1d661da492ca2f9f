"""Routes for contact points: how a person wants to be reached."""

from __future__ import annotations

from fastapi import APIRouter, Response

from fc_notify.api.schemas import ContactPointIn
from fc_notify.use_cases import contact_points
from fc_shared.auth import CurrentPrincipal
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["notify"])


@router.put("/contact-points/me", status_code=204, response_class=Response)
async def set_my_contact_point(
    body: ContactPointIn, principal: CurrentPrincipal, context: Context
) -> Response:
    """Set the caller's e-mail address (or none: in-app notifications only) and the language
    notifications are written in. Anyone signed in may; it replaces what was set before."""
    async with context.transaction() as session:
        await contact_points.set_contact_point(
            session, subject=principal.subject, email=body.email, language=body.language
        )
    return Response(status_code=204)
