import html
from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def datalist_options(values: Iterable[str]) -> SafeString:
    """A datalist's options, one for each value, each escaped as Django escapes
    (`django.utils.html.escape` is `html.escape`): made in one join, because a template loop,
    or `format_html` for each, over a county's thousand schools took longer than the rest of
    the page."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(f'<option value="{html.escape(str(value))}">' for value in values)
    )
