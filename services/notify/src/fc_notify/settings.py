"""The notify service's settings, on top of the platform's (fc_shared.settings.Settings).

The SMTP server and sender are notify's alone, so they are declared here and read only
from here; each is an `FC_<NAME>` environment variable like the platform's settings.
"""

from __future__ import annotations

from fc_shared.settings import Settings


class NotifySettings(Settings):
    """The platform's settings plus the e-mail sender's."""

    # Where e-mail goes out; the defaults are the development stack's SMTP sink
    # (`familjecentret up`), so a newcomer needs to set nothing.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    smtp_sender: str = "familjecentret@localhost"


def notify_settings(settings: Settings) -> NotifySettings:
    """The notify settings for the platform settings the app was started with; environment
    variables fill in what the platform's settings do not carry."""
    if isinstance(settings, NotifySettings):
        return settings
    return NotifySettings.model_validate(settings.model_dump())
