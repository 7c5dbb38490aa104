"""How the set-based recompute runs: the same queries for 5 or 50 reviews, the same result and no
duplicate alerts when run twice, nothing changed by a failure part way, two runs at once queued
by the advisory lock, and the nightly task on a real Celery worker.
"""

import threading
from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kentsend import celery_app
from reviews.models import Alert, DeadlineRules, Review
from reviews.recompute import RECOMPUTE_LOCK, recompute_reviews
from reviews.tasks import recompute_deadlines
from tests.conftest import run_at_once
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
