"""Advice a professional gives for an annual review, asked for by a signed email link
(DESIGN section 9; docs/decisions/0021)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

ADVICE_QUESTION_MAX_CHARS = 5_000
ADVICE_TEXT_MAX_CHARS = 20_000


class AdviceService(models.TextChoices):
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    EDUCATIONAL_PSYCHOLOGY = "educational_psychology", "Educational psychology"
    THERAPY = "therapy", "Therapy"
    OTHER = "other", "Other"


class AdviceStatus(models.TextChoices):
    """Where a request stands, in words: derived from its dates, never stored."""

    REQUESTED = "requested", "Requested"
    RECEIVED = "received", "Received"
    OVERDUE = "overdue", "Overdue"


class AdviceRequestQuerySet(models.QuerySet["AdviceRequest"]):
    """The sets lists ask for, each the same rule as `AdviceRequest.status_on`."""

    def awaited(self) -> "AdviceRequestQuerySet":
        return self.filter(received_at__isnull=True)

    def overdue(self, today: date) -> "AdviceRequestQuerySet":
        return self.awaited().filter(due_on__lt=today)


class AdviceRequest(models.Model):
    """One professional asked for advice for one review (reg 20(4)). Received once: the
    emailed links work until the advice is in, then never again."""

    review = models.ForeignKey(
        "reviews.Review", on_delete=models.CASCADE, related_name="advice_requests"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    service = models.CharField(max_length=24, choices=AdviceService.choices)
    question = models.TextField(max_length=ADVICE_QUESTION_MAX_CHARS)
    due_on = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(null=True, blank=True)
    advice = models.TextField(blank=True, max_length=ADVICE_TEXT_MAX_CHARS)
    documents = models.ManyToManyField("documents.Document", blank=True, related_name="+")
    # Each reminder is claimed by setting its time, so it goes once however often beat runs.
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_on_due_at = models.DateTimeField(null=True, blank=True)
    # A professional whose link expired may have a new one emailed, at most once a day.
    link_renewed_at = models.DateTimeField(null=True, blank=True)

    objects = AdviceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__in=AdviceService.values), name="advice_service_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(received_at__isnull=True),
                name="advice_awaited_due_on",
            )
        ]

    def __str__(self) -> str:
        return f"Advice from {self.name} ({self.get_service_display().lower()})"

    def status_on(self, today: date) -> AdviceStatus:
        if self.received_at is not None:
            return AdviceStatus.RECEIVED
        return AdviceStatus.OVERDUE if self.due_on < today else AdviceStatus.REQUESTED

    @property
    def status(self) -> AdviceStatus:
        return self.status_on(timezone.localdate())
