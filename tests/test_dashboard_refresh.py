"""Refreshing the dashboard's figures (issue 17): the page says how old they are, and a
manager can have them worked out again now, by a POST with CSRF that records an event and
returns to the same area and year with a success banner."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from audit.models import Event
from casework.models import Plan
from reporting.views import worked_out_in_words
from tests.conftest import client_for
from tests.dashboard_cases import caseload, main_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

REFRESH = "/manager/figures/refresh/"


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0, "Worked out less than a minute ago, at 14:03"),
        (1, "Worked out 1 minute ago, at 14:03"),
        (12, "Worked out 12 minutes ago, at 14:03"),
        (60, "Worked out 1 hour ago, at 14:03"),
        (150, "Worked out 2 hours ago, at 14:03"),
    ],
)
def test_the_figures_say_how_old_they_are_in_words(minutes, words):
    worked_out = timezone.make_aware(datetime(2026, 7, 1, 14, 3))  # British Summer Time
    assert worked_out.utcoffset() == timedelta(hours=1)
    assert worked_out_in_words(worked_out, now=worked_out + timedelta(minutes=minutes)) == words


def test_the_dashboard_says_how_old_its_figures_are(north, west, manager):
    caseload(north)
    client = client_for(manager)
    client.get("/manager/")
    with time_machine.travel("2026-11-23 10:12:00+00:00", tick=False):
        page = main_of(client.get("/manager/"))

    assert "Worked out 12 minutes ago, at 10:00." in page
    assert "Refresh the figures now" in page


def test_a_manager_refreshes_the_figures_and_sees_them_at_once(north, west, manager):
    caseload(north, plans=2, overdue=1, decided=0)
    client = client_for(manager)
    before = Plan.objects.filter(area=north).count()
    assert client.get("/manager/", {"area": north.pk}).context["figures"].caseload.active_plans == (
        before
    )
    caseload(north, plans=3, overdue=0, decided=0)

    with time_machine.travel("2026-11-23 10:05:00+00:00", tick=False):
        response = client.post(REFRESH, {"area": north.pk, "year": "2024"})
        assert response.status_code == 302
        assert response["Location"] == f"/manager/?area={north.pk}&year=2024"
        page = client.get(response["Location"])

    assert page.context["figures"].caseload.active_plans == before + 3
    assert page.context["figures"].calendar_year.period.label == "2024"
    content = main_of(page)
    assert "The figures were worked out again at 10:05." in content
    assert "govuk-notification-banner--success" in content
    assert "Worked out less than a minute ago, at 10:05." in content
    event = Event.objects.get(action="figures.refreshed")
    assert event.actor == manager
    # The whole service, North and West, and North's figures of 2024.
    assert event.details["sets"] == 4


def test_refreshing_the_figures_of_every_area_returns_to_every_area(north, manager):
    response = client_for(manager).post(REFRESH, {"area": "", "year": ""})
    assert response["Location"] == "/manager/"
    assert Event.objects.get(action="figures.refreshed").details["sets"] == 2


def test_the_refresh_needs_a_post_with_the_forms_token(manager):
    client = client_for(manager)
    assert client.get(REFRESH).status_code == 405

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(manager)
    assert strict.post(REFRESH).status_code == 403
    assert not Event.objects.filter(action="figures.refreshed").exists()


MATRIX = {
    "officer_north": 403,
    "officer_west": 403,
    "volunteer": 403,
    "headteacher": 403,
    "manager": 302,
    "editor": 403,
}


@pytest.mark.parametrize("persona", MATRIX)
def test_only_managers_may_refresh_the_figures(persona, personas):
    assert client_for(personas[persona]).post(REFRESH).status_code == MATRIX[persona]


def test_anonymous_visitors_are_sent_to_sign_in_to_refresh(db):
    assert Client().post(REFRESH)["Location"].startswith("/sign-in/")
