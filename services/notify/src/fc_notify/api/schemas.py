"""The notify API's request and response bodies."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

from pydantic import Field

from fc_notify.domain.contact_points import ContactPoint
from fc_notify.domain.deliveries import Channel, DeliveryRecord, DeliveryStatus
from fc_notify.domain.notifications import Notification, NotificationKind
from fc_notify.domain.preferences import Preferences
from fc_shared.models import RequestModel, ResponseModel

OutsideChannel = Literal["email", "sms"]


class NotificationOut(ResponseModel):
    id: UUID
    kind: NotificationKind
    subject_line: str
    body: str
    created_at: dt.datetime
    read_at: dt.datetime | None

    @classmethod
    def of(cls, notification: Notification) -> NotificationOut:
        return cls(
            id=notification.id,
            kind=notification.kind,
            subject_line=notification.subject_line,
            body=notification.body,
            created_at=notification.created_at,
            read_at=notification.read_at,
        )


class UnreadOut(ResponseModel):
    unread: int


class ReadOut(ResponseModel):
    id: UUID
    read_at: dt.datetime


class MarkedOut(ResponseModel):
    marked: int


class DeliveryOut(ResponseModel):
    """One channel's delivery of a letter: never the address it went to."""

    id: UUID
    channel: Channel
    status: DeliveryStatus
    attempts: int
    due_at: dt.datetime
    sent_at: dt.datetime | None
    delivered_at: dt.datetime | None

    @classmethod
    def of(cls, record: DeliveryRecord) -> DeliveryOut:
        return cls(
            id=record.id,
            channel=record.channel,
            status=record.status,
            attempts=record.attempts,
            due_at=record.due_at,
            sent_at=record.sent_at,
            delivered_at=record.delivered_at,
        )


class AddressIn(RequestModel):
    address: str = Field(
        min_length=3,
        max_length=320,
        description="An e-mail address, or a phone number (Finnish or international).",
        examples=["anna@example.fi", "040 123 4567"],
    )


class CodeIn(RequestModel):
    code: str = Field(min_length=4, max_length=12, examples=["123456"])


class ContactPointOut(ResponseModel):
    channel: OutsideChannel
    address: str | None = Field(description="The confirmed address letters go to.")
    confirmed: bool
    waiting_for_confirmation: str | None = Field(
        description="An address set but not yet confirmed with its code."
    )

    @classmethod
    def of(cls, point: ContactPoint) -> ContactPointOut:
        return cls(
            channel=point.channel.value,
            address=point.address,
            confirmed=point.confirmed_at is not None,
            waiting_for_confirmation=point.pending_address,
        )


class PendingOut(ResponseModel):
    channel: OutsideChannel
    waiting_for_confirmation: str
    code_valid_minutes: int


class PreferencesIn(RequestModel):
    language: str = Field(default="sv", examples=["sv", "fi", "en"])
    quiet_start: dt.time | None = Field(
        default=None, description="Finnish wall-clock time, e.g. 21:00", examples=["21:00"]
    )
    quiet_end: dt.time | None = Field(default=None, examples=["07:00"])
    channels: dict[NotificationKind, list[OutsideChannel]] = Field(
        default_factory=dict,
        description="Per kind, the outside channels wanted (the inbox always has every "
        "letter); a kind not named goes by e-mail and SMS where confirmed. Critical kinds "
        "(a confirmation code, a cancellation by staff) go everywhere regardless.",
        examples=[{"booking_reminder": ["sms"], "form_receipt": []}],
    )


class PreferencesOut(ResponseModel):
    language: str
    quiet_start: dt.time | None
    quiet_end: dt.time | None
    channels: dict[NotificationKind, list[OutsideChannel]]

    @classmethod
    def of(cls, chosen: Preferences) -> PreferencesOut:
        quiet = chosen.quiet_hours
        return cls(
            language=chosen.language,
            quiet_start=quiet.start if quiet else None,
            quiet_end=quiet.end if quiet else None,
            channels={
                kind: sorted(channel.value for channel in wanted)
                for kind, wanted in chosen.channels.items()
            },
        )


class SchedulerRunIn(RequestModel):
    now: dt.datetime = Field(description="The time the scheduler runs at (aware).")


class SchedulerRunOut(ResponseModel):
    now: dt.datetime
    reminders: int
    claimed: int
    sent: int
    failed: int
    held: int
    released: int
    purged: int
