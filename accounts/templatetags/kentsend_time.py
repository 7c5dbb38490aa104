from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def in_minutes(duration: timedelta) -> str:
    """`timedelta(minutes=15)` as "15 minutes"."""
    minutes = max(1, round(duration.total_seconds() / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
