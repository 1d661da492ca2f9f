"""The notify service's settings, on top of the platform's (fc_shared.settings.Settings).

Each is an `FC_<NAME>` environment variable like the platform's settings; the defaults are
the development stack's (`familjecentret up`), so a newcomer needs to set nothing.
"""

from __future__ import annotations

import re

from pydantic import Field, SecretStr, field_validator

from fc_notify import DEFAULT_PORT
from fc_notify.domain.channels import DELIVERY_REPORTS_PATH
from fc_shared.settings import Settings

DEV_SMS_GATEWAY_PORT = 8090
# What a phone shows as the sender: up to 11 letters, digits and spaces (the GSM limit for an
# alphanumeric sender; longer ones are cut or refused by operators), or a phone number.
_SMS_SENDER = re.compile(r"[A-Za-z0-9 ]{1,11}|\+?[0-9]{3,15}")


class NotifySettings(Settings):
    """The platform's settings plus notify's channels and scheduler."""

    # Where e-mail goes out: the development stack's SMTP sink by default.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    smtp_sender: str = "familjecentret@localhost"

    # The family centre's web address in letters: a sensitive letter says only that a message
    # waits there. (A booking's .ics link comes signed in booking's events.)
    notify_portal_url: str = "http://127.0.0.1:8004/v1/notifications"

    # The dispatcher: how many deliveries one claim takes, how long a claim is the
    # claimer's (a sender that dies leaves it to others when the lease ends), and how long
    # a channel whose server is away rests before the next try (no attempts are spent).
    notify_batch_size: int = 20
    notify_lease_seconds: float = 60.0
    notify_outage_pause_seconds: float = 5.0
    # At most this many letters per person and channel per hour; more wait (critical
    # kinds excepted).
    notify_rate_limit_per_hour: int = 20
    # Reminders: hours before a booking, per activity kind (JSON, e.g. {"peer_group": 48}).
    notify_reminder_default_hours: float = 24.0
    notify_reminder_lead_hours: dict[str, float] = Field(default_factory=dict)
    # Let an admin set the scheduler's clock over HTTP (POST /v1/scheduler/runs): for tests
    # only, never in production.
    notify_test_clock: bool = False

    # The HTTP SMS gateway (protocol: fc_notify.domain.channels); the default is the
    # development stack's SMS sink, which `familjecentret up` starts when this is local.
    sms_gateway_url: str = f"http://127.0.0.1:{DEV_SMS_GATEWAY_PORT}"
    sms_gateway_token: SecretStr = SecretStr("")
    sms_sender: str = "Familjecntr"
    # The gateway signs its delivery reports with this; empty refuses every report, so a
    # deployment that forgets it cannot be sent forged ones.
    sms_report_secret: SecretStr = SecretStr("")
    # Where the gateway reaches notify for delivery reports (the public side of its ingress).
    notify_public_url: str = f"http://127.0.0.1:{DEFAULT_PORT}"

    @field_validator("sms_sender")
    @classmethod
    def _sender_a_phone_shows(cls, value: str) -> str:
        if not _SMS_SENDER.fullmatch(value):
            raise ValueError(
                "an SMS sender is up to 11 letters, digits and spaces, or a phone number"
            )
        return value

    @property
    def sms_report_url(self) -> str:
        """The status callback the gateway is given with each message."""
        return f"{self.notify_public_url.rstrip('/')}{DELIVERY_REPORTS_PATH}"


def notify_settings(settings: Settings) -> NotifySettings:
    """The notify settings for the platform settings the app was started with; environment
    variables fill in what the platform's settings do not carry."""
    if isinstance(settings, NotifySettings):
        return settings
    return NotifySettings.model_validate(settings.model_dump())
