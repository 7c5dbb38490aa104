"""The case officer's and manager's pages that exist so far."""

from datetime import date

import pytest
from django.test import Client

from audit.models import Event
from reviews.models import DeadlineRules
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import PlanFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseload(north, west):
    ReviewFactory.create(plan=PlanFactory.create(area=north))  # overdue since January 2025
    ReviewFactory.create(plan=PlanFactory.create(area=west))
    ReviewFactory.create(
        plan=PlanFactory.create(area=west, issued_on=date(2030, 1, 1)), due_on=date(2031, 1, 1)
    )
    recompute_reviews(today=date(2026, 11, 23))


def test_a_case_officer_sees_only_their_own_areas_open_reviews(officer_north, caseload):
    response = client_for(officer_north).get("/casework/")
    assert [r.plan.area.name for r in response.context["page"].object_list] == ["North"]
    assert "1 review</h2>" in response.content.decode()


def test_a_manager_sees_every_areas_counts(manager, caseload):
    response = client_for(manager).get("/manager/")
    assert [row["area"] for row in response.context["counts"]] == ["North", "West"]
    west = response.context["counts"][1]
    assert (west["open"], west["backlog"]) == (2, 1)


def test_a_manager_changes_the_priority_points_and_a_recompute_is_queued(
    manager, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("workbench.views.recompute_deadlines.delay", lambda: queued.append(True))
    client = client_for(manager)
    form = {
        "due_soon_days": "21", "weight_per_day_overdue": "2", "weight_phase_transfer_soon": "60",
        "weight_looked_after": "80", "weight_never_reviewed": "30",
        "weight_preparing_for_adulthood": "15", "weight_under_five": "15",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/manager/deadline-rules/", form)
    assert response["Location"] == "/manager/deadline-rules/"
    rules = DeadlineRules.current()
    assert (rules.due_soon_days, rules.weight_per_day_overdue, rules.weight_looked_after) == (
        21,
        2,
        80,
    )
    event = Event.objects.get(action="deadline_rules.changed")
    assert event.actor == manager
    assert event.details == {
        "due_soon_days": [14, 21],
        "weight_per_day_overdue": [1, 2],
        "weight_looked_after": [40, 80],
    }
    assert queued == [True]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("due_soon_days", "", "Enter the warning window (days)"),
        (
            "due_soon_days",
            "two weeks",
            "Enter the warning window (days) as a whole number, like 15",
        ),
        ("due_soon_days", "120", "The warning window (days) must be 90 or less"),
        ("weight_looked_after", "-5", "The points for a looked-after child cannot be negative"),
    ],
)
def test_bad_priority_settings_are_refused_with_a_message_and_nothing_saved(
    manager, field, value, message
):
    form = {
        "due_soon_days": "14", "weight_per_day_overdue": "1", "weight_phase_transfer_soon": "60",
        "weight_looked_after": "40", "weight_never_reviewed": "30",
        "weight_preparing_for_adulthood": "15", "weight_under_five": "15", field: value,
    }  # fmt: skip
    response = client_for(manager).post("/manager/deadline-rules/", form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert DeadlineRules.current().due_soon_days == 14
    assert not Event.objects.exists()


def test_a_case_officer_cannot_change_the_priority_points(officer_north):
    assert client_for(officer_north).post("/manager/deadline-rules/", {}).status_code == 403
    assert Client().get("/manager/deadline-rules/")["Location"].startswith("/sign-in/")


def test_the_rules_page_says_how_the_law_counts_each_deadline(manager):
    page = client_for(manager).get("/manager/deadline-rules/").content.decode()

    for words in [
        "The deadlines the law sets",
        "by the day before the anniversary",
        "a plan issued on 1 January 2025 is due for review by 31 December 2025",
        "one issued on 29 February 2024 by 28 February 2025",
        "after a meeting on 2 March 2026 the decision is due by 30 March 2026, and on "
        "31 March 2026 it is late",
        "proposed amendments sent on 2 March 2026 give the family until 16 March 2026",
        "before 15 February means by 14 February",
        "before 15 February (so by 14 February) in the year of transfer",
        "before 31 March (so by 30 March)",
        "At least 2 weeks before the meeting",
        "Within 4 weeks after the meeting",
        "15 days, beginning with the day it is sent",
        "Within 8 weeks of the proposed amendments, and so within 12 weeks of the meeting",
        "at least 5 months before it",
        "the council prepares the report itself",
        "reg 21(7)",
        "CFA 2014 s44(1)",
    ]:
        assert words in page, words


def test_the_priority_points_label_takes_its_days_from_the_setting(manager):
    page = client_for(manager).get("/manager/deadline-rules/").content.decode()

    assert "Points when a phase-transfer deadline is within 90 days" in page
