"""Rate limits, and how an anonymous visitor is counted without being stored.

Starting chats is limited per caller and hour. For an anonymous visitor the caller is their
network address, which chat must never store: it is counted as an HMAC of the address under
a salt drawn at random for each Helsinki day and kept only in chat's database, shared by every
replica (the counts sit beside it, in one row per key and hour). When the day's salt is
deleted the next day, nothing left can be tied back to an address, not even by us.
Posting is limited per chat and author, counted from the chat's own entries.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime, timedelta

from fc_chat.domain.queues import HELSINKI
from fc_shared.refusals import Kind, Refused


def salt_day(at: datetime) -> date:
    return at.astimezone(HELSINKI).date()


def hour_window(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)


def caller_key(salt: bytes, caller: str) -> bytes:
    """The counted key of a caller (an address, or an identified subject's id)."""
    return hmac.new(salt, caller.encode(), hashlib.sha256).digest()


def too_many(what: str, limit: int, per: timedelta) -> Refused:
    minutes = int(per.total_seconds() // 60)
    return Refused(
        Kind.TOO_MANY,
        "rate_limited",
        "Too many requests",
        f"At most {limit} {what} per {minutes} minutes; please wait a moment.",
        limit=limit,
    )
