"""Recording a review's statutory steps through the API: the fields other systems rely on,
the clock and the timeline, and the 409 or 400 answers for a wrong state, an impossible
date, malformed input or a stale version."""

from datetime import date

import pytest

from reviews.models import Review, ReviewStatus
from tests.factories import PlanFactory, ReviewFactory
from tests.reviews_api_cases import (
    api,
    fixture_north_review,  # noqa: F401  (a fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_a_review_carries_the_fields_other_systems_rely_on(officer_north, north_review):
    body = api(officer_north).get(f"/api/v1/reviews/{north_review.pk}/").json()
    for field in [
        "id", "plan_ref", "ncy", "due_on", "meeting_on", "report_due_on", "decision_due_on", "decision",
        "decision_notified_on", "amendment_notice_on", "final_plan_due_on", "final_plan_issued_on",
        "phase_transfer_due_on", "state", "in_backlog", "days_overdue", "priority",
    ]:  # fmt: skip
        assert field in body, field
    assert body["plan_ref"] == "EHCP-NORTH-1"
    assert body["due_on"] == "2025-01-15"
    assert body["state"] == "overdue"
    assert body["in_backlog"] is True
    assert body["priority_reasons"][0].startswith("Overdue by 677 days")


def test_recording_the_meeting_moves_the_clock_and_is_on_the_timeline(officer_north, north_review):
    client = api(officer_north)
    body = client.post(
        f"/api/v1/reviews/{north_review.pk}/hold-meeting/", {"on": "2026-11-20"}
    ).json()
    assert body["status"] == "meeting_held"
    assert body["report_due_on"] == "2026-12-04"
    assert body["decision_due_on"] == "2026-12-18"
    events = client.get(f"/api/v1/reviews/{north_review.pk}/events/").json()["results"]
    assert events[0]["action"] == "review.meeting_held"
    assert events[0]["actor"] == officer_north.email


def test_a_step_from_the_wrong_state_answers_409_and_changes_nothing(officer_north, north_review):
    response = api(officer_north).post(
        f"/api/v1/reviews/{north_review.pk}/receive-report/", {"on": "2026-11-20"}
    )
    assert response.status_code == 409
    assert "while the review is 'meeting not yet held'" in response.json()["detail"]
    north_review.refresh_from_db()
    assert north_review.status == ReviewStatus.PLANNING


def test_an_impossible_date_answers_400_with_the_reason(officer_north, north_review):
    response = api(officer_north).post(
        f"/api/v1/reviews/{north_review.pk}/hold-meeting/", {"on": "2027-01-05"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The meeting date cannot be in the future (5 January 2027)."
    }


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "on"),
        ({"on": "31/02/2026"}, "on"),
        ({"on": "2026-11-20", "decision": "postpone"}, "decision"),
    ],
)
def test_malformed_input_names_the_field(officer_north, payload, field):
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=officer_north.areas.get()),
        status=ReviewStatus.MEETING_HELD,
        meeting_on=date(2026, 11, 1),
    )
    response = api(officer_north).post(f"/api/v1/reviews/{review.pk}/notify-decision/", payload)
    assert response.status_code == 400
    assert field in response.json()


def test_a_step_sent_with_a_stale_version_answers_409_with_the_current_review(
    officer_north, north_review
):
    url = f"/api/v1/reviews/{north_review.pk}/"
    api(officer_north).post(url + "plan-meeting/", {"on": "2026-12-10", "version": 1})

    response = api(officer_north).post(url + "hold-meeting/", {"on": "2026-11-20", "version": 1})

    assert response.status_code == 409
    assert "Someone else changed this review" in response.json()["detail"]
    assert response.json()["current"]["meeting_planned_on"] == "2026-12-10"
    assert response.json()["current"]["version"] == 2
    assert Review.objects.get(pk=north_review.pk).status == ReviewStatus.PLANNING
