"""The notify service's settings, on top of the platform's (fc_shared.settings.Settings).

Each is an `FC_<NAME>` environment variable like the platform's settings; the defaults are
the development stack's (`familjecentret up`), so a newcomer needs to set nothing.
"""

from __future__ import annotations

from fc_shared.settings import Settings


class NotifySettings(Settings):
    """The platform's settings plus notify's channels and scheduler."""

    # Where e-mail goes out: the development stack's SMTP sink by default.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    smtp_sender: str = "familjecentret@localhost"

    # Links in letters: the family centre's web address (a sensitive letter says only that
    # a message waits there) and booking's API, which serves each booking's .ics.
    notify_portal_url: str = "http://127.0.0.1:8004/v1/notifications"
    notify_booking_url: str = "http://127.0.0.1:8002"

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
    notify_reminder_lead_hours: dict[str, float] = {}
    # Let an admin set the scheduler's clock over HTTP (POST /v1/scheduler/runs): for tests
    # only, never in production.
    notify_test_clock: bool = False


def notify_settings(settings: Settings) -> NotifySettings:
    """The notify settings for the platform settings the app was started with; environment
    variables fill in what the platform's settings do not carry."""
    if isinstance(settings, NotifySettings):
        return settings
    return NotifySettings.model_validate(settings.model_dump())
