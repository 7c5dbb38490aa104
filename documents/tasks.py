"""Thin adapters: each task calls a service, retries only on transient database errors."""

from celery import shared_task

from accounts.models import User
from common.jobs import job_soft_time_limit, job_time_limit
from common.save_errors import TRANSIENT_ERRORS


@shared_task(
    name="documents.render_decision_letter",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=job_soft_time_limit("decision_letter"),
    time_limit=job_time_limit("decision_letter"),
)
def render_decision_letter(review_id: int, actor_id: int | None = None) -> int | None:
    """Print the review's decision letter to PDF and keep it with the case (idempotent)."""
    from documents.letter_jobs import decision_letter_job_run

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return decision_letter_job_run(review_id, actor=actor)
