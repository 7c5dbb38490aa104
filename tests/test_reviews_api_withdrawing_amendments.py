"""Deciding not to amend after all (reg 22(4)) through the API: who may, what it records,
and the 409 or 400 answers."""

from datetime import date

import pytest

from reviews.models import Review, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.factories import PlanFactory, ReviewFactory
from tests.reviews_api_cases import (
    MATRIX,
    api,
    fixture_north_review,  # noqa: F401  (a fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


# Deciding not to amend after all (reg 22(4)) ------------------------------------------------


@pytest.fixture
def amendments_proposed(north) -> Review:
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-NORTH-5"),
        status=ReviewStatus.AMENDMENT_NOTICE_SENT,
        meeting_on=date(2026, 10, 5),
        decision="amend",
        decision_notified_on=date(2026, 10, 19),
        decision_notes="Section F: weekly therapy.",
        amendment_notice_on=date(2026, 10, 20),
    )
    recompute_reviews()
    return review


def withdraw_url(review: Review) -> str:
    return f"/api/v1/reviews/{review.pk}/withdraw-amendments/"


@pytest.mark.parametrize(("persona", "may_see", "may_change"), MATRIX)
def test_deciding_not_to_amend_follows_the_persons_areas(
    persona, may_see, may_change, personas, amendments_proposed
):
    response = api(personas[persona]).post(
        withdraw_url(amendments_proposed), {"on": "2026-11-20", "reasons": "No change is needed."}
    )

    assert response.status_code == (200 if may_change else 403 if may_see else 404)
    amendments_proposed.refresh_from_db()
    assert (amendments_proposed.status == ReviewStatus.AMENDMENTS_WITHDRAWN) is may_change


def test_deciding_not_to_amend_meets_the_final_plan_step_and_keeps_the_reasons(
    officer_north, amendments_proposed
):
    client = api(officer_north)

    response = client.post(
        withdraw_url(amendments_proposed),
        {"on": "2026-11-20", "reasons": "The new school meets the need."},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "amendments_withdrawn"
    assert body["amendments_withdrawn_on"] == "2026-11-20"
    assert body["final_plan_due_on"] == "2026-12-15"  # 8 weeks after 20 October
    assert body["final_plan_state"] == "done_on_time"
    events = client.get(f"/api/v1/reviews/{amendments_proposed.pk}/events/").json()["results"]
    assert events[0]["action"] == "review.amendments_withdrawn"
    assert events[0]["details"]["reasons"] == "The new school meets the need."
    amendments_proposed.refresh_from_db()
    assert amendments_proposed.amendments_withdrawn_reasons == "The new school meets the need."


def test_deciding_not_to_amend_before_amendments_were_proposed_answers_409(
    officer_north, north_review
):
    response = api(officer_north).post(
        withdraw_url(north_review), {"on": "2026-11-20", "reasons": "No change is needed."}
    )

    assert response.status_code == 409
    assert "while the review is 'meeting not yet held'" in response.json()["detail"]
    north_review.refresh_from_db()
    assert (north_review.status, north_review.amendments_withdrawn_on) == (
        ReviewStatus.PLANNING,
        None,
    )


@pytest.mark.parametrize(
    ("payload", "answer"),
    [
        (
            {"on": "2026-11-24", "reasons": "No change is needed."},
            {
                "detail": "The decision not to amend date cannot be in the future (24 November 2026)."
            },
        ),
        (
            {"on": "2026-10-19", "reasons": "No change is needed."},
            {
                "detail": "The decision not to amend date (19 October 2026) cannot be before the "
                "amendment notice (20 October 2026)."
            },
        ),
        ({"on": "20/11/2026", "reasons": "No change is needed."}, "on"),
        ({"reasons": "No change is needed."}, "on"),
        ({"on": "2026-11-20"}, "reasons"),
        ({"on": "2026-11-20", "reasons": ""}, "reasons"),
    ],
    ids=["future", "before-the-notice", "not-a-date", "no-date", "no-reasons", "blank-reasons"],
)
def test_a_bad_date_for_deciding_not_to_amend_answers_400_and_changes_nothing(
    officer_north, amendments_proposed, payload, answer
):
    response = api(officer_north).post(withdraw_url(amendments_proposed), payload)

    assert response.status_code == 400
    if isinstance(answer, dict):  # the service's reason
        assert response.json() == answer
    else:  # the field the serializer names
        assert answer in response.json()
    amendments_proposed.refresh_from_db()
    assert (amendments_proposed.status, amendments_proposed.amendments_withdrawn_on) == (
        ReviewStatus.AMENDMENT_NOTICE_SENT,
        None,
    )
