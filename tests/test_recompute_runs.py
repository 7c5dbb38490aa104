"""How the set-based recompute runs: the same queries for 5 or 50 reviews, the same result and no
duplicate alerts when run twice, nothing changed by a failure part way, two runs at once queued
by the advisory lock, a review changed while a run waits on it, and the nightly task on a real
Celery worker.
"""

import threading
from datetime import date, timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kentsend import celery_app
from reviews.models import Alert, DeadlineRules, Review
from reviews.recompute import RECOMPUTE_LOCK, recompute_reviews
from reviews.tasks import recompute_deadlines
from tests.conftest import run_at_once, wait_for
from tests.recompute_cases import TODAY, fresh, review_with

pytestmark = pytest.mark.django_db


def test_the_full_recompute_makes_the_same_queries_for_5_or_50_reviews():
    DeadlineRules.current()

    def queries_for(count: int) -> int:
        for _ in range(count):
            review_with()
        with CaptureQueriesContext(connection) as captured:
            recompute_reviews(today=TODAY)
        return len(captured.captured_queries)

    assert queries_for(5) == queries_for(45)


def test_running_twice_gives_the_same_result_and_no_duplicate_alerts():
    reviews = [
        review_with(issued=date(2025, 9, 1)),
        review_with(held=True, meeting_on=date(2026, 11, 1)),
    ]
    recompute_reviews(today=TODAY)
    first = list(Review.objects.order_by("id").values())
    alerts = Alert.objects.count()
    recompute_reviews(today=TODAY)
    assert list(Review.objects.order_by("id").values()) == first
    assert Alert.objects.count() == alerts == 3
    assert set(Alert.objects.values_list("review_id", "step", "kind")) == {
        (reviews[0].pk, "meeting", "overdue"),
        (reviews[1].pk, "report", "overdue"),
        (reviews[1].pk, "decision", "due_soon"),
    }


def test_a_failure_part_way_leaves_every_review_as_it_was(monkeypatch):
    review = review_with(issued=date(2025, 9, 1))
    monkeypatch.setattr("reviews.recompute.ALERTS_SQL", "SELECT no_such_function() {only}")
    with pytest.raises(Exception, match="no_such_function"):
        recompute_reviews(today=TODAY)
    assert fresh(review).state is None
    assert not Alert.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_full_recomputes_at_once_agree_and_raise_each_alert_once():
    for _ in range(30):
        review_with(issued=date(2025, 9, 1))
    run_at_once(lambda: recompute_reviews(today=TODAY))
    assert Review.objects.filter(in_backlog=True).count() == 30
    assert Alert.objects.count() == 30


@pytest.mark.django_db(transaction=True)
def test_a_full_recompute_waits_while_another_holds_the_advisory_lock():
    review = review_with(issued=date(2025, 9, 1))
    finished: list[int] = []

    def recompute() -> None:
        try:
            finished.append(recompute_reviews(today=TODAY))
        finally:
            connections.close_all()

    other = threading.Thread(target=recompute)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RECOMPUTE_LOCK])
        other.start()
        other.join(timeout=2)
        assert other.is_alive(), "the recompute ran while another run held the lock"
        assert finished == []
    other.join(timeout=30)
    assert finished == [1]
    assert fresh(review).in_backlog is True


def _another_session_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database() AND pid <> pg_backend_pid()"
        )
        (waiting,) = cursor.fetchone()
    return int(waiting) > 0


@pytest.mark.django_db(transaction=True)
def test_a_review_changed_while_a_full_recompute_runs_keeps_the_figures_of_its_change():
    # Worked out a month ago: the meeting, due in ten days, was not yet due.
    review = review_with(due_on=TODAY + timedelta(days=10))
    recompute_reviews(today=TODAY - timedelta(days=30))
    assert fresh(review).meeting_state == "not_yet_due"
    changed, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def officer_records_the_meeting() -> None:
        try:
            with transaction.atomic():
                Review.objects.filter(pk=review.pk).update(meeting_on=TODAY - timedelta(days=1))
                recompute_reviews(review_ids=[review.pk], today=TODAY)
                changed.set()
                release.wait(30)
        except BaseException as error:
            errors.append(error)
        finally:
            changed.set()
            connections.close_all()

    def nightly_run() -> None:
        try:
            recompute_reviews(today=TODAY)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    officer, nightly = (
        threading.Thread(target=officer_records_the_meeting),
        threading.Thread(target=nightly_run),
    )
    officer.start()
    changed.wait(30)
    # The nightly run reads the review as it was, works out its meeting due soon, and waits
    # for the officer's transaction to write it.
    nightly.start()
    waited = wait_for(_another_session_waits_on_a_lock)
    release.set()
    officer.join(30)
    nightly.join(30)
    assert not errors
    assert waited, "the nightly run never waited for the officer's change"
    review = fresh(review)
    assert (review.meeting_on, review.meeting_state) == (TODAY - timedelta(days=1), "done_on_time")
    assert not Alert.objects.filter(review=review, step="meeting").exists()
    # What is stored is what the review's inputs give: another run has nothing to change.
    assert recompute_reviews(review_ids=[review.pk], today=TODAY) == 0


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_nightly_task_recomputes_on_a_real_celery_worker():
    review = review_with(issued=date(2020, 1, 1))
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        recompute_deadlines.delay()
        for _ in range(150):
            if Review.objects.filter(pk=review.pk, state__isnull=False).exists():
                break
            threading.Event().wait(0.2)
    review = fresh(review)
    assert (review.in_backlog, review.recomputed_on) == (True, timezone.localdate())
