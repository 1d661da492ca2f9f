"""Reminders before bookings: when each falls due."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum


class ReminderStatus(StrEnum):
    SCHEDULED = "scheduled"
    SENT = "sent"
    CANCELLED = "cancelled"


def lead_for(activity: str | None, leads: Mapping[str, float], default_hours: float) -> timedelta:
    """The lead time for an activity kind (`FC_NOTIFY_REMINDER_LEAD_HOURS`, e.g.
    {"peer_group": 48}), else the default."""
    hours = leads.get(activity, default_hours) if activity else default_hours
    return timedelta(hours=hours)


def due_at(starts_at: datetime, lead: timedelta) -> datetime:
    return starts_at - lead


def worth_scheduling(due: datetime, starts_at: datetime, *, now: datetime) -> bool:
    """A booking made within the lead time gets no reminder: its confirmation is fresh.
    A time already begun gets none either."""
    return due > now and starts_at > now
