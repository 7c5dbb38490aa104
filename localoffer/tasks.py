"""Thin adapters: each task calls a service, retries only on transient database errors.

The service import's tasks take a job id, are acknowledged late and given back to the queue if
the worker dies, and have the time limits of their job (JOB_TIME_LIMITS); past the soft limit
the job is failed with a reason.
"""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

from common.jobs import job_task_options
from localoffer.freshness import freshness_reminders_send
from localoffer.import_jobs import (
    CHECK_STOPPED,
    IMPORT_STOPPED,
    service_import_job_check,
    service_import_job_fail,
    service_import_job_run,
)
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


@shared_task(
    name="localoffer.check_service_import",
    **job_task_options("service_import_check"),
)
def check_service_import(job_id: str) -> None:
    try:
        service_import_job_check(job_id)
    except SoftTimeLimitExceeded:
        service_import_job_fail(job_id, reason=CHECK_STOPPED)


@shared_task(
    name="localoffer.run_service_import",
    **job_task_options("service_import"),
)
def run_service_import(job_id: str) -> None:
    try:
        service_import_job_run(job_id)
    except SoftTimeLimitExceeded:
        service_import_job_fail(job_id, reason=IMPORT_STOPPED)
