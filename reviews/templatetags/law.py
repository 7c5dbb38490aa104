"""The law's numbers in templates, from the one place they are written (reviews.statutory).

    {% load law %}Decisions notified within {% law "DECISION_WEEKS_AFTER" %} weeks

A page or a PDF that states a statutory period takes it from here, so that a change in the
law is a change in `reviews/statutory.py` only (tests/test_statutory_literals.py).
"""

from django import template

from reviews import statutory

register = template.Library()

NUMBERS = {
    name: value
    for name, value in vars(statutory).items()
    if name.isupper() and isinstance(value, int) and not isinstance(value, bool)
}


@register.simple_tag
def law(name: str) -> int:
    """The statutory number called `name`; a name that is not one fails loudly."""
    try:
        return NUMBERS[name]
    except KeyError:
        raise template.TemplateSyntaxError(
            f"reviews.statutory has no number called {name!r}"
        ) from None
