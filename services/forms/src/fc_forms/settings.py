"""The forms service's settings, on top of the platform's (fc_shared.settings.Settings).

Nothing of its own yet: every field is the platform's (FC_DATABASE_URL, FC_KAFKA_…, …).
A setting only forms reads (say, a limit on attachments) is declared here, as an
`FC_<NAME>` environment variable, never on the platform's class.
"""

from __future__ import annotations

from fc_shared.settings import Settings


class FormsSettings(Settings):
    """The platform's settings plus what only the forms service reads (nothing yet)."""


def forms_settings(settings: Settings) -> FormsSettings:
    """The forms settings for the platform settings the app was started with; environment
    variables fill in what the platform's settings do not carry."""
    if isinstance(settings, FormsSettings):
        return settings
    return FormsSettings.model_validate(settings.model_dump())
