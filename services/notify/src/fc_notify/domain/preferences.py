"""Preferences: which outside channels a person wants for which kinds, in which language,
and their quiet hours, when no SMS should wake them.

Quiet hours are wall-clock times in Europe/Helsinki (the county's time, DST included) and
may wrap midnight (21:00–07:00). They hold back SMS only: an e-mail waits in the mailbox
without waking anyone. Critical kinds ignore both preferences and quiet hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from fc_notify.domain.deliveries import OUTSIDE_CHANNELS, Channel
from fc_notify.domain.notifications import (
    CRITICAL_KINDS,
    DEFAULT_LANGUAGE,
    SUPPORTED_LANGUAGES,
    NotificationKind,
)
from fc_shared.refusals import invalid

HELSINKI = ZoneInfo("Europe/Helsinki")
# Without a choice, every kind goes by e-mail and SMS where the person confirmed an address.
DEFAULT_CHANNELS = frozenset(OUTSIDE_CHANNELS)
SHORTEST_QUIET = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class QuietHours:
    start: time
    end: time

    def contains(self, moment: datetime) -> bool:
        local = moment.astimezone(HELSINKI).time().replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def end_after(self, moment: datetime) -> datetime:
        """The first moment after `moment` when quiet hours are over (wall clock, so a
        DST change keeps 07:00 at 07:00)."""
        local = moment.astimezone(HELSINKI)
        day = local.date()
        for offset in (0, 1):
            candidate = datetime.combine(day + timedelta(days=offset), self.end, HELSINKI)
            if candidate > local:
                return candidate
        raise AssertionError("unreachable: an end time within two days always exists")


@dataclass(frozen=True, slots=True)
class Preferences:
    subject: UUID
    language: str = DEFAULT_LANGUAGE
    quiet_hours: QuietHours | None = None
    channels: Mapping[NotificationKind, frozenset[Channel]] = field(default_factory=dict)


def defaults(subject: UUID) -> Preferences:
    return Preferences(subject=subject)


def checked(
    subject: UUID,
    *,
    language: str,
    quiet_start: time | None,
    quiet_end: time | None,
    channels: Mapping[NotificationKind, frozenset[Channel]],
) -> Preferences:
    """Preferences as asked, or a refusal naming what makes no sense."""
    if language not in SUPPORTED_LANGUAGES:
        raise invalid(
            "unsupported_language",
            "Unsupported language",
            f"Letters are written in {', '.join(SUPPORTED_LANGUAGES)}; not {language[:10]!r}.",
        )
    quiet = _quiet_hours(quiet_start, quiet_end)
    if any(Channel.INBOX in wanted for wanted in channels.values()):
        raise invalid(
            "inbox_always_on",
            "The inbox cannot be chosen",
            "Every letter reaches the in-app inbox; choose among email and sms only.",
        )
    return Preferences(subject, language, quiet, dict(channels))


def _quiet_hours(start: time | None, end: time | None) -> QuietHours | None:
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise invalid(
            "quiet_hours_incomplete",
            "Quiet hours need a start and an end",
            "Give both quiet_start and quiet_end (e.g. 21:00 and 07:00), or neither.",
        )
    if start.tzinfo is not None or end.tzinfo is not None:
        raise invalid(
            "quiet_hours_with_offset",
            "Quiet hours are local times",
            "Give quiet hours as Finnish wall-clock times (e.g. 21:00), without an offset.",
        )
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    length = timedelta(minutes=minutes % (24 * 60))
    if length < SHORTEST_QUIET or length > timedelta(days=1) - SHORTEST_QUIET:
        raise invalid(
            "quiet_hours_senseless",
            "Quiet hours make no sense",
            "Quiet hours must last between 30 minutes and 23.5 hours; "
            f"{start:%H:%M}–{end:%H:%M} does not.",
        )
    return QuietHours(start, end)


def channels_for(preferences: Preferences, kind: NotificationKind) -> frozenset[Channel]:
    """The outside channels this kind goes to (each only if its address is confirmed)."""
    if kind in CRITICAL_KINDS:
        return DEFAULT_CHANNELS
    return preferences.channels.get(kind, DEFAULT_CHANNELS)


def held_until(
    preferences: Preferences | None, channel: Channel, *, critical: bool, now: datetime
) -> datetime | None:
    """When a letter due now must wait for the end of quiet hours: an SMS in quiet hours,
    unless critical. None: it may go now."""
    if critical or channel is not Channel.SMS or preferences is None:
        return None
    quiet = preferences.quiet_hours
    if quiet is None or not quiet.contains(now):
        return None
    return quiet.end_after(now)
