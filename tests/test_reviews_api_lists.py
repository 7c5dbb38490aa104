"""Listing plans and reviews through the API: filters, a fixed number of queries for any
page size, and what a volunteer may filter and order their reviews by (issue 14,
finding 4)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.models import Review
from reviews.recompute import recompute_reviews
from tests.factories import PlanFactory, ReviewFactory
from tests.reviews_api_cases import (
    api,
    fixture_north_review,  # noqa: F401  (a fixture)
)
from volunteers.models import Assignment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_reviews_filter_by_area_state_and_backlog(officer_north, manager, north, west):
    overdue = ReviewFactory.create(plan=PlanFactory.create(area=north, issued_on=date(2024, 1, 1)))
    fresh = ReviewFactory.create(
        plan=PlanFactory.create(area=west, issued_on=date(2026, 6, 1)), due_on=date(2027, 6, 1)
    )
    recompute_reviews()
    client = api(manager)

    def ids(query: str) -> list[int]:
        return [r["id"] for r in client.get(f"/api/v1/reviews/?{query}").json()["results"]]

    assert ids("in_backlog=true") == [overdue.pk]
    assert ids("in_backlog=false") == [fresh.pk]
    assert ids("area=west") == [fresh.pk]
    assert ids("state=overdue") == [overdue.pk]
    assert ids("ordering=due_on") == [overdue.pk, fresh.pk]
    assert ids("ordering=-due_on") == [fresh.pk, overdue.pk]


def test_the_review_list_makes_the_same_queries_for_10_or_100_rows(manager, north):
    for _ in range(100):
        ReviewFactory.create(plan=PlanFactory.create(area=north))
    recompute_reviews()
    client = api(manager)

    def queries(page_size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/v1/reviews/?page_size={page_size}")
        assert len(response.json()["results"]) == page_size
        return len(captured.captured_queries)

    assert queries(10) == queries(100)


def test_the_plan_list_makes_the_same_queries_for_10_or_100_rows(manager, north):
    for _ in range(100):
        ReviewFactory.create(plan=PlanFactory.create(area=north))
    client = api(manager)

    def queries(page_size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/v1/plans/?page_size={page_size}")
        assert all(p["open_review"] for p in response.json()["results"])
        return len(captured.captured_queries)

    assert queries(10) == queries(100)


# What a volunteer may ask of their reviews (issue 14, finding 4) ------------------------------


@pytest.fixture
def assigned_review(volunteer, north) -> Review:
    review = ReviewFactory.create(plan=PlanFactory.create(area=north, plan_ref="EHCP-NORTH-9"))
    Assignment.objects.create(review=review, volunteer=volunteer, release_day=date(2026, 11, 24))
    recompute_reviews()
    return review


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("area=North", "You cannot filter by area."),
        ("setting=100001", "You cannot filter by setting."),
        ("status=planning", "You cannot filter by status."),
        ("in_backlog=true", "You cannot filter by in_backlog."),
        ("state=overdue", "You cannot filter by state."),
        ("overdue_for=more_than_52_weeks", "You cannot filter by overdue_for."),
        ("overdue_step=meeting", "You cannot filter by overdue_step."),
        ("phase_transfer=false", "You cannot filter by phase_transfer."),
        ("open=true", "You cannot filter by open."),
        ("assigned=yes", "You cannot filter by assigned."),
        ("volunteer=1", "You cannot filter by volunteer."),
        ("ordering=days_overdue", "You cannot order by days_overdue."),
        ("ordering=-priority", "You cannot order by priority."),
        ("ordering=due_on", "You cannot order by due_on."),
    ],
)
def test_a_volunteer_cannot_filter_or_order_reviews_by_what_their_record_hides(
    volunteer, assigned_review, query, message
):
    response = api(volunteer).get(f"/api/v1/reviews/?{query}")
    assert response.status_code == 400
    parameter = query.split("=")[0]
    assert response.json() == {parameter: [message]}


def test_a_volunteer_may_filter_and_order_reviews_by_what_their_record_shows(
    volunteer, assigned_review
):
    client = api(volunteer)
    for query in ["ncy=7", "primary_need=ASD", "ordering=-ncy", "page=1&page_size=10"]:
        response = client.get(f"/api/v1/reviews/?{query}")
        assert response.status_code == 200, query
        assert [r["id"] for r in response.json()["results"]] == [assigned_review.pk], query
    assert client.get("/api/v1/reviews/?ncy=3").json()["results"] == []


def test_a_case_officer_ordering_by_an_unknown_field_is_told_so(officer_north, north_review):
    response = api(officer_north).get("/api/v1/reviews/?ordering=child__surname")
    assert response.status_code == 400
    assert response.json() == {"ordering": ["You cannot order by child__surname."]}
