"""Helsinki wall-clock time and Finnish public holidays: what every calendar rule reads."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

HELSINKI = ZoneInfo("Europe/Helsinki")


def is_public_holiday(day: date) -> bool:
    """Whether `day` is a Finnish public holiday, as the `holidays` package lists them."""
    return day in _finnish_holidays(day.year)


def local_time(moment: datetime) -> time:
    """The wall-clock time in Helsinki of an aware moment."""
    if moment.utcoffset() is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(HELSINKI).time()


@lru_cache(maxsize=64)
def _finnish_holidays(year: int) -> frozenset[date]:
    # One immutable set per year: the package's own object fills itself in lazily on lookup.
    return frozenset(holidays.country_holidays("FI", years=year).keys())
