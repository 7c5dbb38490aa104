"""The school's API: its open reviews by token, and the annual review report sent whole and
submitted, with the same access rules as its pages."""

from datetime import date

import pytest

from audit.models import Event
from contributions.models import AnnualReviewReport, ReportStatus
from reviews.models import ReviewStatus
from tests import factories
from tests.reviews_api_cases import api

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

REPORT = {
    "attendees": "Jo Smith, parent",
    "child_views": "I like maths.",
    "parent_views_not_obtained": "Parents could not attend; a call is booked.",
    "outcomes": [{"outcome": "Read fluently", "progress": "Met"}],
    "recommendation": "amend",
    "proposed_changes": {"F": "Weekly speech therapy."},
}


@pytest.fixture
def held(volunteer, north):
    plan = factories.PlanFactory.create(area=north, setting=volunteer.setting, plan_ref="API-S-1")
    return factories.ReviewFactory.create(
        plan=plan, held=True, due_on=date(2026, 11, 20), recomputed=True
    )


@pytest.fixture
def elsewhere(north):
    plan = factories.PlanFactory.create(area=north, plan_ref="API-S-2")
    return factories.ReviewFactory.create(plan=plan, due_on=date(2026, 12, 20))


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("senco", True),
        ("headteacher", False),
        ("volunteer", False),
        ("officer_north", False),
        ("manager", False),
    ],
)
def test_the_school_list_holds_only_the_schools_open_reviews(persona, sees, personas, held):
    client = api(personas[persona])
    body = client.get("/api/v1/school/reviews/").json()
    assert [r["plan_ref"] for r in body["results"]] == (["API-S-1"] if sees else [])
    assert client.get(f"/api/v1/school/reviews/{held.pk}/").status_code == (200 if sees else 404)


def test_a_token_lists_the_schools_reviews_with_the_next_thing_to_do(senco, held, elsewhere):
    from rest_framework.test import APIClient

    token = APIClient().post(
        "/api/v1/auth/token/",
        {"email": senco.email, "password": factories.PASSWORD},
        format="json",
    )
    assert token.status_code == 200, token.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    [row] = client.get("/api/v1/school/reviews/").json()["results"]
    assert row["plan_ref"] == "API-S-1"
    assert row["next_step"] == "Submit the report"
    assert row["next_step_by"] == "2026-12-04"
    assert Event.objects.filter(actor=senco, action="plan.listed").exists()


def test_submitting_the_report_records_report_received(senco, held):
    response = api(senco).post(f"/api/v1/school/reviews/{held.pk}/report/", REPORT, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "submitted"
    held.refresh_from_db()
    assert held.status == ReviewStatus.REPORT_RECEIVED
    assert held.report_received_on == date(2026, 11, 23)
    again = api(senco).post(f"/api/v1/school/reviews/{held.pk}/report/", REPORT, format="json")
    assert again.status_code == 403


def test_bad_reports_are_refused_and_save_nothing(senco, held):
    for body in (
        {**REPORT, "outcomes": []},
        {**REPORT, "proposed_changes": {"Z": "No such section"}},
        {**REPORT, "attendees": "x" * 10_001},
        {**REPORT, "recommendation": "abolish"},
    ):
        response = api(senco).post(f"/api/v1/school/reviews/{held.pk}/report/", body, format="json")
        assert response.status_code == 400, body
    assert not AnnualReviewReport.objects.exists()


def test_another_schools_review_is_404_and_before_the_meeting_409(senco, held, elsewhere, north):
    response = api(senco).post(
        f"/api/v1/school/reviews/{elsewhere.pk}/report/", REPORT, format="json"
    )
    assert response.status_code == 404
    planning = factories.ReviewFactory.create(
        plan=factories.PlanFactory.create(area=north, setting=held.plan.setting),
        due_on=date(2026, 12, 20),
    )
    response = api(senco).post(
        f"/api/v1/school/reviews/{planning.pk}/report/", REPORT, format="json"
    )
    assert response.status_code == 409
    assert not AnnualReviewReport.objects.exists()
    assert ReportStatus.SUBMITTED not in AnnualReviewReport.objects.values_list("status", flat=True)
