"""Dates as people read them: "23 November 2026", never an ISO date (STYLE: words, not ids)."""

import datetime


def long_date(day: datetime.date) -> str:
    """23 November 2026."""
    return f"{day.day} {day:%B %Y}"


def weekday_date(day: datetime.date) -> str:
    """Monday 23 November 2026, as messages about a day of the week write it."""
    return f"{day:%A} {long_date(day)}"
