"""The worker's refresh works the figures read from the reviews out for every area team at once,
in one pass grouped by area:
on a generated caseload they equal the figures worked out area by area, for each area and
for the whole service, and the whole dashboard, forecast and table of areas kept by the refresh
equal those worked out live."""

from collections.abc import Callable
from datetime import date

import pytest

from organisation.models import AreaTeam
from reporting.backlog import kpi_backlog
from reporting.current import (
    current_area_counts,
    current_figures,
    current_figures_refresh,
    current_forecast,
)
from reporting.forecast_inputs import forecast_measures
from reporting.kpis import (
    dashboard_figures,
    dashboard_figures_by_area,
    kpi_caseload,
    kpi_phase_transfer,
)
from reporting.scope import scope_whole_service
from reporting.timeliness import (
    kpi_decisions_by_month,
    kpi_timeliness,
    last_complete_year,
    period_calendar_year,
    period_twelve_months_to,
)
from reviews.models import Review
from reviews.recompute import recompute_reviews
from reviews.selectors import review_counts_by_area
from tests.factories import AreaTeamFactory, CaseOfficerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

TODAY = date(2026, 11, 23)


@pytest.fixture
def generated(north, west):
    from demo.caseload import demo_caseload_seed

    AreaTeamFactory.create(name="East")  # an area with no plans at all
    CaseOfficerFactory.create(areas=[north])
    demo_caseload_seed(plans=150, today=TODAY, seed=5)
    recompute_reviews(today=TODAY)


def test_grouped_figures_equal_the_figures_of_each_area_worked_out_alone(generated):
    def twelve_months(scope, *, today):
        return kpi_timeliness(scope, period=period_twelve_months_to(today), today=today)

    def calendar_year(scope, *, today):
        period = period_calendar_year(last_complete_year(today))
        return kpi_timeliness(scope, period=period, today=today)

    per_area: dict[str, Callable[..., object]] = {
        "caseload": kpi_caseload,
        "backlog": kpi_backlog,
        "twelve_months": twelve_months,
        "calendar_year": calendar_year,
        "decisions_by_month": kpi_decisions_by_month,
        "phase_transfer": kpi_phase_transfer,
    }
    grouped = dashboard_figures_by_area(scope_whole_service(), today=TODAY)
    areas = [None, *AreaTeam.objects.order_by("name")]
    assert set(grouped) == {area.pk if area else None for area in areas}
    for area in areas:
        figures = grouped[area.pk if area else None]
        assert set(figures) == set(per_area)
        for name, alone in per_area.items():
            assert figures[name] == alone(scope_whole_service(area=area), today=TODAY), (name, area)
    whole = grouped[None]
    # The generated caseload gives every figure something to count.
    assert whole["backlog"].total > 0
    assert whole["twelve_months"].expected > 0
    assert whole["calendar_year"].decisions.total > 0
    assert sum(month.total for month in whole["decisions_by_month"]) > 0
    assert sum(deadline.due for deadline in whole["phase_transfer"].deadlines) > 0


def test_the_refreshed_dashboard_equals_the_dashboard_worked_out_live(generated):
    current_figures_refresh(today=TODAY)
    for area in [None, *AreaTeam.objects.order_by("name")]:
        live = dashboard_figures(scope_whole_service(area=area), today=TODAY)
        assert current_figures(area, today=TODAY).figures == live
        kept = current_forecast(area, today=TODAY).measures
        assert kept == forecast_measures(today=TODAY, area=area)
    assert current_forecast(None, today=TODAY).measures.backlog > 0
    assert current_area_counts(today=TODAY) == review_counts_by_area(Review.objects.all())
