"""The manager's dashboard charts (issue 7): accessible SVG with a table of the same numbers,
trends drawn from the daily snapshots rather than live figures, escaped chart text, and a
missing value drawn as a gap, not a zero.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from organisation.models import AreaTeam
from reporting.charts import Chart, Series
from reporting.models import DailySnapshot
from tests.conftest import client_for
from tests.dashboard_cases import TODAY, areas, main_of

# a fixture from tests/dashboard_cases.py, found by pytest among this module's names
__all__ = ["areas"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


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
