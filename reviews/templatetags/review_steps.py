from django import template

from reviews.models import Review
from reviews.steps import ClockRow, review_next_step

register = template.Library()


@register.filter
def next_step(review: Review) -> ClockRow | None:
    """The step the review waits on (reviews.steps.review_next_step)."""
    return review_next_step(review)
