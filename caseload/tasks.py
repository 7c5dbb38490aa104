"""Thin adapters: each task takes an id, calls a service, and is safe to run twice.

Acknowledged late and given back to the queue if the worker dies (settings), each with the
time limits of its job (JOB_TIME_LIMITS); past the soft limit the job is failed with a reason.
"""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from caseload.services import (
    CHECK_STOPPED,
    IMPORT_STOPPED,
    import_job_check,
    import_job_fail,
    import_job_run,
)
from common.jobs import job_task_options


@shared_task(
    name="casework.check_import",
    **job_task_options("caseload_check"),
)
def check_import(job_id: str) -> None:
    try:
        import_job_check(job_id)
    except SoftTimeLimitExceeded:
        import_job_fail(job_id, reason=CHECK_STOPPED)


@shared_task(
    name="casework.run_import",
    **job_task_options("caseload_import"),
)
def run_import(job_id: str) -> None:
    try:
        import_job_run(job_id)
    except SoftTimeLimitExceeded:
        import_job_fail(job_id, reason=IMPORT_STOPPED)
