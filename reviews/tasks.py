"""Thin adapters: each task calls a service, retries only on transient database errors."""

from celery import shared_task
from django.db import OperationalError

from reviews.alerts import alert_digests_send
from reviews.recompute import recompute_reviews


@shared_task(
    name="reviews.recompute_deadlines",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=600,
    time_limit=660,
)
def recompute_deadlines() -> int:
    """Recompute every open review (the nightly run)."""
    return recompute_reviews()


@shared_task(
    name="reviews.send_alert_digests",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=600,
    time_limit=660,
)
def send_alert_digests() -> int:
    """Send each case officer today's digest of deadlines due soon or overdue."""
    return alert_digests_send()
