"""Thin adapters: each task calls a service, retries only on transient database errors."""

from celery import shared_task
from django.db import OperationalError

from contributions.advice import advice_reminders_send
from contributions.deadline_notices import deadline_notices_send_due


@shared_task(
    name="contributions.send_advice_reminders",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=120,
    time_limit=180,
)
def send_advice_reminders() -> int:
    """Remind professionals whose advice is due in 5 days, or today, and not yet in."""
    return advice_reminders_send()


@shared_task(
    name="contributions.tell_families_of_missed_deadlines",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=300,
    time_limit=360,
)
def tell_families_of_missed_deadlines() -> int:
    """Tell each family whose statutory step is due today and not done, once."""
    return deadline_notices_send_due()
