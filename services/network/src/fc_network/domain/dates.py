"""Sensible ranges for dates and years people type: a typo like 2062 or year 10000 is
refused, not stored or counted."""

from __future__ import annotations

from datetime import date

from fc_shared.refusals import invalid

YEARS_BACK = 10
YEARS_AHEAD = 10


def check_year(year: int, today: date, *, ahead: int = 1) -> None:
    if not today.year - YEARS_BACK <= year <= today.year + ahead:
        raise invalid(
            "year_out_of_range",
            "Year out of range",
            f"Give a year from {today.year - YEARS_BACK} to {today.year + ahead}.",
        )


def check_date_near(value: date, today: date, *, what: str, ahead_years: int = YEARS_AHEAD) -> None:
    """`value` lies within YEARS_BACK years before today and `ahead_years` after."""
    earliest = today.replace(year=today.year - YEARS_BACK, day=min(today.day, 28))
    latest = today.replace(year=today.year + ahead_years, day=min(today.day, 28))
    if not earliest <= value <= latest:
        raise invalid(
            "date_out_of_range",
            "Date out of range",
            f"The {what} ({value}) must lie between {earliest} and {latest}.",
        )


def check_not_in_future(value: date, today: date) -> None:
    if value > today:
        raise invalid("date_out_of_range", "Date out of range", f"{value} has not happened yet.")
