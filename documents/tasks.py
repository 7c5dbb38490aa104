"""Thin adapters: each task calls a service, retries only on transient database errors."""

from celery import shared_task
from django.db import OperationalError

from accounts.models import User
from documents.letters import decision_letter_store


@shared_task(
    name="documents.render_decision_letter",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def render_decision_letter(review_id: int, actor_id: int | None = None) -> int:
    """Print the review's decision letter to PDF and keep it with the case (idempotent)."""
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return decision_letter_store(review_id, actor=actor).pk
