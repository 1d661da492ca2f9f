"""The chat service's settings, on top of the platform's (fc_shared.settings.Settings).

Each is an `FC_<NAME>` environment variable; the defaults are the development stack's.
"""

from __future__ import annotations

from pydantic import Field

from fc_shared.settings import Settings

# The sign-in levels that count as strong electronic identification (Finnish law: eIDAS
# "substantial" or "high"): Suomi.fi's loa2/loa3 and the eIDAS names. Only a sign-in at one
# of these may turn an anonymous chat into an identified one.
STRONG_ACR = (
    "http://ftn.ficora.fi/2017/loa2",
    "http://ftn.ficora.fi/2017/loa3",
    "http://eidas.europa.eu/LoA/substantial",
    "http://eidas.europa.eu/LoA/high",
)


class ChatSettings(Settings):
    """The platform's settings plus chat's limits and live delivery."""

    chat_message_max_chars: int = 2000
    # An open stream sends a comment this often (keeps proxies from closing it) and renews
    # the visitor's presence, which lasts `chat_presence_seconds` after the last renewal.
    chat_heartbeat_seconds: float = 15.0
    # How long the LISTEN connection waits before reconnecting after it was lost.
    chat_listen_retry_seconds: float = 0.5
    chat_presence_seconds: float = 45.0
    # How often the sweeper closes over-long waits and gone visitors, and purges old chats.
    chat_sweep_seconds: float = 5.0
    chat_purge_every_seconds: float = 3600.0
    # Messages one author may post in one chat per minute; chats one caller may start per hour.
    chat_post_limit_per_minute: int = 30
    chat_start_limit_per_hour: int = 5
    # Behind an ingress the caller's address is the last of X-Forwarded-For (the hop the
    # ingress added; earlier ones are the client's to write); otherwise the connection's own.
    chat_trust_forwarded_for: bool = False
    chat_strong_acr: list[str] = Field(default_factory=lambda: list(STRONG_ACR))


def chat_settings(settings: Settings) -> ChatSettings:
    """The chat settings for the platform settings the app was started with."""
    if isinstance(settings, ChatSettings):
        return settings
    return ChatSettings.model_validate(settings.model_dump())
