"""A planned move between post-16 institutions (reg 18(2)) recorded from the case page, and
not offered for a younger child."""

from datetime import date

import pytest

from audit.models import Event
from organisation.models import SettingPhase
from reviews.models import Review
from reviews.recompute import recompute_reviews
from tests.case_page_cases import (
    case_url,
    clock_row,
    date_fields,
    fixture_review,  # noqa: F401  (a fixture)
    step_url,
)
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory, ReviewFactory, SettingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


# A planned move between post-16 institutions (reg 18(2)) -------------------------------------


@pytest.fixture
def post16_review(north) -> Review:
    # Year 12 in 2026/27, at a post-16 institution.
    review = ReviewFactory.create(
        plan=PlanFactory.create(
            area=north,
            plan_ref="EHCP-CASE-16",
            child=ChildFactory.create(date_of_birth=date(2010, 1, 10)),
            setting=SettingFactory.create(area=north, phase=SettingPhase.POST16),
        ),
        due_on=date(2027, 3, 1),
    )
    recompute_reviews()
    review.refresh_from_db()
    return review


def test_an_officer_records_a_planned_post16_move_and_the_review_is_due_5_months_before(
    officer_north, post16_review
):
    client = client_for(officer_north)
    before = client.get(case_url(post16_review)).content.decode()

    response = client.post(
        step_url(post16_review, "plan-post16-move"),
        date_fields(date(2027, 9, 1), post16_review.version),
    )

    assert "Record a planned move to another post-16 institution" in before
    assert response.status_code == 302
    post16_review.refresh_from_db()
    assert post16_review.planned_move_on == date(2027, 9, 1)
    assert post16_review.phase_transfer_due_on == date(2027, 4, 1)
    event = Event.objects.get(action="review.post16_move_planned")
    assert (event.actor, event.details["planned_move_on"]) == (officer_north, "2027-09-01")
    page = client.get(case_url(post16_review)).content.decode()
    assert "Planned for 1 September 2027." in page
    row = clock_row(page, "Phase transfer plan")
    assert "1 Apr 2027" in row
    assert "At least 5 months before the planned move to another post-16 institution on " in row
    assert "1 September 2027" in row


def test_a_planned_post16_move_is_not_offered_or_accepted_for_a_younger_child(
    officer_north, review
):
    client = client_for(officer_north)
    page = client.get(case_url(review)).content.decode()

    response = client.post(
        step_url(review, "plan-post16-move"), date_fields(date(2027, 9, 1), review.version)
    )

    assert "planned move" not in page.lower()
    assert response.status_code == 200
    assert "only for a young person past Year 11 or at a post-16 institution" in (
        response.content.decode()
    )
    review.refresh_from_db()
    assert review.planned_move_on is None
