"""Thin adapters: each task takes an id, calls a service, and is safe to run twice."""

from celery import shared_task
from django.db import OperationalError

from casework.services import import_job_check, import_job_run


@shared_task(name="casework.check_import", autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=3, soft_time_limit=300, time_limit=360)  # fmt: skip
def check_import(job_id: str) -> None:
    import_job_check(job_id)


@shared_task(name="casework.run_import", autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=3, soft_time_limit=600, time_limit=660)  # fmt: skip
def run_import(job_id: str) -> None:
    import_job_run(job_id)
