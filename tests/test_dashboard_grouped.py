"""The worker's refresh works every figure out for every area team at once, in queries grouped
by area (one pass over the reviews for those read from them): on a generated caseload with a
volunteer programme and families told of late steps they equal the figures worked out area by
area, for each area and for the whole service; the whole dashboard, forecast and table of areas
kept by the refresh equal those worked out live; and the refresh asks as many queries for five
areas as for two."""

from collections.abc import Callable
from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contributions.deadline_notice_models import NOTICE_STEPS, DeadlineNotice
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
    kpi_families_told,
    kpi_phase_transfer,
    kpi_volunteer_programme,
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
from tests.factories import AreaTeamFactory, AssignmentFactory, CaseOfficerFactory
from tests.kpi_cases import (
    fixture_programme,  # noqa: F401  (a fixture)
    review_in,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

TODAY = date(2026, 11, 23)


@pytest.fixture
def generated(north, west):
    from demo.caseload import demo_caseload_seed

    AreaTeamFactory.create(name="East")  # an area with no plans at all
    CaseOfficerFactory.create(areas=[north])
    demo_caseload_seed(plans=150, today=TODAY, seed=5)
    recompute_reviews(today=TODAY)


def _told_on(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9)))


@pytest.fixture
def volunteering(programme, north, west):
    """The programme of tests/kpi_cases.py (North and West), with Fay, a West SENCO, also
    holding a North review on a day she held a West one, so the whole service's days used
    are fewer than the areas' added up; and families told of late steps in both areas, in the
    last calendar year, in the 12 months to today, and in both."""
    fay = programme["Fay"]
    AssignmentFactory.create(review=review_in(north), volunteer=fay, release_day=date(2026, 11, 3))
    for area, told_on, without_reason in [
        (north, date(2025, 6, 2), False),
        (north, date(2025, 12, 15), True),
        (north, date(2026, 3, 4), False),
        (west, date(2026, 11, 20), True),
        (west, date(2024, 12, 31), False),  # in neither period
    ]:
        review = review_in(area)
        for step in NOTICE_STEPS[:2]:
            DeadlineNotice.objects.create(
                review=review,
                step=step.value,
                due_on=told_on,
                told_at=_told_on(told_on),
                told_without_reason=without_reason,
            )
    DeadlineNotice.objects.create(  # not yet told
        review=review_in(west), step=NOTICE_STEPS[0].value, due_on=TODAY
    )


def test_grouped_figures_equal_the_figures_of_each_area_worked_out_alone(generated, volunteering):
    def twelve_months(scope, *, today):
        return kpi_timeliness(scope, period=period_twelve_months_to(today), today=today)

    def calendar_year(scope, *, today):
        period = period_calendar_year(last_complete_year(today))
        return kpi_timeliness(scope, period=period, today=today)

    def families_told(scope, *, today):
        periods = (period_calendar_year(last_complete_year(today)), period_twelve_months_to(today))
        return kpi_families_told(scope, periods=periods)

    per_area: dict[str, Callable[..., object]] = {
        "caseload": kpi_caseload,
        "backlog": kpi_backlog,
        "twelve_months": twelve_months,
        "calendar_year": calendar_year,
        "decisions_by_month": kpi_decisions_by_month,
        "phase_transfer": kpi_phase_transfer,
        "volunteers": kpi_volunteer_programme,
        "families_told": families_told,
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
    volunteers = whole["volunteers"]
    assert volunteers.volunteers_active > 0
    assert volunteers.checklists_submitted > 0
    assert sum(week.count for week in volunteers.checklists_by_week) > 0
    assert volunteers.moderation.compared > 0
    # A day Fay held reviews in North and in West is one day of the whole service's.
    by_area = sum(
        grouped[area.pk]["volunteers"].release_days_used for area in AreaTeam.objects.all()
    )
    assert volunteers.release_days_used == by_area - 1
    assert [told.told for told in whole["families_told"]] == [4, 6]
    assert [told.told_without_reason for told in whole["families_told"]] == [2, 4]


def test_the_refreshed_dashboard_equals_the_dashboard_worked_out_live(generated, volunteering):
    current_figures_refresh(today=TODAY)
    for area in [None, *AreaTeam.objects.order_by("name")]:
        live = dashboard_figures(scope_whole_service(area=area), today=TODAY)
        assert current_figures(area, today=TODAY).figures == live
        kept = current_forecast(area, today=TODAY).measures
        assert kept == forecast_measures(today=TODAY, area=area)
    assert current_forecast(None, today=TODAY).measures.backlog > 0
    assert current_area_counts(today=TODAY) == review_counts_by_area(Review.objects.all())


def _refresh_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        current_figures_refresh(today=TODAY)
    return len(queries.captured_queries)


def test_the_refresh_asks_as_many_queries_for_more_areas(volunteering):
    areas = AreaTeam.objects.count()
    _refresh_queries()  # the first also creates the programme's settings
    fewer = _refresh_queries()
    for name in ("East", "South", "Coast"):
        AssignmentFactory.create(review=review_in(AreaTeamFactory.create(name=name)))
    assert AreaTeam.objects.count() >= areas + 3
    assert _refresh_queries() == fewer
