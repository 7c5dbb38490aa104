"""The set-based recompute's priority: each weight that applies is added and named, and a manager
changing a weight changes the scores.
"""

from datetime import date

import pytest

from organisation.models import SettingPhase
from reviews.models import DeadlineRules
from reviews.recompute import recompute_reviews
from tests.recompute_cases import TODAY, fresh, review_with

# Days overdue and priority are worked out when read, as of the day the recompute ran.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_priority_adds_each_weight_that_applies_and_says_why():
    review = review_with(
        issued=date(2025, 9, 1), born=date(2011, 5, 5), looked_after=True
    )  # Year 10
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.priority == 84 + 40 + 30 + 15
    assert review.priority_reasons == [
        "Overdue by 84 days (+84)",
        "Looked-after child (+40)",
        "Not reviewed since the plan was issued (+30)",
        "Year 9 or above: preparing for adulthood (+15)",
    ]


def test_a_manager_changing_a_weight_changes_the_scores():
    review = review_with(
        issued=date(2026, 6, 1), born=date(2024, 1, 1), phase=SettingPhase.EARLY_YEARS
    )
    DeadlineRules.objects.update_or_create(
        id=1, defaults={"weight_under_five": 100, "weight_never_reviewed": 0}
    )
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.priority == 100
    assert review.priority_reasons == ["Under 5: review more often (+100)"]
