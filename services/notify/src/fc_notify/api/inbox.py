"""Routes for the in-app inbox: a person's own letters only."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from fc_notify.api.schemas import DeliveryOut, MarkedOut, NotificationOut, ReadOut, UnreadOut
from fc_notify.settings import notify_settings
from fc_notify.use_cases import inbox
from fc_shared.auth import CurrentPrincipal
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["inbox"])


@router.get("/notifications", response_model=list[NotificationOut])
async def my_notifications(
    principal: CurrentPrincipal, context: Context, unread: bool = False
) -> list[NotificationOut]:
    """The caller's own notifications, newest first (`unread=true`: only those not read)."""
    async with context.sessions() as session:
        letters = await inbox.letters(session, recipient=principal.subject, unread_only=unread)
    return [NotificationOut.of(letter) for letter in letters]


@router.get("/notifications/unread-count", response_model=UnreadOut)
async def my_unread_count(principal: CurrentPrincipal, context: Context) -> UnreadOut:
    """How many of the caller's notifications are unread: the badge on the inbox."""
    async with context.sessions() as session:
        return UnreadOut(unread=await inbox.unread_count(session, recipient=principal.subject))


@router.post("/notifications/{notification_id}/read", response_model=ReadOut)
async def mark_read(
    notification_id: UUID, principal: CurrentPrincipal, context: Context
) -> ReadOut:
    """Mark one of the caller's notifications read; marking it again keeps the first time.
    404 for an id that is not the caller's, whether or not it exists."""
    async with context.transaction() as session:
        read_at = await inbox.mark_read(
            session,
            notify_settings(context.settings),
            recipient=principal.subject,
            notification_id=notification_id,
        )
    return ReadOut(id=notification_id, read_at=read_at)


@router.post("/notifications/read", response_model=MarkedOut)
async def mark_all_read(principal: CurrentPrincipal, context: Context) -> MarkedOut:
    """Mark every unread notification of the caller's read; how many were."""
    async with context.transaction() as session:
        marked = await inbox.mark_all_read(
            session, notify_settings(context.settings), recipient=principal.subject
        )
    return MarkedOut(marked=marked)


@router.get("/notifications/{notification_id}/deliveries", response_model=list[DeliveryOut])
async def my_deliveries(
    notification_id: UUID, principal: CurrentPrincipal, context: Context
) -> list[DeliveryOut]:
    """What became of one of the caller's letters on each outside channel: status and
    attempts (queued, sending, delivered, failed_temporarily, failed_permanently)."""
    async with context.sessions() as session:
        rows = await inbox.delivery_statuses(
            session, recipient=principal.subject, notification_id=notification_id
        )
    return [DeliveryOut.of(row) for row in rows]
