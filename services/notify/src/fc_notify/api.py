"""The notify service's HTTP routes."""

from __future__ import annotations

from fastapi import APIRouter, Response

from fc_notify import store
from fc_notify.schemas import ContactPointIn, Notification
from fc_shared.auth import CurrentPrincipal
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["notify"])


@router.put("/contact-points/me", status_code=204)
async def set_my_contact_point(
    body: ContactPointIn, principal: CurrentPrincipal, context: Context
) -> Response:
    async with context.transaction() as session:
        await store.upsert_contact_point(
            session, subject=principal.subject, email=body.email, language=body.language
        )
    return Response(status_code=204)


@router.get("/notifications")
async def my_notifications(principal: CurrentPrincipal, context: Context) -> list[Notification]:
    async with context.sessions() as session:
        rows = await store.list_notifications(session, principal.subject)
    return [Notification(**row) for row in rows]
