"""The worker's refresh works some figures out for every area team at once, grouped by area:
on a generated caseload they equal the figures worked out area by area, for each area and
for the whole service, and the whole dashboard kept by the refresh equals one worked out live."""

from datetime import date

import pytest

from organisation.models import AreaTeam
from reporting.backlog import kpi_backlog
from reporting.current import current_figures, current_figures_refresh
from reporting.kpis import GROUPED_FIGURES, dashboard_figures, kpi_caseload
from reporting.scope import scope_whole_service
from reviews.recompute import recompute_reviews
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
    per_area = {"caseload": kpi_caseload, "backlog": kpi_backlog}
    assert set(GROUPED_FIGURES) == set(per_area)
    for name, by_area in GROUPED_FIGURES.items():
        grouped = by_area(scope_whole_service(), today=TODAY)
        for area in [None, *AreaTeam.objects.order_by("name")]:
            alone = per_area[name](scope_whole_service(area=area), today=TODAY)
            assert grouped[area.pk if area else None] == alone, (name, area)
    assert grouped[None].total > 0


def test_the_refreshed_dashboard_equals_the_dashboard_worked_out_live(generated):
    current_figures_refresh(today=TODAY)
    for area in [None, *AreaTeam.objects.order_by("name")]:
        live = dashboard_figures(scope_whole_service(area=area), today=TODAY)
        assert current_figures(area, today=TODAY).figures == live
