"""What visitors say about the Local Offer's public pages."""

from django.conf import settings
from django.db import models

from localoffer.models.services import Service


class Feedback(models.Model):
    """An answer to "Was this page useful? / What is missing?" from any public page."""

    page = models.CharField(max_length=300, help_text="The path of the page it was sent from.")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    useful = models.BooleanField(null=True)
    missing = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"Feedback on {self.page}"
