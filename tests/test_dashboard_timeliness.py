"""The timeliness figures on the manager's dashboard (issue 7): each share with the numbers it is
taken from and the decisions never recorded, how each figure is counted, decisions outside the
12-month period, reports not received, and the calendar year a manager chooses.
"""

import re
from datetime import date

import pytest

from organisation.models import AreaTeam
from reviews.models import Decision
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.dashboard_cases import TODAY, main_of
from tests.factories import PlanFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


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
