"""Thin adapters: each task takes an id, calls a service, and is safe to run twice.

Acknowledged late and given back to the queue if the worker dies (settings), each with the
time limits of its job (JOB_TIME_LIMITS); past the soft limit the job is failed with a reason.
"""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from casework.services import (
    CHECK_STOPPED,
    IMPORT_STOPPED,
    import_job_check,
    import_job_fail,
    import_job_run,
)
from common.jobs import job_soft_time_limit, job_time_limit
from common.save_errors import TRANSIENT_ERRORS


@shared_task(
    name="casework.check_import",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=job_soft_time_limit("caseload_check"),
    time_limit=job_time_limit("caseload_check"),
)
def check_import(job_id: str) -> None:
    try:
        import_job_check(job_id)
    except SoftTimeLimitExceeded:
        import_job_fail(job_id, reason=CHECK_STOPPED)


@shared_task(
    name="casework.run_import",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=job_soft_time_limit("caseload_import"),
    time_limit=job_time_limit("caseload_import"),
)
def run_import(job_id: str) -> None:
    try:
        import_job_run(job_id)
    except SoftTimeLimitExceeded:
        import_job_fail(job_id, reason=IMPORT_STOPPED)
