"""The board summary (issue 17): one page, one table, a row per area team and the total, each
figure the dashboard's own for that team, worked out in two queries whatever the caseload."""

from datetime import date, timedelta

import pytest
from django.test import Client

from organisation.models import AreaTeam
from reporting.board_summary import board_summary
from reporting.kpis import dashboard_figures
from reporting.scope import scope_whole_service
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.dashboard_cases import TODAY, areas, caseload, main_of
from tests.factories import PlanFactory, ReviewFactory

# a fixture from tests/dashboard_cases.py, found by pytest among this module's names
__all__ = ["areas"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def _long_overdue_and_transfer(area: AreaTeam) -> None:
    """A review overdue for 20 weeks, and a plan due a phase transfer this year not yet final."""
    ReviewFactory.create(plan=PlanFactory.create(area=area), due_on=TODAY - timedelta(weeks=20))
    ReviewFactory.create(
        plan=PlanFactory.create(area=area),
        due_on=TODAY + timedelta(days=40),
        phase_transfer_override_on=date(2027, 2, 14),
    )
    recompute_reviews(today=TODAY)


def test_each_area_teams_row_holds_the_dashboards_figures_for_that_team(areas):
    _, west = areas
    _long_overdue_and_transfer(west)
    AreaTeam.objects.create(name="East")  # a team with no plans yet still has its row

    summary = board_summary(today=TODAY)

    assert [row.area for row in summary.rows] == ["East", "North", "West"]
    for row in summary.rows[1:]:
        area = AreaTeam.objects.get(pk=row.area_id)
        figures = dashboard_figures(scope_whole_service(area=area), today=TODAY)
        assert row.active_plans == figures.caseload.active_plans
        assert row.backlog == figures.backlog.total
        assert row.decisions == figures.twelve_months.decisions.share
        assert row.transfers_not_final == sum(d.not_met for d in figures.phase_transfer.deadlines)
    east, north_row, west_row = summary.rows
    assert (east.active_plans, east.backlog, east.decisions.whole) == (0, 0, 0)
    assert (west_row.overdue_long, north_row.overdue_long) == (1, 0)
    assert west_row.transfers_not_final == 1
    whole = dashboard_figures(scope_whole_service(), today=TODAY)
    assert summary.total.active_plans == whole.caseload.active_plans
    assert summary.total.backlog == whole.backlog.total
    assert summary.total.decisions == whole.twelve_months.decisions.share
    assert summary.total.overdue_long == 1


def test_the_summary_costs_two_queries_whatever_the_caseload(
    north, west, django_assert_num_queries
):
    caseload(north)
    with django_assert_num_queries(2):
        board_summary(today=TODAY)
    caseload(north, plans=5, overdue=4, decided=3)
    caseload(west, plans=3, overdue=2, decided=2)
    AreaTeam.objects.create(name="East")
    with django_assert_num_queries(2):
        board_summary(today=TODAY)


def test_the_board_summary_page_is_one_table_with_the_total(areas, manager):
    north, _ = areas
    response = client_for(manager).get("/manager/board-summary/")
    page = main_of(response)

    assert response.status_code == 200
    assert page.count("<table") == 1
    assert '<h1 class="govuk-heading-l">Board summary by area team</h1>' in page
    assert f'href="/manager/?area={north.pk}">North</a>' in page
    total = page.split('kentsend-total-row">', 1)[1].split("</tr>", 1)[0]
    assert "All area teams" in total
    assert "<strong>8</strong>" in total  # active plans
    assert "<strong>4</strong>" in total  # in the backlog
    assert 'href="/manager/board-report/"' in page


def test_the_dashboard_and_the_board_page_link_to_the_summary(manager):
    client = client_for(manager)
    for page in ("/manager/", "/manager/board-report/"):
        assert 'href="/manager/board-summary/"' in main_of(client.get(page))


MATRIX = {
    "officer_north": 403,
    "officer_west": 403,
    "volunteer": 403,
    "headteacher": 403,
    "manager": 200,
    "editor": 403,
}


@pytest.mark.parametrize("persona", MATRIX)
def test_only_managers_see_the_board_summary(persona, personas):
    response = client_for(personas[persona]).get("/manager/board-summary/")
    assert response.status_code == MATRIX[persona]


def test_anonymous_visitors_are_sent_to_sign_in_for_the_summary(db):
    assert Client().get("/manager/board-summary/")["Location"].startswith("/sign-in/")
