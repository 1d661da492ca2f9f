"""Events the notify service produces: what became of each delivery of a notification.

Ids, the kind, the channel and the status only: never the address, the number or the
text, which stay in notify's database.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import Field

from fc_shared.events.base import DomainEvent

ChannelName = Literal["inbox", "email", "sms"]
DeliveryStatusName = Literal[
    "queued", "sending", "delivered", "failed_permanently", "failed_temporarily"
]


class NotificationSent(DomainEvent):
    """A notification reached a channel: in the inbox, accepted by the mail server, or
    reported delivered by the SMS gateway."""

    TYPE = "fi.familjecentret.notify.NotificationSent.v1"
    TOPIC = "notify.notifications.v1"
    SOURCE = "/notify"

    notification_id: UUID
    delivery_id: UUID | None = Field(default=None, description="None for the in-app inbox.")
    kind: str = Field(examples=["booking_confirmed", "booking_reminder"])
    channel: ChannelName
    status: DeliveryStatusName = "delivered"
    attempts: int = Field(default=1, ge=0)

    def key(self) -> str:
        return str(self.notification_id)


class NotificationFailed(DomainEvent):
    """A delivery was given up: the address or number was refused, or every attempt failed."""

    TYPE = "fi.familjecentret.notify.NotificationFailed.v1"
    TOPIC = "notify.notifications.v1"
    SOURCE = "/notify"

    notification_id: UUID
    delivery_id: UUID
    kind: str
    channel: ChannelName
    status: DeliveryStatusName = "failed_permanently"
    attempts: int = Field(ge=0)

    def key(self) -> str:
        return str(self.notification_id)
