"""`{{ number|figure }}`: a count as the dashboard, the forecast and the board pages print it,
with thousands separators ("12,345"), by reporting.charts.format_value, so a page, its
charts and their tables never write the same number two ways."""

from decimal import Decimal

from django import template

from reporting.charts import format_value

register = template.Library()


@register.filter
def figure(value: int | float | Decimal | None) -> str:
    """12345 as "12,345", 2.5 as "2.5"; None as "No data"; anything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | None):
        return str(value)
    return format_value(value)
