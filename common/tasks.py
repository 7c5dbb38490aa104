"""Thin adapters for the notification layer's retries (common.notices)."""

from celery import shared_task
from django.db import OperationalError

from common.notices import email_retry, emails_forget_old, emails_retry_due


@shared_task(
    name="common.retry_email",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=90,
    time_limit=120,
)
def retry_email(email_id: int, attempts: int) -> None:
    """Try again one email that failed to send (queued by the layer after a failure)."""
    email_retry(email_id, attempts)


@shared_task(
    name="common.retry_due_emails",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=540,
    time_limit=600,
)
def retry_due_emails() -> int:
    """Try again every waiting email whose time has come (beat, every five minutes)."""
    return emails_retry_due()


@shared_task(
    name="common.forget_old_emails",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=270,
    time_limit=300,
)
def forget_old_emails() -> int:
    """Delete the records of emails sent or failed long ago (beat, nightly)."""
    return emails_forget_old()
