"""The set-based recompute's priority: each weight that applies is added and named, and a manager
changing a weight changes the scores.
"""

from datetime import date

import pytest
import time_machine

from organisation.models import SettingPhase
from reviews.models import DeadlineRules, Review
from reviews.ordering import ByPriority
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


def test_an_overdue_review_passes_a_higher_standing_one_in_the_queue_as_its_days_add_up():
    # Not overdue (due 31 May 2027): looked after and never reviewed, 40 + 30 = 70 every day.
    calm = review_with(issued=date(2026, 6, 1), looked_after=True)
    # Due 21 November 2026: 2 days overdue on 23 November, 2 + 30 = 32, then a point a day.
    late = review_with(issued=date(2025, 11, 22))
    recompute_reviews(today=TODAY)
    queue = ByPriority(Review.objects.open())
    assert [fresh(calm).priority, fresh(late).priority] == [70, 32]
    assert queue.ids(0, 2) == [calm.pk, late.pk]
    with time_machine.travel("2027-01-22 10:00:00+00:00", tick=False):  # 62 days overdue: 92
        assert fresh(late).priority == 92
        assert fresh(late).priority_reasons[0] == "Overdue by 62 days (+62)"
        assert ByPriority(Review.objects.open()).ids(0, 2) == [late.pk, calm.pk]
