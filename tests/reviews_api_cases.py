"""For the plans and reviews API tests: a North review, an API client, who may see and
change a review, and the review steps' names. The modules import the review fixture as
`fixture_north_review`."""

import pytest
from rest_framework.test import APIClient

from reviews.models import Review
from reviews.recompute import recompute_reviews
from tests.factories import PlanFactory, ReviewFactory


@pytest.fixture(name="north_review")
def fixture_north_review(north) -> Review:
    review = ReviewFactory.create(plan=PlanFactory.create(area=north, plan_ref="EHCP-NORTH-1"))
    recompute_reviews()
    return review


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# (persona, may see, may change)
MATRIX = [
    ("officer_north", True, True),
    ("officer_west", False, False),
    ("manager", True, True),  # a manager works any area's reviews (decision 0015)
    ("volunteer", False, False),
    ("headteacher", False, False),
    ("editor", False, False),
    ("senco", False, False),  # school staff use the school's own list (tests/test_school_api)
]


# The review steps the API offers, by the name in their address.


STEPS = [
    "plan-meeting", "send-invitations", "circulate-advice", "hold-meeting", "receive-report",
    "notify-decision", "send-amendment-notice", "issue-final-plan",
    "conclude", "cease-plan",
]  # fmt: skip
