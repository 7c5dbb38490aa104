"""The manager's dashboard (issue 7): the KPIs by area on the manager's home page, with
charts that are accessible SVG and tables of the same numbers."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import AreaTeam, Plan
from reporting.charts import Chart, Series
from reporting.models import DailySnapshot
from reporting.tasks import refresh_current_figures
from reviews.models import Decision, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import PlanFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

TODAY = date(2026, 11, 23)


def caseload(area: AreaTeam, *, plans: int = 1, overdue: int = 1, decided: int = 1) -> None:
    """Plans with a review due in 4 weeks, overdue reviews (40 days), and decided reviews
    (meeting 1 October, decision on day 28)."""
    for _ in range(plans):
        ReviewFactory.create(plan=PlanFactory.create(area=area), due_on=TODAY + timedelta(28))
    for _ in range(overdue):
        ReviewFactory.create(plan=PlanFactory.create(area=area), due_on=TODAY - timedelta(40))
    for _ in range(decided):
        ReviewFactory.create(
            plan=PlanFactory.create(area=area),
            status=ReviewStatus.DECISION_NOTIFIED,
            due_on=date(2026, 10, 1),
            meeting_on=date(2026, 10, 1),
            report_received_on=date(2026, 10, 10),
            decision=Decision.MAINTAIN,
            decision_notified_on=date(2026, 10, 29),
        )
    recompute_reviews(today=TODAY)


@pytest.fixture
def areas(north: AreaTeam, west: AreaTeam) -> tuple[AreaTeam, AreaTeam]:
    caseload(north, plans=2, overdue=1, decided=1)
    caseload(west, plans=1, overdue=3, decided=0)
    return north, west


def main_of(response: HttpResponseBase) -> str:
    assert isinstance(response, HttpResponse)
    page: str = response.content.decode()
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_managers_home_shows_the_figures_of_every_area(areas, manager):
    response = client_for(manager).get("/manager/")

    figures = response.context["figures"]
    assert figures.area is None
    # North 2 + 1 + 1 plans, West 1 + 3: 8 active; due in 12 weeks: 3; backlog 4.
    assert figures.caseload.active_plans == 8
    assert figures.caseload.reviews_due_next_12_weeks == 3
    assert figures.backlog.total == 4
    assert (figures.decisions.done, figures.decisions.on_time) == (1, 1)
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
    assert "Worked out at 10:00" in first.content.decode()

    caseload(north, plans=3, overdue=0, decided=0)
    with CaptureQueriesContext(connection) as queries:
        cached = client.get("/manager/", {"area": north.pk})
    assert cached.context["figures"].caseload.active_plans == before
    # Everything on the page came from the cache: not one query reads the reviews.
    assert not any("reviews_review" in q["sql"] for q in queries)

    assert refresh_current_figures() == 3  # the whole service, North and West
    refreshed = client.get("/manager/", {"area": north.pk})
    assert refreshed.context["figures"].caseload.active_plans == before + 3


def test_charts_are_accessible_svg_with_a_table_of_their_numbers(areas, manager):
    page = main_of(client_for(manager).get("/manager/"))

    svg = re.search(
        r'<svg [^>]*aria-labelledby="chart-backlog-bands-title[^"]*".*?</svg>', page, re.S
    )
    assert svg is not None
    assert 'role="img"' in svg.group(0)
    assert '<title id="chart-backlog-bands-title">' in svg.group(0)
    assert '<desc id="chart-backlog-bands-desc">Bar chart of the 4 overdue reviews' in svg.group(0)
    assert "style=" not in page.split("</form>", 1)[1]
    table = page.split(
        '<caption class="govuk-table__caption govuk-table__caption--s">Reviews in the backlog by time overdue',
        1,
    )[1]
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*<td[^>]*>([^<]+)</td>',
        table.split("</table>", 1)[0],
    )
    assert rows == [
        ("Up to 4 weeks", "0"),
        ("4 to 12 weeks", "4"),
        ("12 to 26 weeks", "0"),
        ("26 to 52 weeks", "0"),
        ("52 weeks or more", "0"),
    ]


def snapshot(day: date, area: AreaTeam | None, *, backlog: int, decided: tuple[int, int]) -> None:
    DailySnapshot.objects.create(
        area=area,
        day=day,
        taken_at=timezone.now(),
        active_plans=100,
        reviews_due_next_12_weeks=10,
        backlog=backlog,
        decisions_done=decided[0],
        decisions_on_time=decided[1],
        meetings_done=0,
        meetings_on_time=0,
        final_plans_done=0,
        final_plans_on_time=0,
        phase_transfer_due=0,
        phase_transfer_on_time=0,
        volunteers_active=2,
        release_days_used=5,
        checklists_submitted=9,
    )


def test_trends_are_drawn_from_the_snapshots_not_live_figures(areas, manager):
    north, _ = areas
    snapshot(TODAY - timedelta(days=2), None, backlog=70, decided=(8, 2))
    snapshot(TODAY - timedelta(days=1), None, backlog=65, decided=(8, 4))
    snapshot(TODAY - timedelta(days=1), north, backlog=11, decided=(3, 3))
    snapshot(TODAY - timedelta(days=400), None, backlog=99, decided=(1, 1))  # too old

    response = client_for(manager).get("/manager/")

    trend = response.context["trends"]["trend_backlog"]
    assert trend.rows == [("21 Nov 2026", ["70", "10"]), ("22 Nov 2026", ["65", "10"])]
    timeliness = response.context["trends"]["trend_timeliness"]
    assert [values[0] for _, values in timeliness.rows] == ["25.0%", "50.0%"]
    assert [values[1] for _, values in timeliness.rows] == ["No data", "No data"]
    page = main_of(response)
    assert 'aria-labelledby="chart-trend-backlog-title chart-trend-backlog-desc"' in page
    assert "From the nightly snapshots of the last 2 days with figures." in page

    north_page = client_for(manager).get("/manager/", {"area": north.pk})
    assert north_page.context["trends"]["trend_backlog"].rows == [("22 Nov 2026", ["11", "10"])]


def test_with_no_snapshots_the_page_says_trends_start_with_the_first(areas, manager):
    response = client_for(manager).get("/manager/")
    assert response.context["trends"] == {}
    assert "There are no snapshots yet." in main_of(response)


def test_chart_text_is_escaped_and_a_missing_value_is_a_gap_not_a_zero():
    chart = Chart(
        id="gap",
        title="<b>North</b> & West",
        description="Three days",
        labels=["1 Nov", "2 Nov", "3 Nov"],
        series=[Series("Backlog", [4, None, 6])],
    )

    svg = str(chart.svg)

    assert "<b>" not in svg
    assert '<title id="gap-title">&lt;b&gt;North&lt;/b&gt; &amp; West</title>' in svg
    assert "<polyline" not in svg  # no line drawn across the missing day
    assert svg.count("<circle") == 2
    assert chart.rows == [("1 Nov", ["4"]), ("2 Nov", ["No data"]), ("3 Nov", ["6"])]


def test_a_series_must_have_one_value_per_label():
    with pytest.raises(ValueError, match="one value per label"):
        Chart(id="x", title="T", description="D", labels=["a", "b"], series=[Series("S", [1])])
