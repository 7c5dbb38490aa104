"""The manager's dashboard as issue 17 left it: counts with thousands separators, the area
teams section linked to the queue, and charts of the phase transfers, the volunteer
programme and the schools' SEN information reports, each with a table of its numbers.
"""

import dataclasses
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import escape

from localoffer.models import SenInformationReport, SenReportItem
from reporting.charts import format_value
from reporting.current import CurrentFigures, _key, current_figures
from reporting.kpis import kpi_checklists_by_week
from reporting.templatetags.figures import figure
from reporting.timeliness import last_complete_year
from tests.conftest import client_for
from tests.dashboard_cases import TODAY, areas, main_of
from tests.factories import ChecklistFactory, SettingFactory
from tests.kpi_cases import everything

# a fixture from tests/dashboard_cases.py, found by pytest among this module's names
__all__ = ["areas"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (0, "0"),
        (999, "999"),
        (1234, "1,234"),
        (700000, "700,000"),
        (2.5, "2.5"),
        (Decimal("12345.0"), "12,345"),
        (None, "No data"),
        ("", ""),
    ],
)
def test_a_figure_is_printed_with_thousands_separators(value, printed):
    assert figure(value) == printed


def test_a_chart_axis_labels_its_ticks_with_thousands_separators():
    assert format_value(25000) == "25,000"


def test_the_dashboard_prints_large_counts_with_thousands_separators(areas, manager):
    today = timezone.localdate()
    real = current_figures(None, today=today)
    large = dataclasses.replace(
        real.figures,
        caseload=dataclasses.replace(real.figures.caseload, active_plans=123456),
        volunteers=dataclasses.replace(real.figures.volunteers, release_days_approved=4321),
    )
    cache.set(
        _key(None, today, last_complete_year(today)), CurrentFigures(large, real.worked_out_at)
    )

    page = main_of(client_for(manager).get("/manager/"))

    assert ">123,456<" in page
    assert ">4,321<" in page
    assert "123456" not in page


def test_the_area_teams_section_links_each_team_to_its_queue(areas, manager):
    response = client_for(manager).get("/manager/")
    page = main_of(response)

    assert 'href="#area-teams"' in page  # "See the area teams" in what a manager can do
    section = page.split('id="area-teams"', 1)[1]
    for row in response.context["counts"]:
        queue = f"/casework/?area={row['area']}"
        assert f'href="{queue}"' in section
        assert f'href="{queue}&amp;state=overdue">{row["backlog"]}<' in section
        assert f'href="{queue}&amp;state=due_soon">{row["due_soon"]}<' in section
    assert [row["backlog"] for row in response.context["counts"]] == [1, 3]


def _chart_rows(page: str, caption: str) -> list[tuple[str, ...]]:
    """The rows of the table under the chart whose caption starts with `caption`."""
    table = page.split(f'<caption class="govuk-table__caption govuk-table__caption--s">{caption}')[
        1
    ]
    body = table.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in body.split('<tr class="govuk-table__row">')[1:]:
        label = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, re.S)
        assert label is not None
        rows.append((label.group(1).strip(), *re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)))
    return rows


def test_the_dashboard_charts_phase_transfers_by_deadline(areas, manager):
    page = main_of(client_for(manager).get("/manager/"))

    assert '<title id="chart-phase-transfers-title">Phase transfers 2026/27 by deadline' in page
    rows = _chart_rows(page, "Phase transfers 2026/27 by deadline, all area teams")
    assert [row[0] for row in rows] == [
        "Before 15 February",
        "Before 31 March (secondary to post-16)",
    ]
    assert all(len(row) == 4 for row in rows)  # final by the deadline, late, not yet final


def test_the_dashboard_charts_the_volunteer_programme(north, manager):
    submitted_at = timezone.make_aware(datetime(2026, 11, 17, 15, 30))
    for _ in range(2):
        ChecklistFactory.create(
            submitted=True, submitted_at=submitted_at, assignment__review__plan__area=north
        )

    page = main_of(client_for(manager).get("/manager/"))

    assert '<title id="chart-release-days-title">Release days approved and used' in page
    weeks = _chart_rows(page, "Checklists submitted each week, all area teams")
    assert len(weeks) == 12
    assert weeks[-2:] == [("16 Nov 2026", "2"), ("23 Nov 2026", "0")]


def test_checklists_by_week_count_the_weeks_from_monday_to_sunday(north, manager):
    def submit(day: date, hour: int = 12) -> None:
        ChecklistFactory.create(
            submitted=True,
            submitted_at=timezone.make_aware(datetime(day.year, day.month, day.day, hour)),
            assignment__review__plan__area=north,
        )

    submit(date(2026, 11, 22), hour=23)  # Sunday evening where the council is: last week
    submit(date(2026, 11, 23))  # Monday: this week
    submit(date(2026, 11, 16))
    submit(TODAY - timedelta(weeks=12))  # before the first week
    ChecklistFactory.create(assignment__review__plan__area=north)  # a draft

    weeks = kpi_checklists_by_week(everything(manager), today=TODAY)

    assert weeks[0].week == date(2026, 9, 7)
    assert [(w.week, w.count) for w in weeks[-2:]] == [
        (date(2026, 11, 16), 2),
        (date(2026, 11, 23), 1),
    ]
    assert sum(w.count for w in weeks) == 3


def test_the_dashboard_charts_the_schools_sen_information_reports(north, west, manager):
    schools = [SettingFactory.create(area=north) for _ in range(4)] + [
        SettingFactory.create(area=west)
    ]
    checked = timezone.now()
    SenInformationReport.objects.create(
        setting=schools[0],
        url="https://school.example/sen",
        items_met=list(SenReportItem.values),
        assessed_at=checked,
    )
    SenInformationReport.objects.create(
        setting=schools[1], url="", items_met=[SenReportItem.KINDS_OF_SEN], assessed_at=checked
    )

    client = client_for(manager)
    every = main_of(client.get("/manager/"))
    west_only = main_of(client.get("/manager/", {"area": west.pk}))

    assert _chart_rows(every, "Schools&#x27; SEN information reports, all area teams") == [
        ("Complete", "1"),
        ("Incomplete", "1"),
        ("Not checked yet", "3"),
    ]
    assert _chart_rows(west_only, "Schools&#x27; SEN information reports, West") == [
        ("Complete", "0"),
        ("Incomplete", "0"),
        ("Not checked yet", "1"),
    ]
    assert f'?area={west.pk}">See each school' in west_only.split('id="sen-reports"', 1)[1]
    assert escape("Schools' SEN information reports") in every
