"""Daily snapshots (issue 7): one row per area team and one for all of them each day, even if
the task runs twice; taken by a real Celery worker on the beat schedule."""

from datetime import date, timedelta

import pytest
from celery.contrib.testing.worker import start_worker

from kentsend.celery import app as celery_app
from organisation.models import AreaTeam
from reporting.models import DailySnapshot
from reporting.snapshots import snapshot_series, snapshot_take
from reporting.tasks import take_daily_snapshot
from reviews.models import Decision, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.conftest import wait_for
from tests.factories import PlanFactory, ReviewFactory

TODAY = date(2026, 11, 23)


def caseload(north: AreaTeam, west: AreaTeam) -> None:
    """North: two plans, one review overdue by 40 days, one decided on day 29. West: one plan,
    its review due in 4 weeks."""
    ReviewFactory.create(plan=PlanFactory.create(area=north), due_on=TODAY - timedelta(40))
    ReviewFactory.create(
        plan=PlanFactory.create(area=north),
        status=ReviewStatus.DECISION_NOTIFIED,
        due_on=date(2026, 10, 1),
        meeting_on=date(2026, 10, 1),
        report_received_on=date(2026, 10, 10),
        decision=Decision.MAINTAIN,
        decision_notified_on=date(2026, 10, 30),
    )
    ReviewFactory.create(plan=PlanFactory.create(area=west), due_on=TODAY + timedelta(28))
    recompute_reviews(today=TODAY)


def figures_of(row: DailySnapshot) -> tuple[int, ...]:
    return (
        row.active_plans,
        row.reviews_due_next_12_weeks,
        row.backlog,
        row.decisions_done,
        row.decisions_on_time,
    )


@pytest.mark.django_db
def test_a_snapshot_records_every_area_and_the_whole_service(north, west):
    caseload(north, west)

    written = snapshot_take(today=TODAY)

    assert written == 3
    rows = {row.area.name if row.area else None: row for row in DailySnapshot.objects.all()}
    assert figures_of(rows[None]) == (3, 1, 1, 1, 0)
    assert figures_of(rows["North"]) == (2, 0, 1, 1, 0)
    assert figures_of(rows["West"]) == (1, 1, 0, 0, 0)
    assert rows["North"].decisions_percent == 0
    assert rows[None].figures["backlog_bands"][1] == {"label": "4 to 12 weeks", "count": 1}
    assert rows[None].figures["decisions_by_month"][-2] == {
        "month": "2026-10-01",
        "on_time": 0,
        "late": 1,
        "none_recorded": 0,
    }
    # The overdue review's meeting was never held: it is in the whole, not left out.
    assert (rows["North"].meetings_done, rows["North"].meetings_on_time) == (2, 1)
    assert rows["North"].figures["meetings_not_held"] == 1


@pytest.mark.django_db
def test_taking_the_snapshot_twice_in_a_day_leaves_one_row_per_area_with_the_latest_figures(
    north, west
):
    snapshot_take(today=TODAY)
    caseload(north, west)

    snapshot_take(today=TODAY)

    assert DailySnapshot.objects.count() == 3
    assert DailySnapshot.objects.get(area__isnull=True, day=TODAY).active_plans == 3


@pytest.mark.django_db
def test_each_day_adds_its_own_rows_and_the_series_reads_one_area_in_order(north, west):
    snapshot_take(today=TODAY - timedelta(days=1))
    caseload(north, west)
    snapshot_take(today=TODAY)

    whole = snapshot_series(area=None, until=TODAY, days=7)
    assert [(row.day, row.active_plans) for row in whole] == [
        (TODAY - timedelta(days=1), 0),
        (TODAY, 3),
    ]
    assert [row.active_plans for row in snapshot_series(area=west, until=TODAY)] == [0, 1]
    assert list(snapshot_series(area=north, until=TODAY - timedelta(days=2))) == []


@pytest.mark.django_db
def test_the_database_refuses_a_second_whole_service_row_for_a_day(db):
    from django.db import IntegrityError, transaction

    snapshot_take(today=TODAY)
    row = DailySnapshot.objects.get(area__isnull=True)
    row.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_the_snapshot_is_on_the_beat_schedule_after_the_nightly_recompute():
    celery_app.loader.import_default_modules()
    schedule = celery_app.conf.beat_schedule
    snapshot = next(e for e in schedule.values() if e["task"] == "reporting.take_daily_snapshot")
    recompute = next(e for e in schedule.values() if e["task"] == "reviews.recompute_deadlines")
    assert snapshot["schedule"].hour == {2}
    assert min(recompute["schedule"].hour) < min(snapshot["schedule"].hour)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_takes_the_snapshot_and_a_second_run_leaves_one_row_per_area(north, west):
    caseload(north, west)

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        take_daily_snapshot.delay()
        wait_for(lambda: DailySnapshot.objects.count() == 3)
        first_taken = DailySnapshot.objects.get(area__isnull=True).taken_at
        take_daily_snapshot.delay()
        wait_for(lambda: DailySnapshot.objects.get(area__isnull=True).taken_at != first_taken)

    assert DailySnapshot.objects.get(area__isnull=True).taken_at > first_taken
    assert DailySnapshot.objects.count() == 3
    assert DailySnapshot.objects.get(area=north).active_plans == 2
