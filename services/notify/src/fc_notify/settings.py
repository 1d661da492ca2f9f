"""The notify service's settings, on top of the platform's (fc_shared.settings.Settings).

The SMTP server, the SMS gateway and the senders are notify's alone, so they are declared
here and read only from here; each is an `FC_<NAME>` environment variable like the
platform's settings.
"""

from __future__ import annotations

import re

from pydantic import SecretStr, field_validator

from fc_notify import DEFAULT_PORT
from fc_notify.domain.channels import DELIVERY_REPORTS_PATH
from fc_shared.settings import Settings

DEV_SMS_GATEWAY_PORT = 8090
# What a phone shows as the sender: up to 11 letters, digits and spaces (the GSM limit for an
# alphanumeric sender; longer ones are cut or refused by operators), or a phone number.
_SMS_SENDER = re.compile(r"[A-Za-z0-9 ]{1,11}|\+?[0-9]{3,15}")


class NotifySettings(Settings):
    """The platform's settings plus the e-mail and SMS senders'."""

    # Where e-mail goes out; the defaults are the development stack's SMTP sink
    # (`familjecentret up`), so a newcomer needs to set nothing.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    smtp_sender: str = "familjecentret@localhost"

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
