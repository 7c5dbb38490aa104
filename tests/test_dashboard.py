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

from casework.models import Plan
from organisation.models import AreaTeam
from reporting.charts import Chart, Series
from reporting.models import DailySnapshot
from reporting.tasks import refresh_current_figures
from reviews.models import Decision
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
            decided=True,
            due_on=date(2026, 10, 1),
            report_received_on=date(2026, 10, 10),
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
        ("More than 52 weeks", "0"),
    ]


def table_rows(page: str, table_id: str) -> list[list[str]]:
    """The rows of one table of the page: its row heading, then each cell's text."""
    table = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return [
        [heading, *re.findall(r"<td[^>]*>([^<]*)</td>", cells)]
        for heading, cells in re.findall(
            r'<th scope="row" class="govuk-table__header">([^<]+)</th>(.*?)</tr>', table, re.S
        )
    ]


def decisions_outstanding(area: AreaTeam) -> None:
    """Reviews due and met on 1 June 2026: one decision on day 20, three never recorded;
    one decision late (day 40) due and met 2 June 2025, in the calendar year 2025."""
    ReviewFactory.create(
        plan=PlanFactory.create(area=area),
        decided=True,
        due_on=date(2026, 6, 1),
        decision_notified_on=date(2026, 6, 21),
    )
    for _ in range(3):
        ReviewFactory.create(
            plan=PlanFactory.create(area=area),
            held=True,
            due_on=date(2026, 6, 1),
        )
    ReviewFactory.create(
        plan=PlanFactory.create(area=area),
        decided=True,
        due_on=date(2025, 6, 2),
        decision=Decision.AMEND,
        decision_notified_on=date(2025, 7, 12),
    )
    recompute_reviews(today=TODAY)


def test_each_share_is_shown_with_its_numbers_and_the_decisions_never_recorded(north, manager):
    decisions_outstanding(north)

    page = main_of(client_for(manager).get("/manager/"))

    assert table_rows(page, "timeliness-decisions") == [
        ["Notified within 4 weeks of the meeting", "0 of 1, 0.0%", "1 of 4, 25.0%"],
        ["Notified later", "1", "0"],
        ["None recorded", "0", "3"],
    ]
    assert table_rows(page, "timeliness-meetings")[0] == ["Reviews expected", "1", "4"]
    assert table_rows(page, "timeliness-final-plans")[2] == [
        "Not issued (none recorded)",
        "1",
        "0",
    ]
    assert '<th scope="col" class="govuk-table__header">Due in 2025</th>' in page
    assert (
        '<th scope="col" class="govuk-table__header">Due in the 12 months to 23 November 2026</th>'
    ) in page
    # No percentage stands alone, as the old headline did (decisions made, all on time,
    # with the outstanding ones left out): each has the numbers it is taken from.
    assert re.findall(r">\s*[\d.]+%\s*<", page) == []


def test_the_page_writes_out_how_each_figure_is_counted(north, manager):
    page = main_of(client_for(manager).get("/manager/"))

    assert "How these figures are counted" in page
    for term in (
        "Reviews expected",
        "Decisions",
        "Final amended plans",
        "Decisions outside the 12-month period",
        "Reports not received",
    ):
        assert f'<dt class="govuk-summary-list__key">{term}</dt>' in page
    assert "statistics of EHCP annual reviews" in page
    assert "counts as the step done, on the day the family was told" in page


def test_decisions_outside_the_period_and_reports_not_received_are_on_the_dashboard(north, manager):
    """Due 1 June 2026: met 20 May, decided 10 June (outside the period) with no report."""
    ReviewFactory.create(
        plan=PlanFactory.create(area=north),
        decided=True,
        due_on=date(2026, 6, 1),
        meeting_on=date(2026, 5, 20),
        decision_notified_on=date(2026, 6, 10),
    )
    recompute_reviews(today=TODAY)

    page = main_of(client_for(manager).get("/manager/"))

    assert table_rows(page, "timeliness-other") == [
        ["Decisions outside the 12-month period", "0", "1"],
        ["Reports of the meeting not received", "0", "1"],
    ]


def test_a_manager_chooses_the_calendar_year(north, manager):
    decisions_outstanding(north)
    client = client_for(manager)

    response = client.get("/manager/", {"year": "2024"})

    assert response.context["figures"].calendar_year.period.label == "2024"
    page = main_of(response)
    assert '<option value="2024" selected>2024</option>' in page
    assert table_rows(page, "timeliness-meetings")[0] == ["Reviews expected", "0", "4"]
    assert '<option value="">2025</option>' in page


def test_a_year_not_on_the_list_shows_the_last_complete_year_and_says_so(north, manager):
    response = client_for(manager).get("/manager/", {"year": "1999"})

    assert response.status_code == 200
    assert response.context["figures"].calendar_year.period.label == "2025"
    assert "Choose a year from the list; these are the figures of 2025" in main_of(response)


def snapshot(
    day: date,
    area: AreaTeam | None,
    *,
    backlog: int,
    decided: tuple[int, int],
    none_recorded: int | None = 0,
) -> None:
    """`decided` is (decisions counted, on time); `none_recorded` None for a snapshot taken
    before the figures counted decisions never made."""
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
        figures={}
        if none_recorded is None
        else {
            "decisions_none_recorded": none_recorded,
            "meetings_not_held": 0,
            "final_plans_not_issued": 0,
        },
    )


def test_trends_are_drawn_from_the_snapshots_not_live_figures(areas, manager):
    north, _ = areas
    snapshot(TODAY - timedelta(days=3), None, backlog=72, decided=(5, 5), none_recorded=None)
    snapshot(TODAY - timedelta(days=2), None, backlog=70, decided=(8, 2), none_recorded=3)
    snapshot(TODAY - timedelta(days=1), None, backlog=65, decided=(8, 4))
    snapshot(TODAY - timedelta(days=1), north, backlog=11, decided=(3, 3))
    snapshot(TODAY - timedelta(days=400), None, backlog=99, decided=(1, 1))  # too old

    response = client_for(manager).get("/manager/")

    trend = response.context["trends"]["trend_backlog"]
    assert trend.rows == [
        ("20 Nov 2026", ["72", "10"]),
        ("21 Nov 2026", ["70", "10"]),
        ("22 Nov 2026", ["65", "10"]),
    ]
    timeliness = response.context["trends"]["trend_timeliness"]
    # A snapshot from before decisions never made were counted is no data, not a share.
    assert [values[0] for _, values in timeliness.rows] == [
        "No data",
        "25.0% (2 of 8; none recorded 3)",
        "50.0% (4 of 8; none recorded 0)",
    ]
    assert [values[1] for _, values in timeliness.rows] == ["No data"] * 3
    page = main_of(response)
    assert 'aria-labelledby="chart-trend-backlog-title chart-trend-backlog-desc"' in page
    assert "From the nightly snapshots of the last 3 days with figures." in page

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
