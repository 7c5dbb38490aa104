"""Dates as people read them: "23 November 2026", never an ISO date (STYLE: words, not ids)."""

import datetime


def long_date(day: datetime.date) -> str:
    """23 November 2026."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: datetime.date) -> str:
    """23 Nov 2026, where a table has little room (as Django's date format "j M Y")."""
    return f"{day.day} {day:%b %Y}"


def weekday_date(day: datetime.date) -> str:
    """Monday 23 November 2026, as messages about a day of the week write it."""
    return f"{day:%A} {long_date(day)}"


def working_days_after(day: datetime.date, count: int) -> datetime.date:
    """The `count`th working day after `day`, counting Monday to Friday: 5 working days after
    a Friday is the next Friday, and so is 5 working days after the Saturday between. Bank
    holidays are not known to the service and count as working days."""
    if count < 0:
        raise ValueError("count must not be negative")
    while count:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day
