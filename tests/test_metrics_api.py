"""`GET /api/v1/metrics/backlog/` (DESIGN section 7): the backlog and timeliness the caller
may see, counted by hand on a small caseload. Today is Monday 23 November 2026."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from organisation.models import AreaTeam
from reviews.models import Decision, Review
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import PlanFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

TODAY = date(2026, 11, 23)
URL = "/api/v1/metrics/backlog/"


def due(area: AreaTeam, days_from_today: int) -> Review:
    """An open review not yet held, due `days_from_today` from today (negative: overdue)."""
    return ReviewFactory.create(
        plan=PlanFactory.create(area=area), due_on=TODAY + timedelta(days=days_from_today)
    )


def concluded(area: AreaTeam, *, met: date, decision: str, final_plan_on: date | None) -> Review:
    """A concluded review, due and met on `met`, decided 20 days later."""
    return ReviewFactory.create(
        plan=PlanFactory.create(area=area),
        concluded=True,
        final_plan=final_plan_on is not None,
        due_on=met,
        report_received_on=met + timedelta(days=5),
        decision=decision,
        decision_notified_on=met + timedelta(days=20),
        final_plan_issued_on=final_plan_on,
    )


@pytest.fixture
def caseload(north: AreaTeam, west: AreaTeam) -> None:
    """North: overdue by 40 days and by 10 days, due in 20 days; concluded: met 1 June 2026
    and maintained, met 2 March 2026 and amended with the final plan on 1 July (day 121,
    late). West: overdue by 400 days (due 19 October 2025, before the 12 months), due in 10
    days."""
    due(north, -40)
    due(north, -10)
    due(north, 20)
    concluded(north, met=date(2026, 6, 1), decision=Decision.MAINTAIN, final_plan_on=None)
    concluded(north, met=date(2026, 3, 2), decision=Decision.AMEND, final_plan_on=date(2026, 7, 1))
    due(west, -400)
    due(west, 10)
    recompute_reviews(today=TODAY)


def band(label: str, low: int, high: int | None, count: int) -> dict[str, Any]:
    return {"label": label, "min_days": low, "max_days": high, "count": count}


def test_a_case_officer_sees_the_backlog_and_timeliness_of_their_area(caseload, officer_north):
    response = client_for(officer_north).get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "as_of": "2026-11-23",
        "open_reviews": 3,
        "in_backlog": 2,
        "bands": [
            band("Up to 4 weeks", 1, 28, 1),
            band("4 to 12 weeks", 29, 84, 1),
            band("12 to 26 weeks", 85, 182, 0),
            band("26 to 52 weeks", 183, 364, 0),
            band("More than 52 weeks", 365, None, 0),
        ],
        "by_area": [{"area": "North", "open_reviews": 3, "in_backlog": 2}],
        # Due 14 October and 13 November 2026 (not held), 1 June and 2 March 2026 (held).
        "timeliness": {
            "decisions": {"on_time": 2, "late": 0, "none_recorded": 0},
            "meetings": {"on_time": 2, "late": 0, "none_recorded": 2},
            "final_plans": {"on_time": 0, "late": 1, "none_recorded": 0},
        },
    }


def test_a_manager_sees_every_area(caseload, manager):
    body = client_for(manager).get(URL).json()

    assert (body["open_reviews"], body["in_backlog"]) == (5, 3)
    assert [b["count"] for b in body["bands"]] == [1, 1, 0, 0, 1]
    assert body["by_area"] == [
        {"area": "North", "open_reviews": 3, "in_backlog": 2},
        {"area": "West", "open_reviews": 2, "in_backlog": 1},
    ]
    # West's overdue review fell due before the 12 months: it is in the backlog, not here.
    assert body["timeliness"]["meetings"] == {"on_time": 2, "late": 0, "none_recorded": 2}


@pytest.mark.parametrize("persona", ["officer_north", "officer_west", "manager"])
def test_in_backlog_is_the_count_of_the_callers_review_list_in_the_backlog(
    caseload, personas, persona
):
    client = client_for(personas[persona])

    listed = client.get("/api/v1/reviews/", {"in_backlog": "true"}).json()["count"]
    metrics = client.get(URL).json()

    assert metrics["in_backlog"] == listed
    assert sum(area["in_backlog"] for area in metrics["by_area"]) == listed
    assert listed == {"officer_north": 2, "officer_west": 1, "manager": 3}[persona]


def test_an_officer_of_two_areas_sees_both_and_their_list_agrees(caseload, north, west):
    from tests.factories import CaseOfficerFactory

    officer = CaseOfficerFactory.create(email="officer.both@example.org", areas=[north, west])
    client = client_for(officer)

    metrics = client.get(URL).json()

    assert [a["area"] for a in metrics["by_area"]] == ["North", "West"]
    assert metrics["in_backlog"] == client.get("/api/v1/reviews/?in_backlog=true").json()["count"]
    assert metrics["in_backlog"] == 3


@pytest.mark.parametrize("persona", ["volunteer", "headteacher", "editor"])
def test_people_who_see_no_casework_figures_are_refused(caseload, personas, persona):
    response = client_for(personas[persona]).get(URL)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only case officers and managers see the backlog's figures."
    }


def test_anonymous_callers_are_asked_to_sign_in(db):
    response = Client().get(URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_the_schema_documents_every_field(officer_north):
    schema = client_for(officer_north).get("/api/schema/?format=json").json()

    operation = schema["paths"][URL]["get"]
    assert set(operation["responses"]) >= {"200", "401", "403"}
    reference = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    components = schema["components"]["schemas"]
    metrics = components[reference.rsplit("/", 1)[1]]
    assert set(metrics["properties"]) == {
        "as_of",
        "open_reviews",
        "in_backlog",
        "bands",
        "by_area",
        "timeliness",
    }
    band_ref = metrics["properties"]["bands"]["items"]["$ref"].rsplit("/", 1)[1]
    assert set(components[band_ref]["properties"]) == {"label", "min_days", "max_days", "count"}
    area_ref = metrics["properties"]["by_area"]["items"]["$ref"].rsplit("/", 1)[1]
    assert set(components[area_ref]["properties"]) == {"area", "open_reviews", "in_backlog"}
    timeliness = components[metrics["properties"]["timeliness"]["allOf"][0]["$ref"].rsplit("/")[-1]]
    assert set(timeliness["properties"]) == {"decisions", "meetings", "final_plans"}
    step_ref = timeliness["properties"]["decisions"]["allOf"][0]["$ref"].rsplit("/", 1)[1]
    assert set(components[step_ref]["properties"]) == {"on_time", "late", "none_recorded"}


def test_the_query_count_does_not_grow_with_the_caseload(north, west, manager):
    client = client_for(manager)
    due(north, -40)
    client.get(URL)  # the first request of a session also saves the session
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for days in (-300, -30, -5, 5, 50):
        due(north, days)
        due(west, days)
    concluded(west, met=date(2026, 6, 1), decision=Decision.AMEND, final_plan_on=None)
    recompute_reviews(today=TODAY)

    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)

    assert response.json()["open_reviews"] == 11
    assert len(large) == len(small)
    # The figures themselves: the totals and bands, the areas, the timeliness.
    assert sum("reviews_review" in q["sql"] for q in large) == 3
