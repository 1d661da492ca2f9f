"""Booking rules, apart from any I/O."""

from __future__ import annotations

from datetime import datetime, timedelta

from fc_shared.problems import Problem

MAX_SLOT_LENGTH = timedelta(hours=12)


def check_slot(*, starts_at: datetime, ends_at: datetime, capacity: int, now: datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise Problem(422, "Time zone missing", "Give times with a UTC offset.")
    if ends_at <= starts_at:
        raise Problem(422, "End before start", "A slot must end after it starts.")
    if ends_at - starts_at > MAX_SLOT_LENGTH:
        raise Problem(422, "Slot too long", "A slot lasts at most twelve hours.")
    if starts_at <= now:
        raise Problem(422, "Slot in the past", "A slot must start in the future.")
    if capacity < 1:
        raise Problem(422, "Capacity too small", "A slot has room for at least one.")
