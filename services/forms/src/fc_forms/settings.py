"""The forms service's settings, on top of the platform's (fc_shared.settings.Settings).

Nothing of its own yet: every field is the platform's (FC_DATABASE_URL, FC_KAFKA_…, …).
A setting only forms reads (say, a limit on attachments) is declared here, as an
`FC_<NAME>` environment variable, never on the platform's class.
"""

from __future__ import annotations

from pydantic import Field

from fc_shared.settings import Settings


class FormsSettings(Settings):
    """The platform's settings plus what only the forms service reads (nothing yet)."""

    # Attachments: the largest file, and the most all of one submission's files may hold.
    attachment_max_bytes: int = 10 * 1024 * 1024
    attachment_max_submission_bytes: int = 25 * 1024 * 1024
    # The ClamAV daemon that scans every attachment before it is accepted (its TCP socket).
    # Empty: no scanner; uploads then wait unscanned ("pending") and are never served.
    clamd_host: str = ""
    clamd_port: int = 3310
    clamd_timeout_seconds: float = 30.0
    # How often pending uploads are offered to the scanner again (when there is one).
    attachment_rescan_seconds: float = 30.0
    # Retention (domain/retention.py): days per form type over the built-in defaults, as
    # JSON (`{"feedback": 90}`); how often the job looks, and how many it erases at a time.
    form_retention_days: dict[str, int] = Field(default_factory=dict)
    retention_sweep_seconds: float = 3600.0
    retention_batch_size: int = 100


def forms_settings(settings: Settings) -> FormsSettings:
    """The forms settings for the platform settings the app was started with; environment
    variables fill in what the platform's settings do not carry."""
    if isinstance(settings, FormsSettings):
        return settings
    return FormsSettings.model_validate(settings.model_dump())
