"""Paperwork stored with a case, and the letters the service writes."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone

from reviews.models import Decision


class DocumentStorage(FileSystemStorage):
    """Files live under DOCUMENTS_ROOT (read when used, so tests can move it), outside the web
    root, with no public address: `url()` refuses, and only the access-checked views serve."""

    @property
    def base_location(self) -> str:
        return str(settings.DOCUMENTS_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:  # type: ignore[override]
        return None


def document_storage() -> FileSystemStorage:
    return DocumentStorage()


def stored_name(instance: "Document", filename: str) -> str:
    """A generated name: nothing a person typed reaches the file system."""
    name = uuid.uuid4().hex
    return f"{name[:2]}/{name}"


class DocumentKind(models.TextChoices):
    PAPERWORK = "paperwork", "Review paperwork"
    ADVICE = "advice", "Advice or report"
    PLAN = "plan", "EHC plan"
    LETTER = "letter", "Letter from the council"
    OTHER = "other", "Other"


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What may be uploaded, decided by the content: MIME type -> (extension, what to call it).
ALLOWED_TYPES = {
    PDF: ("pdf", "PDF"),
    DOCX: ("docx", "Word document"),
    "image/jpeg": ("jpg", "JPEG image"),
    "image/png": ("png", "PNG image"),
}
# Sound recordings, accepted only where a caller asks for them: a child's views recorded on
# a phone (contributions.family_views). Voice memos are M4A on iPhones and most Android phones.
RECORDING_TYPES = {
    "audio/mpeg": ("mp3", "MP3 recording"),
    "audio/mp4": ("m4a", "M4A recording"),
}
# Every type a stored document may have.
KNOWN_TYPES = {**ALLOWED_TYPES, **RECORDING_TYPES}


class Document(models.Model):
    """One file kept with a plan, and the review it belongs to if any."""

    plan = models.ForeignKey("casework.Plan", on_delete=models.PROTECT, related_name="documents")
    review = models.ForeignKey(
        "reviews.Review",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(storage=document_storage, upload_to=stored_name, max_length=100)
    original_filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for letters the service wrote.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set for generated letters so that rendering the same letter twice stores it once.
    source_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="document_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(content_type__in=sorted(KNOWN_TYPES)),
                name="document_content_type_allowed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def type_label(self) -> str:
        return KNOWN_TYPES[self.content_type][1]

    @property
    def download_name(self) -> str:
        """The name it was uploaded with, its extension corrected to what the content is."""
        stem = self.original_filename.rsplit(".", 1)[0] or "document"
        return f"{stem}.{KNOWN_TYPES[self.content_type][0]}"

    @property
    def shows_inline(self) -> bool:
        """Browsers show PDFs and images themselves; Word documents and recordings are
        downloaded."""
        return self.content_type in ALLOWED_TYPES and self.content_type != DOCX


class LetterTemplate(models.Model):
    """The wording of the decision letter for one decision, editable by managers. Written in
    Django's template language with only the variables the letter page lists."""

    decision = models.CharField(max_length=8, choices=Decision.choices, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decision"]

    def __str__(self) -> str:
        return f"Letter: {self.get_decision_display()}"

    @classmethod
    def for_decision(cls, decision: str) -> "LetterTemplate":
        """The wording in use, or the starting wording if none has been saved."""
        from documents.wording import WORDING

        subject, body = WORDING[decision]
        found, _ = cls.objects.get_or_create(
            decision=decision, defaults={"subject": subject, "body": body}
        )
        return found


class LetterJobStatus(models.TextChoices):
    QUEUED = "queued", "Being written"
    PRINTED = "printed", "Written"
    FAILED = "failed", "Could not be written"


class LetterJob(models.Model):
    """The worker's job of writing a review's decision letter (documents.tasks).

    queued -> printed, or failed with `error` once JOB_MAX_ATTEMPTS deliveries have not
    written it. A queued letter that stops moving is queued again by the sweeper
    (documents/jobs.py): nobody waits on a page to ask again, and writing is idempotent.
    """

    review = models.OneToOneField(
        "reviews.Review", on_delete=models.CASCADE, related_name="letter_job"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=8, choices=LetterJobStatus.choices, default=LetterJobStatus.QUEUED
    )
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=LetterJobStatus.values), name="letter_job_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Decision letter of review {self.review_id}"
