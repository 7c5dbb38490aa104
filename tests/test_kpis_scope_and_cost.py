"""The managers' KPIs (issues 7 and 15) follow the area filter and the access rule of the
person asking, and the dashboard's figures cost a fixed number of queries.
Today is Monday 23 November 2026 unless a test says otherwise."""

from datetime import date

import pytest

from reporting.kpis import dashboard_figures, kpi_caseload
from reporting.scope import Scope, scope_for_user, scope_whole_service
from reporting.timeliness import StepTimeliness, kpi_timeliness, period_twelve_months_to
from reviews.recompute import recompute_reviews
from tests.kpi_cases import (
    TODAY,
    decided,
    fixture_programme,  # noqa: F401  (a fixture)
    review_in,
)

pytestmark = pytest.mark.django_db


# --- Scope and cost ---------------------------------------------------------------------------


def test_an_area_filter_counts_only_that_areas_plans(north, west, manager):
    decided(north, meeting_on=date(2026, 10, 1), after_days=28)
    decided(west, meeting_on=date(2026, 10, 1), after_days=29)
    decided(west, meeting_on=date(2026, 10, 1), after_days=None)

    def counted(scope: Scope) -> tuple[int, int, int]:
        figures = kpi_timeliness(scope, period=period_twelve_months_to(TODAY), today=TODAY)
        return figures.decisions.on_time, figures.decisions.late, figures.decisions.none_recorded

    assert counted(scope_for_user(manager, area=north)) == (1, 0, 0)
    assert counted(scope_for_user(manager, area=west)) == (0, 1, 1)
    assert counted(scope_for_user(manager)) == (1, 1, 1)
    assert counted(scope_whole_service(area=west)) == (0, 1, 1)


def test_the_figures_follow_the_access_rule_of_the_person_asking(north, west, officer_north):
    review_in(north, due_on=TODAY)
    review_in(west, due_on=TODAY)

    assert kpi_caseload(scope_for_user(officer_north), today=TODAY).active_plans == 1
    assert kpi_caseload(scope_whole_service(), today=TODAY).active_plans == 2
    twelve = period_twelve_months_to(TODAY)
    assert kpi_timeliness(scope_for_user(officer_north), period=twelve, today=TODAY).expected == 1


def test_every_figure_of_the_dashboard_costs_a_fixed_number_of_queries(
    programme, north, manager, django_assert_num_queries
):
    for day in (27, 28, 29, None):
        decided(north, meeting_on=date(2026, 10, 1), after_days=day)
    decided(north, meeting_on=date(2025, 6, 2), after_days=40, due_on=date(2025, 6, 30))
    recompute_reviews(today=TODAY)
    scope = scope_for_user(manager, area=north)

    # caseload 2, backlog 1, timeliness 1 for each period, decisions by month 1, phase
    # transfer 1, volunteer programme 5 (with checklists by week), families told of a missed
    # deadline 1 for both periods: the same whatever the number of plans.
    with django_assert_num_queries(13):
        figures = dashboard_figures(scope, today=TODAY)

    assert figures.twelve_months.decisions.share.in_words == "2 of 4, 50.0%"
    assert figures.calendar_year.period.label == "2025"
    assert figures.calendar_year.decisions == StepTimeliness(0, 1, 0)
    assert dashboard_figures(scope, today=TODAY, year=2024).calendar_year.expected == 0
