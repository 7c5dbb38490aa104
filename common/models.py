"""Model parts shared by apps (abstract), and the one table of its own: the emails the service
sends (common.notices)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class UploadJob(models.Model):
    """An uploaded file that the worker checks, previews and, once confirmed, imports.

    The file is kept in the database (never under the web root) only until it is imported,
    refused or cancelled; the row-by-row outcomes stay for the person to read. Any step may end
    in failed, with `file_error` (the file itself was refused) or `error` (the step stopped: a
    database refusal, the queue unreachable, the worker lost) saying why. Every write moves
    `updated_at`; the sweeper (common.jobs) fails a step that stops moving. Each app adds its
    own `status` (its steps) and `outcomes` (what a row is called there).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    file_error = models.TextField(blank=True, help_text="Why the file as a whole was refused.")
    error = models.TextField(
        blank=True, help_text="Why the check or import stopped, and what to do about it."
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times a worker has taken up the current step."
    )
    updated_at = models.DateTimeField(
        default=timezone.now, help_text="When the job last moved; the sweeper watches it."
    )
    warnings = models.JSONField(default=list)
    counts = models.JSONField(default=dict)

    class Meta:
        abstract = True
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"  # type: ignore[attr-defined]


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent"


class OutgoingEmail(models.Model):
    """One email to one person, through the notification layer (common.notices).

    The body is personal data: it is kept only while a retry may need it, and emptied once the
    email is sent or has failed for good. `provider_id` is GOV.UK Notify's notification id, or
    the Message-ID header given to the SMTP server.
    """

    kind = models.CharField(max_length=100, help_text="Which email it is, e.g. alert_digest.")
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    backend = models.CharField(max_length=10, help_text="smtp or notify, when last tried.")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    provider_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When a queued email is next tried."
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="email_status_next_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to} ({self.get_status_display()})"
