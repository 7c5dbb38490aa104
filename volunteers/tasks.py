"""Thin adapters: each task calls a service, retries only on transient database errors."""

from celery import shared_task
from django.db import OperationalError

from volunteers.agreements import agreements_resume_due


@shared_task(
    name="volunteers.resume_paused_agreements",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def resume_paused_agreements() -> int:
    """Resume the release agreements whose headteacher gave a resume date that has come."""
    return agreements_resume_due()
