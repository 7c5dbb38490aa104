"""The one notification layer: every email kentsend sends goes through `email_send` (or
`notice_send`, which renders a plain-text template first), never through Django's mail
functions directly (a test greps for them).

Each email to each person is an `OutgoingEmail` row, sent at once by the backend the environment
chooses (settings.EMAIL_PROVIDER): SMTP through Django's email backend, the default, or GOV.UK
Notify through `notifications-python-client`. A send that fails for a reason that may pass (the
server unreachable, Notify busy) is tried again by a Celery task, waiting longer each time, up
to settings.EMAIL_MAX_ATTEMPTS tries; one the server refuses for good (a bad address, a bad API
key) or that runs out of tries is failed with the reason, and the managers' email page lists it
(decision 0020). The call site never sees a send fail, so its own work is never undone by the
mail server. The body is personal data: it is emptied once it is sent or has failed.
"""

import logging
import smtplib
from datetime import timedelta
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from kombu.exceptions import KombuError
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient
from redis.exceptions import RedisError

from common.models import EmailStatus, OutgoingEmail

logger = logging.getLogger(__name__)

# Notify's answers that no retry will change: the request or the key is wrong.
NOTIFY_PERMANENT_STATUSES = frozenset({400, 403})


class SendError(Exception):
    """A backend could not send an email; `reason` is shown to managers."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


def notice_send(
    subject: str,
    template: str,
    context: dict[str, Any],
    to: list[str],
    *,
    html_template: str | None = None,
) -> None:
    """Send one email rendered from `template` (plain text; `html_template` adds an HTML part)
    to each address in `to`, separately (nobody: nothing sent). Every template may use
    `site_url` and `council_name`. Its kind is the template's name."""
    context = {**context, "site_url": settings.SITE_URL, "council_name": settings.COUNCIL_NAME}
    for address in to:
        email_send(
            kind=Path(template).stem,
            to=address,
            subject=subject,
            body=render_to_string(template, context),
            html_body=render_to_string(html_template, context) if html_template else "",
        )


def email_send(
    *, kind: str, to: str, subject: str, body: str, html_body: str = ""
) -> OutgoingEmail:
    """Record one email and try to send it now; a failure is retried or failed, not raised."""
    now = timezone.now()
    email = OutgoingEmail.objects.create(
        kind=kind,
        to=to,
        subject=subject,
        body=body,
        html_body=html_body,
        created_at=now,
        updated_at=now,
        next_attempt_at=now + timedelta(seconds=settings.EMAIL_RETRY_SECONDS),
    )
    with transaction.atomic():
        # Locked while it is sent, so the periodic retry skips it.
        OutgoingEmail.objects.select_for_update().filter(pk=email.pk).get()
        _attempt(email)
    return email


def email_retry(email_id: int, attempts: int) -> None:
    """Try again an email still waiting after `attempts` tries (the retry task); nothing if
    it has been sent, failed or tried again meanwhile."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=EmailStatus.QUEUED, attempts=attempts)
            .first()
        )
        if email is not None:
            _attempt(email)


def emails_retry_due() -> int:
    """Try again every waiting email whose time has come (the periodic task, which also
    catches a retry that could not be queued); how many were tried."""
    due = list(
        OutgoingEmail.objects.filter(
            status=EmailStatus.QUEUED, next_attempt_at__lte=timezone.now()
        ).values_list("pk", "attempts")
    )
    for email_id, attempts in due:
        email_retry(email_id, attempts)
    return len(due)


def emails_forget_old() -> int:
    """Delete the records of emails sent or failed more than settings.EMAIL_KEEP_DAYS ago
    (addresses and subjects are personal data too); how many."""
    before = timezone.now() - timedelta(days=settings.EMAIL_KEEP_DAYS)
    deleted, _ = OutgoingEmail.objects.filter(
        status__in=[EmailStatus.SENT, EmailStatus.FAILED], updated_at__lt=before
    ).delete()
    return deleted


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed try: the base, then 4 times longer."""
    return timedelta(seconds=settings.EMAIL_RETRY_SECONDS * 4 ** max(attempts - 1, 0))


def _attempt(email: OutgoingEmail) -> None:
    now = timezone.now()
    email.backend = settings.EMAIL_PROVIDER
    email.attempts += 1
    email.updated_at = now
    try:
        email.provider_id = _SENDERS[email.backend](email)
    except Exception as unforeseen:
        # A backend's own failures are SendErrors; anything else is retried and shown alike.
        if isinstance(unforeseen, SendError):
            error = unforeseen
        else:
            logger.exception("Unforeseen failure sending email %s", email.pk)
            reason = f"The email could not be sent: {type(unforeseen).__name__}: {unforeseen}"
            error = SendError(reason, permanent=False)
        email.last_error = error.reason
        if error.permanent or email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            email.status = EmailStatus.FAILED
            email.next_attempt_at = None
            email.body = email.html_body = ""
            logger.error("Email %s (%s) failed: %s", email.pk, email.kind, error.reason)
        else:
            delay = retry_delay(email.attempts)
            email.next_attempt_at = now + delay
            email_id, attempts = email.pk, email.attempts
            transaction.on_commit(lambda: _retry_queue(email_id, attempts, delay))
            logger.warning("Email %s (%s) will be tried again: %s", email.pk, email.kind, error)
    else:
        email.status = EmailStatus.SENT
        email.sent_at = now
        email.next_attempt_at = None
        email.last_error = ""
        email.body = email.html_body = ""
    email.save()


def _retry_queue(email_id: int, attempts: int, delay: timedelta) -> None:
    from common.tasks import retry_email

    try:
        retry_email.apply_async((email_id, attempts), countdown=delay.total_seconds())
    except (KombuError, RedisError, OSError):
        # It stays waiting with its time to be tried; the periodic task will try it.
        logger.exception("Could not queue the retry of email %s", email_id)


def _smtp_send(email: OutgoingEmail) -> str:
    """Through Django's email backend (settings.EMAIL_URL); the Message-ID given."""
    message_id = make_msgid(domain=DNS_NAME.get_fqdn())
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body, to=[email.to], headers={"Message-ID": message_id}
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        answers = "; ".join(
            f"{code} {text.decode(errors='replace')}" for code, text in error.recipients.values()
        )
        raise SendError(
            f"The mail server refused the address: {answers}",
            permanent=all(code >= 500 for code in codes),
        ) from error
    except smtplib.SMTPResponseException as error:
        answer = error.smtp_error
        text = answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)
        raise SendError(
            f"The mail server refused the email: {error.smtp_code} {text}",
            permanent=error.smtp_code >= 500,
        ) from error
    except (smtplib.SMTPException, OSError) as error:
        raise SendError(
            f"The mail server could not be reached: {error or type(error).__name__}",
            permanent=False,
        ) from error
    return message_id


def _notify_send(email: OutgoingEmail) -> str:
    """Through GOV.UK Notify's email template (settings.NOTIFY_*); Notify's notification id."""
    client = NotificationsAPIClient(  # type: ignore[no-untyped-call]
        settings.NOTIFY_API_KEY,
        base_url=settings.NOTIFY_BASE_URL,
        timeout=settings.NOTIFY_TIMEOUT_SECONDS,
    )
    try:
        response = client.send_email_notification(  # type: ignore[no-untyped-call]
            email_address=email.to,
            template_id=settings.NOTIFY_TEMPLATE_IDS.get(email.kind, settings.NOTIFY_TEMPLATE_ID),
            personalisation={"subject": email.subject, "body": email.body},
            reference=str(email.pk),
            email_reply_to_id=settings.NOTIFY_REPLY_TO_ID or None,
        )
    except APIError as error:
        raise SendError(
            f"GOV.UK Notify answered {error.status_code}: {_notify_messages(error.message)}",
            permanent=error.status_code in NOTIFY_PERMANENT_STATUSES,
        ) from error
    return str(response["id"])


def _notify_messages(message: str | list[dict[str, str]]) -> str:
    if isinstance(message, list):
        return "; ".join(f"{e.get('error', '')}: {e.get('message', '')}" for e in message)
    return str(message)


_SENDERS = {"smtp": _smtp_send, "notify": _notify_send}


def emails_for_managers(*, limit: int = 200) -> dict[str, Any]:
    """The managers' email page: the emails not sent (newest first), those waiting for another
    try (soonest first), and how many were sent in the last 7 days."""
    emails = OutgoingEmail.objects.only(
        "to", "subject", "status", "attempts", "last_error", "created_at", "next_attempt_at"
    )
    week_ago = timezone.now() - timedelta(days=7)
    return {
        "failed": list(emails.filter(status=EmailStatus.FAILED).order_by("-updated_at")[:limit]),
        "waiting": list(
            emails.filter(status=EmailStatus.QUEUED).order_by("next_attempt_at")[:limit]
        ),
        "sent_this_week": OutgoingEmail.objects.filter(
            status=EmailStatus.SENT, sent_at__gte=week_ago
        ).count(),
    }


def emails_failed_count() -> int:
    """How many emails could not be sent (the figure on the manager's home page)."""
    return OutgoingEmail.objects.filter(status=EmailStatus.FAILED).count()
