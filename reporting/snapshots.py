"""Daily snapshots of the dashboard's figures, and the series the trend charts read.

A snapshot is taken for the whole service (area empty) and for each area team, from the
same KPI functions as the dashboard (reporting.kpis). Taking it twice on one day leaves one
row per (area, day): the second run replaces the first, under an advisory lock so two runs at
once queue rather than race.
"""

import dataclasses
import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from organisation.models import AreaTeam
from reporting.kpis import Dashboard, dashboard_figures
from reporting.models import DailySnapshot
from reporting.scope import scope_whole_service

SNAPSHOT_LOCK = 7_362_007  # pg_advisory_xact_lock key: "the daily snapshot"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def snapshot_fields(figures: Dashboard) -> dict[str, Any]:
    """The columns of a DailySnapshot row for one set of dashboard figures."""
    programme = figures.volunteers
    phase_transfer = figures.phase_transfer.deadlines
    timeliness = figures.twelve_months
    details = {
        "backlog_bands": [dataclasses.asdict(band) for band in figures.backlog.bands],
        "decisions_none_recorded": timeliness.decisions.none_recorded,
        "meetings_not_held": timeliness.meetings.none_recorded,
        "final_plans_not_issued": timeliness.final_plans.none_recorded,
        "decisions_by_month": [dataclasses.asdict(month) for month in figures.decisions_by_month],
        "phase_transfer": {
            "academic_year": figures.phase_transfer.academic_year,
            "deadlines": [dataclasses.asdict(deadline) for deadline in phase_transfer],
        },
        "release_days_approved": programme.release_days_approved,
        "grades": {grade.grade: grade.count for grade in programme.grades},
        "recommending_amendment": programme.recommending_amendment.part,
        "moderation_compared": programme.moderation.compared,
        "moderation_agreed": programme.moderation.agreed,
    }
    return {
        "active_plans": figures.caseload.active_plans,
        "reviews_due_next_12_weeks": figures.caseload.reviews_due_next_12_weeks,
        "backlog": figures.backlog.total,
        # Of the reviews due in the 12 months to the day (reporting.kpis): the whole each
        # share is taken of, none recorded included, and those on time.
        "decisions_done": timeliness.decisions.total,
        "decisions_on_time": timeliness.decisions.on_time,
        "meetings_done": timeliness.meetings.total,
        "meetings_on_time": timeliness.meetings.on_time,
        "final_plans_done": timeliness.final_plans.total,
        "final_plans_on_time": timeliness.final_plans.on_time,
        "phase_transfer_due": sum(deadline.due for deadline in phase_transfer),
        "phase_transfer_on_time": sum(deadline.met_on_time for deadline in phase_transfer),
        "volunteers_active": programme.volunteers_active,
        "release_days_used": programme.release_days_used,
        "checklists_submitted": programme.checklists_submitted,
        "figures": _jsonable(details),
    }


def snapshot_take(*, today: datetime.date | None = None) -> int:
    """Record today's figures for the whole service and for each area team; returns the
    number of rows written. Safe to run twice, or twice at once."""
    today = today or timezone.localdate()
    taken_at = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SNAPSHOT_LOCK])
        areas: list[AreaTeam | None] = [None, *AreaTeam.objects.order_by("name")]
        for area in areas:  # a handful of area teams, each a fixed number of queries
            figures = dashboard_figures(scope_whole_service(area=area), today=today)
            DailySnapshot.objects.update_or_create(
                area=area,
                day=today,
                defaults={**snapshot_fields(figures), "taken_at": taken_at},
            )
    return len(areas)


def snapshot_series(
    *, area: AreaTeam | None, until: datetime.date, days: int = 365
) -> QuerySet[DailySnapshot]:
    """The snapshots of one area (None: the whole service) over the `days` days to `until`,
    oldest first. One query, on the (area, day) unique index."""
    since = until - datetime.timedelta(days=days - 1)
    snapshots = DailySnapshot.objects.filter(day__range=(since, until)).order_by("day")
    if area is None:
        return snapshots.filter(area__isnull=True)
    return snapshots.filter(area=area)
