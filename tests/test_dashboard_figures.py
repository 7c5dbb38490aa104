"""The KPIs by area on the manager's home page (issue 7): every area's figures or one area's,
the manager's links, who may see the dashboard, the same queries whatever the caseload, and the
figures last worked out until the worker refreshes them.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casework.models import Plan
from reporting.tasks import refresh_current_figures
from tests.conftest import client_for
from tests.dashboard_cases import areas, caseload, main_of

# a fixture from tests/dashboard_cases.py, found by pytest among this module's names
__all__ = ["areas"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_the_managers_home_shows_the_figures_of_every_area(areas, manager):
    response = client_for(manager).get("/manager/")

    figures = response.context["figures"]
    assert figures.area is None
    # North 2 + 1 + 1 plans, West 1 + 3: 8 active; due in 12 weeks: 3; backlog 4.
    assert figures.caseload.active_plans == 8
    assert figures.caseload.reviews_due_next_12_weeks == 3
    assert figures.backlog.total == 4
    # Due in the 12 months to today: North's decided review and the four overdue ones.
    assert figures.twelve_months.expected == 5
    assert figures.twelve_months.decisions.share.in_words == "1 of 1, 100.0%"
    assert figures.calendar_year.period.label == "2025"
    page = main_of(response)
    assert "Figures for all area teams on 23 November 2026." in page
    assert "Service overview" in page


def test_choosing_an_area_shows_only_that_areas_figures(areas, manager):
    north, _ = areas

    response = client_for(manager).get("/manager/", {"area": north.pk})

    figures = response.context["figures"]
    assert figures.area == north
    assert (figures.caseload.active_plans, figures.backlog.total) == (4, 1)
    page = main_of(response)
    assert "Figures for North on 23 November 2026." in page
    assert f'<option value="{north.pk}" selected>North</option>' in page


def test_an_unknown_area_shows_every_area_and_says_so(areas, manager):
    response = client_for(manager).get("/manager/", {"area": "999999"})

    assert response.status_code == 200
    assert response.context["figures"].area is None
    assert "Choose an area team from the list" in main_of(response)


def test_the_home_page_keeps_the_managers_links(areas, manager):
    page = main_of(client_for(manager).get("/manager/"))

    for href in ('href="/moderation/"', 'href="/manager/deadline-rules/"', "/programme/"):
        assert href in page
    assert "In the backlog (overdue)" in page  # the open reviews per area


MATRIX = {
    "officer_north": 403,
    "officer_west": 403,
    "volunteer": 403,
    "headteacher": 403,
    "manager": 200,
    "editor": 403,
}


@pytest.mark.parametrize("persona", MATRIX)
def test_only_managers_see_the_dashboard(persona, personas):
    assert client_for(personas[persona]).get("/manager/").status_code == MATRIX[persona]


def test_anonymous_visitors_are_sent_to_sign_in(db):
    assert Client().get("/manager/")["Location"].startswith("/sign-in/")


def test_the_dashboard_costs_the_same_queries_whatever_the_caseload(
    north, west, manager, django_assert_max_num_queries
):
    caseload(north)
    client = client_for(manager)
    client.get("/manager/")  # the first request of a session also saves the session
    cache.clear()  # work the figures out on the spot, as on a fresh start
    with CaptureQueriesContext(connection) as small:
        client.get("/manager/", {"area": north.pk})
    caseload(north, plans=6, overdue=5, decided=4)
    caseload(west, plans=3, overdue=3, decided=3)

    cache.clear()
    with django_assert_max_num_queries(22):
        client.get("/manager/", {"area": north.pk})
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        client.get("/manager/", {"area": north.pk})

    assert [q["sql"][:60] for q in large] == [q["sql"][:60] for q in small]


def test_the_dashboard_shows_the_figures_last_worked_out_until_the_worker_refreshes_them(
    north, west, manager
):
    caseload(north, plans=2, overdue=1, decided=0)
    client = client_for(manager)
    before = Plan.objects.filter(area=north).count()
    first = client.get("/manager/", {"area": north.pk})
    assert first.context["figures"].caseload.active_plans == before
    assert "Worked out less than a minute ago, at 10:00" in first.content.decode()

    caseload(north, plans=3, overdue=0, decided=0)
    with CaptureQueriesContext(connection) as queries:
        cached = client.get("/manager/", {"area": north.pk})
    assert cached.context["figures"].caseload.active_plans == before
    # Everything on the page came from the cache: not one query reads the reviews.
    assert not any("reviews_review" in q["sql"] for q in queries)

    assert refresh_current_figures() == 3  # the whole service, North and West
    refreshed = client.get("/manager/", {"area": north.pk})
    assert refreshed.context["figures"].caseload.active_plans == before + 3
