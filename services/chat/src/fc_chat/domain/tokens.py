"""Capability tokens: how an anonymous visitor proves a chat is theirs, with no account.

The token is 32 random bytes that only the visitor's browser holds; chat keeps only its
SHA-256, so a copy of the database lets nobody act as a visitor, and nothing else about the
visitor (no IP address, no device fingerprint) is stored beside it. A token that does not
parse is "invalid"; one that parses but is unknown is treated the same, so guessing learns
nothing; a blocked one is "revoked".
"""

from __future__ import annotations

import hashlib
import re
import secrets

from fc_shared.refusals import Kind, Refused

PREFIX = "fcc_"
_SHAPE = re.compile(r"fcc_[A-Za-z0-9_-]{43}")
HEADER = "Chat-Token"


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode("ascii")).digest()


def well_formed(token: str) -> bool:
    return bool(_SHAPE.fullmatch(token))


def token_invalid() -> Refused:
    return Refused(
        Kind.UNAUTHORIZED,
        "token_invalid",
        "Unauthorized",
        "The chat token is not valid.",
    )


def token_revoked() -> Refused:
    return Refused(
        Kind.NOT_ALLOWED,
        "token_revoked",
        "Forbidden",
        "This chat token was blocked by the chat's staff.",
    )
