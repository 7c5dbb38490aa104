"""Thin adapters: each task calls a service, retries only on transient database errors."""

from celery import shared_task
from django.db import OperationalError

from volunteers.agreements import agreements_resume_due
from volunteers.services import assignments_close_for_conflicts


@shared_task(
    name="volunteers.resume_paused_agreements",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def resume_paused_agreements() -> int:
    """Resume the release agreements whose headteacher gave a resume date that has come."""
    return agreements_resume_due()


@shared_task(
    name="volunteers.close_conflicted_assignments",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=60,
    time_limit=90,
)
def close_conflicted_assignments() -> int:
    """Close the assignments whose plan has come to the volunteer's own school since."""
    return assignments_close_for_conflicts()
