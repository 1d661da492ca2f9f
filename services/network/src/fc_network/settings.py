"""Network's settings, on top of the platform's (fc_shared.settings.Settings).

Network needs nothing beyond the platform's settings yet; a setting only network reads
(e.g. a population-register source for guardianship) is declared here, as an `FC_<NAME>`
environment variable like the rest, never on the platform's class.
"""

from __future__ import annotations

from fc_shared.settings import Settings


class NetworkSettings(Settings):
    """The network service's settings: today exactly the platform's."""

    @classmethod
    def of(cls, settings: Settings) -> NetworkSettings:
        """These settings from the platform's (as the command line and the tests build
        them), keeping every value."""
        if isinstance(settings, cls):
            return settings
        return cls.model_validate(settings.model_dump())
