"""Thin adapters: each task calls a service, retries only on transient database errors."""

from celery import shared_task

from accounts.models import User
from common.jobs import job_task_options


@shared_task(
    name="documents.render_decision_letter",
    **job_task_options("decision_letter"),
)
def render_decision_letter(review_id: int, actor_id: int | None = None) -> int | None:
    """Print the review's decision letter to PDF and keep it with the case (idempotent)."""
    from documents.letter_jobs import decision_letter_job_run

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return decision_letter_job_run(review_id, actor=actor)
