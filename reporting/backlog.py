"""The backlog (issue 7; DESIGN section 7): open reviews the deadline engine marks
`in_backlog` (a step is overdue), counted by the overdue bands of `reviews.overdue` by their
`days_overdue` (the most overdue step) today, from the `overdue_since` that
`reviews.recompute` stores. The
dashboard's figure (`kpi_backlog`) counts the reviews of active plans in a scope; the metrics
API's (`backlog_metrics`) counts the reviews a person may list, by band and by area, with the
timeliness of the 12 months to today.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from reporting.scope import OF_ACTIVE_PLAN, Counted, Scope
from reporting.timeliness import PeriodTimeliness, period_twelve_months_to, timeliness_of
from reviews.models import IS_OPEN, Review
from reviews.overdue import OVERDUE_BANDS


@dataclass(frozen=True)
class Band:
    label: str
    count: int


@dataclass(frozen=True)
class Backlog:
    total: int
    bands: tuple[Band, ...]


# in_backlog is set exactly when a step is overdue, so overdue_since is set: the second
# condition lets PostgreSQL use review_open_by_days_overdue.
IN_BACKLOG = IS_OPEN & Q(in_backlog=True, overdue_since__isnull=False)


def _backlog_reviews(scope: Scope) -> QuerySet[Review]:
    return scope.active_reviews.filter(IN_BACKLOG)


def _backlog_of(figures: Mapping[str, int]) -> Backlog:
    return Backlog(
        total=figures["total"],
        bands=tuple(Band(band.label, figures[f"band_{n}"]) for n, band in enumerate(OVERDUE_BANDS)),
    )


def kpi_backlog(scope: Scope, *, today: datetime.date) -> Backlog:
    """Open reviews in the backlog, by how long their most overdue step has been overdue."""
    return _backlog_of(
        _backlog_reviews(scope).aggregate(total=Count("id"), **_band_counts(today=today))
    )


def backlog_counted(*, today: datetime.date) -> Counted[Backlog]:
    """`kpi_backlog` of the whole service's scope, to be counted in one pass over every
    review (reporting.scope.counted_by_area)."""
    of_active_plans = IN_BACKLOG & OF_ACTIVE_PLAN
    return Counted(
        {
            "total": Count("id", filter=of_active_plans),
            **_band_counts(of_active_plans, today=today),
        },
        _backlog_of,
    )


def _band_counts(condition: Q | None = None, *, today: datetime.date) -> dict[str, Count]:
    return {
        f"band_{n}": Count("id", filter=(condition or Q()) & band.condition(today))
        for n, band in enumerate(OVERDUE_BANDS)
    }


# --- The backlog API (DESIGN section 7) --------------------------------------------------------


@dataclass(frozen=True)
class BacklogBand:
    label: str
    min_days: int
    max_days: int | None
    count: int


@dataclass(frozen=True)
class AreaBacklog:
    area: str
    open_reviews: int
    in_backlog: int


@dataclass(frozen=True)
class BacklogMetrics:
    """`GET /api/v1/metrics/backlog/`: the backlog and timeliness of the reviews a person
    may list (`reviews.selectors.review_list_for_user`), so `in_backlog` is the count of
    their review list filtered by `in_backlog`."""

    as_of: datetime.date
    open_reviews: int
    in_backlog: int
    bands: tuple[BacklogBand, ...]
    by_area: tuple[AreaBacklog, ...]
    timeliness: PeriodTimeliness


def backlog_metrics(reviews: QuerySet[Review], *, today: datetime.date) -> BacklogMetrics:
    """The backlog of `reviews` as they are listed (none left out), by band and by area, and
    the timeliness of the 12 months to today. Three queries, whatever the caseload."""
    in_backlog = Q(in_backlog=True)
    is_open = IS_OPEN
    # Named apart from the columns they count, which the filters name.
    totals = reviews.aggregate(
        n_open=Count("id", filter=is_open),
        n_backlog=Count("id", filter=in_backlog),
        **_band_counts(in_backlog, today=today),
    )
    by_area = (
        reviews.filter(is_open | in_backlog)
        .values(area_name=F("plan__area__name"))
        .annotate(n_open=Count("id", filter=is_open), n_backlog=Count("id", filter=in_backlog))
        .order_by("area_name")
    )
    return BacklogMetrics(
        as_of=today,
        open_reviews=totals["n_open"],
        in_backlog=totals["n_backlog"],
        bands=tuple(
            BacklogBand(band.label, band.fewest_days, band.most_days, totals[f"band_{n}"])
            for n, band in enumerate(OVERDUE_BANDS)
        ),
        by_area=tuple(
            AreaBacklog(row["area_name"], row["n_open"], row["n_backlog"]) for row in by_area
        ),
        timeliness=timeliness_of(reviews, period=period_twelve_months_to(today), today=today),
    )
