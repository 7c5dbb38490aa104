"""The append-only event log: every state change, import and read of a child's record."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class Event(models.Model):
    """Something that happened: who did it, what, to which object, when, and the details.

    Rows are written by `audit.services.event_record` and never changed: a PostgreSQL
    trigger (migration 0002) refuses UPDATE and DELETE. The timeline on a case page and
    the audit trail of a child's record are this table.
    """

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the system acted (a scheduled task).",
    )
    action = models.CharField(max_length=64, help_text="A dotted name, e.g. user.signed_in.")
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "-occurred_at"], name="event_target"),
            models.Index(fields=["actor", "-occurred_at"], name="event_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Events are append-only; record a new event instead.")
        super().save(*args, **kwargs)
