"""Thin adapters: each task calls a service, retries only on transient database errors."""

from celery import shared_task
from django.db import OperationalError

from localoffer.freshness import freshness_reminders_send
from localoffer.links import links_check_due, links_sync


@shared_task(
    name="localoffer.send_freshness_reminders",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=300,
    time_limit=330,
)
def send_freshness_reminders() -> int:
    """Email each owner of active services past their review date (the weekly run)."""
    return freshness_reminders_send()


@shared_task(
    name="localoffer.check_links",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=900,
    time_limit=960,
)
def check_links() -> int:
    """Bring the list of published addresses up to date and check those due (nightly)."""
    links_sync()
    return links_check_due()
