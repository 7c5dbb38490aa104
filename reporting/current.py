"""The dashboard's current figures, kept in the cache and refreshed by the worker.

Working out every KPI reads the whole caseload: about 1.7 seconds for all area teams at
700,000 plans (bench/dashboard.py). A manager's page must answer in a few hundred
milliseconds, so the worker works the figures out every REFRESH_MINUTES for the whole
service and for each area team (`reporting.refresh_current_figures`), and pages and the
board report read them from the cache, saying when they were worked out. If the cache is
empty (a fresh start, or Redis restarted) the figures are worked out on the spot, once, and
kept.

Managers see every area, so one set of figures per area serves every manager; the cache is
never used for anyone else. The backlog forecast's aggregates are kept the same way, worked out for every area at once
(reporting.forecast_inputs.forecast_measures_by_area), and its page says how old they are.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from common.replica import reading_from_replica
from organisation.models import AreaTeam
from reporting.forecast_inputs import (
    ForecastMeasures,
    forecast_measures_by_area,
    forecast_open_counted,
)
from reporting.kpis import Dashboard, dashboard_figures, dashboard_figures_by_area
from reporting.scope import ByArea, Counted, counts_of, scope_whole_service
from reporting.timeliness import last_complete_year
from reviews.models import Review
from reviews.selectors import AREA_COUNTS, review_counts_by_area

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


def current_area_counts_work_out(
    *, today: datetime.date, counted: ByArea[dict[str, int]] | None = None
) -> list[dict[str, Any]]:
    """Open reviews, the backlog and those due soon, per area team with open reviews, worked
    out now (or taken from `counted`, the worker's pass, by area id) and kept."""
    if counted is None:
        counts = review_counts_by_area(Review.objects.all())
    else:
        counts = [
            {"area": area.name, **counted[area.pk]}
            for area in AreaTeam.objects.order_by("name")
            if counted.get(area.pk, {}).get("open")
        ]
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


def _forecast_key(area_id: int | None, today: datetime.date) -> str:
    where = area_id if area_id is not None else "all"
    return f"reporting:forecast:v{FIGURES_VERSION}:{where}:{today.isoformat()}"


def current_forecasts_work_out(
    *, today: datetime.date, open_counts: ByArea[tuple[int, list[int]]] | None = None
) -> ByArea[CurrentForecast]:
    """Work the forecast's aggregates out now for every area team and the whole service, in
    one set of queries grouped by area (reporting.forecast_inputs), and keep them all;
    `open_counts` the open reviews already counted in the worker's pass."""
    worked_out_at = timezone.now()
    kept = {
        key: CurrentForecast(measures=measures, worked_out_at=worked_out_at)
        for key, measures in forecast_measures_by_area(today=today, open_counts=open_counts).items()
    }
    cache.set_many(
        {_forecast_key(key, today): current for key, current in kept.items()}, KEEP_SECONDS
    )
    return kept


def current_forecast(area: AreaTeam | None, *, today: datetime.date) -> CurrentForecast:
    """Today's forecast aggregates for the area (None: every area), from the cache if there;
    if not, every area's are worked out and kept. The page adds the teams' officers and
    defaults as they are now (forecast_inputs_from)."""
    key = area.pk if area else None
    found = cache.get(_forecast_key(key, today))
    if isinstance(found, CurrentForecast):
        return found
    return current_forecasts_work_out(today=today)[key]


@reading_from_replica()
def current_figures_refresh(*, today: datetime.date | None = None) -> int:
    """Work out the figures and the forecast of the whole service and of every area team
    (the worker's task). Read from the replica, if there is one: the figures are kept for
    minutes anyway, and they write nothing to the database."""
    today = today or timezone.localdate()
    areas: list[AreaTeam | None] = [None, *AreaTeam.objects.order_by("name")]
    # One pass over the reviews counts the dashboard's figures, the forecast's open reviews and
    # the table of open reviews per area, for every area at once.
    grouped = dashboard_figures_by_area(
        scope_whole_service(),
        today=today,
        also={
            "forecast": forecast_open_counted(today=today),
            "area_counts": Counted(counts_of(AREA_COUNTS), dict),
        },
    )
    for area in areas:
        current_figures_work_out(area, today=today, known=grouped[area.pk if area else None])
    current_forecasts_work_out(
        today=today, open_counts={key: figures["forecast"] for key, figures in grouped.items()}
    )
    current_area_counts_work_out(
        today=today, counted={key: figures["area_counts"] for key, figures in grouped.items()}
    )
    return len(areas)
