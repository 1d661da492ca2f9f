"""Routes for the in-app inbox."""

from __future__ import annotations

from fastapi import APIRouter

from fc_notify.api.schemas import NotificationOut
from fc_notify.use_cases import notifications
from fc_shared.auth import CurrentPrincipal
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["notify"])


@router.get("/notifications", response_model=list[NotificationOut])
async def my_notifications(principal: CurrentPrincipal, context: Context) -> list[NotificationOut]:
    """The caller's own notifications, newest first."""
    async with context.sessions() as session:
        inbox = await notifications.inbox(session, recipient=principal.subject)
    return [NotificationOut.of(notification) for notification in inbox]
