"""An RRULE's day filters, worked out day by day as dateutil applies them: how the bound
check counts a rule's sessions without expanding it (see `recurrence.check_bounds`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _numbers(parts: Mapping[str, str], name: str) -> set[int]:
    return {int(number) for number in parts[name].split(",")} if name in parts else set()


class RuleDays:
    """An RRULE's day filters, as dateutil applies them (plain and ordinal weekdays must
    both hold when both are given, ordinals count within the month for MONTHLY and for
    YEARLY with BYMONTH, and a rule without BY* days repeats the first start's day)."""

    def __init__(self, parts: Mapping[str, str], first_start: datetime) -> None:
        self.frequency = parts["FREQ"]
        self.interval = int(parts.get("INTERVAL", "1"))
        self.week_start = _WEEKDAYS.index(parts.get("WKST", "MO"))
        self.months = _numbers(parts, "BYMONTH")
        self.month_days = _numbers(parts, "BYMONTHDAY")
        self.year_days = _numbers(parts, "BYYEARDAY")
        self.week_numbers = _numbers(parts, "BYWEEKNO")
        self.positions = _numbers(parts, "BYSETPOS")
        self.weekdays: set[int] = set()
        self.nth_weekdays: set[tuple[int, int]] = set()
        for item in parts["BYDAY"].split(",") if "BYDAY" in parts else []:
            weekday, ordinal = _WEEKDAYS.index(item[-2:]), item[:-2]
            if ordinal and self.frequency in ("MONTHLY", "YEARLY"):
                self.nth_weekdays.add((int(ordinal), weekday))
            else:  # dateutil ignores an ordinal in a weekly or daily rule
                self.weekdays.add(weekday)
        start = first_start.date()
        if not (
            self.week_numbers
            or self.year_days
            or self.month_days
            or self.weekdays
            or self.nth_weekdays
        ):
            if self.frequency == "YEARLY":
                self.months = self.months or {start.month}
                self.month_days = {start.day}
            elif self.frequency == "MONTHLY":
                self.month_days = {start.day}
            elif self.frequency == "WEEKLY":
                self.weekdays = {start.weekday()}
        self.start = start
        self.first_week = start - timedelta(days=(start.weekday() - self.week_start) % 7)

    def period(self, day: date) -> int:
        """The period's index counted from the first start's (INTERVAL picks every n-th)."""
        if self.frequency == "YEARLY":
            return day.year - self.start.year
        if self.frequency == "MONTHLY":
            return (day.year - self.start.year) * 12 + day.month - self.start.month
        if self.frequency == "WEEKLY":
            return (day - self.first_week).days // 7
        return (day - self.start).days

    def matches(self, day: date) -> bool:
        month_length = _month_end(day).day
        year_length = 366 if _is_leap(day.year) else 365
        year_day = day.timetuple().tm_yday
        return not (
            (self.months and day.month not in self.months)
            or (self.week_numbers and not self._in_week(day))
            or (self.weekdays and day.weekday() not in self.weekdays)
            or (self.nth_weekdays and not self._nth_weekday(day))
            or (
                self.month_days
                and day.day not in self.month_days
                and day.day - month_length - 1 not in self.month_days
            )
            or (
                self.year_days
                and year_day not in self.year_days
                and year_day - year_length - 1 not in self.year_days
            )
        )

    def by_position(self, days: list[date]) -> list[date]:
        if not self.positions:
            return days
        return sorted(
            {days[p - 1 if p > 0 else p] for p in self.positions if -len(days) <= p <= len(days)}
        )

    def _nth_weekday(self, day: date) -> bool:
        if self.frequency == "MONTHLY" or self.months:
            first, last = day.replace(day=1), _month_end(day)
        else:
            first, last = date(day.year, 1, 1), date(day.year, 12, 31)
        from_start = (day - first).days // 7 + 1
        from_end = -((last - day).days // 7 + 1)
        return any(
            weekday == day.weekday() and ordinal in (from_start, from_end)
            for ordinal, weekday in self.nth_weekdays
        )

    def _in_week(self, day: date) -> bool:
        # RFC 5545: week 1 is the first week (starting on WKST) with four days of the year.
        year = day.year
        if day < self._week_one(year):
            year -= 1
        elif day >= self._week_one(year + 1):
            year += 1
        week = (day - self._week_one(year)).days // 7 + 1
        weeks = (self._week_one(year + 1) - self._week_one(year)).days // 7
        return week in self.week_numbers or week - weeks - 1 in self.week_numbers

    def _week_one(self, year: int) -> date:
        january = date(year, 1, 1)
        offset = (january.weekday() - self.week_start) % 7
        week = january - timedelta(days=offset)
        return week if 7 - offset >= 4 else week + timedelta(days=7)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)
