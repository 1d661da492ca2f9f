"""What an outside channel's adapter may answer besides success, so the dispatcher can act
on it without knowing SMTP or the SMS gateway's protocol."""

from __future__ import annotations


class ChannelUnavailable(Exception):
    """The whole channel is away (server unreachable, overloaded, timing out): pause the
    channel and try again later, spending no attempt of any letter."""


class RecipientRefused(Exception):
    """This address or number will never take this letter: give up on it."""


class TemporaryRefusal(Exception):
    """This letter was refused for now (a full mailbox, a 4xx): try again later, counting
    the attempt."""
