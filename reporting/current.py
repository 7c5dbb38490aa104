"""The dashboard's current figures, kept in the cache and refreshed by the worker.

Working out every KPI reads the whole caseload: about 1.7 seconds for all area teams at
700,000 plans (bench/dashboard.py). A manager's page must answer in a few hundred
milliseconds, so the worker works the figures out every REFRESH_MINUTES for the whole
service and for each area team (`reporting.refresh_current_figures`), and pages and the
board report read them from the cache, saying when they were worked out. If the cache is
empty (a fresh start, or Redis restarted) the figures are worked out on the spot, once, and
kept.

Managers see every area, so one set of figures per area serves every manager; the cache is
never used for anyone else. The backlog forecast's aggregates (about half a second for one
area at 700,000 plans) are kept the same way, and its page says how old they are.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from common.replica import reading_from_replica
from organisation.models import AreaTeam
from reporting.forecast_inputs import ForecastMeasures, forecast_measures
from reporting.kpis import GROUPED_FIGURES, Dashboard, dashboard_figures
from reporting.scope import scope_whole_service
from reporting.timeliness import last_complete_year
from reviews.models import Review
from reviews.selectors import review_counts_by_area

REFRESH_MINUTES = 10
# Kept a little longer than the refresh interval, so a late refresh never leaves a gap.
KEEP_SECONDS = REFRESH_MINUTES * 60 * 3


@dataclass(frozen=True)
class CurrentFigures:
    figures: Dashboard
    worked_out_at: datetime.datetime


# Raised whenever the shape of the figures changes, so a page never reads an older shape.
FIGURES_VERSION = 3


def _key(area: AreaTeam | None, today: datetime.date, year: int) -> str:
    where = area.pk if area else "all"
    return f"reporting:figures:v{FIGURES_VERSION}:{where}:{today.isoformat()}:{year}"


def current_figures_work_out(
    area: AreaTeam | None,
    *,
    today: datetime.date,
    year: int | None = None,
    known: Mapping[str, Any] | None = None,
) -> CurrentFigures:
    """Work the figures out now and keep them; `year` is the calendar year of the timeliness
    figures (None: the last complete one, the one the worker keeps current); `known` the
    figures already worked out for every area at once (current_figures_refresh)."""
    year = year or last_complete_year(today)
    current = CurrentFigures(
        figures=dashboard_figures(
            scope_whole_service(area=area), today=today, year=year, known=known
        ),
        worked_out_at=timezone.now(),
    )
    cache.set(_key(area, today, year), current, KEEP_SECONDS)
    return current


def current_figures(
    area: AreaTeam | None, *, today: datetime.date, year: int | None = None
) -> CurrentFigures:
    """Today's figures for the area (None: the whole service), from the cache if there."""
    found = cache.get(_key(area, today, year or last_complete_year(today)))
    if isinstance(found, CurrentFigures):
        return found
    return current_figures_work_out(area, today=today, year=year)


def current_area_counts_work_out(*, today: datetime.date) -> list[dict[str, Any]]:
    """Open reviews, the backlog and those due soon, per area team, worked out now and kept."""
    counts = review_counts_by_area(Review.objects.all())
    cache.set(f"reporting:area-counts:{today.isoformat()}", counts, KEEP_SECONDS)
    return counts


def current_area_counts(*, today: datetime.date) -> list[dict[str, Any]]:
    """The table of open reviews per area team under the dashboard, from the cache if there."""
    found = cache.get(f"reporting:area-counts:{today.isoformat()}")
    if isinstance(found, list):
        return found
    return current_area_counts_work_out(today=today)


@dataclass(frozen=True)
class CurrentForecast:
    measures: ForecastMeasures
    worked_out_at: datetime.datetime


def _forecast_key(area: AreaTeam | None, today: datetime.date) -> str:
    where = area.pk if area else "all"
    return f"reporting:forecast:v{FIGURES_VERSION}:{where}:{today.isoformat()}"


def current_forecast_work_out(area: AreaTeam | None, *, today: datetime.date) -> CurrentForecast:
    """Work the forecast's aggregates out now (reporting.forecast_inputs) and keep them."""
    current = CurrentForecast(
        measures=forecast_measures(today=today, area=area), worked_out_at=timezone.now()
    )
    cache.set(_forecast_key(area, today), current, KEEP_SECONDS)
    return current


def current_forecast(area: AreaTeam | None, *, today: datetime.date) -> CurrentForecast:
    """Today's forecast aggregates for the area (None: every area), from the cache if there.
    The page adds the teams' officers and defaults as they are now (forecast_inputs_from)."""
    found = cache.get(_forecast_key(area, today))
    if isinstance(found, CurrentForecast):
        return found
    return current_forecast_work_out(area, today=today)


@reading_from_replica()
def current_figures_refresh(*, today: datetime.date | None = None) -> int:
    """Work out the figures and the forecast of the whole service and of every area team
    (the worker's task). Read from the replica, if there is one: the figures are kept for
    minutes anyway, and they write nothing to the database."""
    today = today or timezone.localdate()
    areas: list[AreaTeam | None] = [None, *AreaTeam.objects.order_by("name")]
    # The figures that can be worked out for every area in one pass grouped by area.
    grouped = {
        name: by_area(scope_whole_service(), today=today)
        for name, by_area in GROUPED_FIGURES.items()
    }
    for area in areas:
        key = area.pk if area else None
        known = {name: figures[key] for name, figures in grouped.items() if key in figures}
        current_figures_work_out(area, today=today, known=known)
        current_forecast_work_out(area, today=today)
    current_area_counts_work_out(today=today)
    return len(areas)
