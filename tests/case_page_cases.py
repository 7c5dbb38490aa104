"""For the case page tests: a North review with its clock worked out, the case page's and a
step form's addresses, a date as the step forms post it, and one row of the clock. The
modules import the review fixture as `fixture_review`."""

from datetime import date

import pytest

from reviews.models import Review
from reviews.recompute import recompute_reviews
from tests.factories import PlanFactory, ReviewFactory


@pytest.fixture(name="review")
def fixture_review(north) -> Review:
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-CASE-1"), due_on=date(2026, 12, 1)
    )
    recompute_reviews()
    review.refresh_from_db()
    return review


def case_url(review: Review) -> str:
    return f"/casework/plans/{review.plan.plan_ref}/"


def step_url(review: Review, step: str) -> str:
    return f"{case_url(review)}reviews/{review.pk}/{step}/"


def date_fields(day: date, version: int, **extra: str) -> dict[str, str | int]:
    return {
        "on_0": str(day.day),
        "on_1": str(day.month),
        "on_2": str(day.year),
        "version": version,
        **extra,
    }


def clock_row(page: str, label: str) -> str:
    """The HTML of the clock's row for one step."""
    return page.split(f'<th scope="row" class="govuk-table__header">{label}</th>', 1)[1].split(
        "</tr>", 1
    )[0]
