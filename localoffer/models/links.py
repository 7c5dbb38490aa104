"""The web addresses the Local Offer publishes, and what the link checker last found at each
(localoffer.links)."""

from django.db import models


class LinkStatus(models.TextChoices):
    """What the link checker found the last time it tried an address."""

    UNCHECKED = "unchecked", "Not checked yet"
    OK = "ok", "Working"
    REDIRECTED = "redirected", "Moved (redirects elsewhere)"
    BROKEN = "broken", "Broken"
    UNREACHABLE = "unreachable", "Did not answer"


class Link(models.Model):
    """One web address the Local Offer publishes, with what the checker last found."""

    url = models.URLField(max_length=500, unique=True)
    status = models.CharField(
        max_length=12, choices=LinkStatus.choices, default=LinkStatus.UNCHECKED
    )
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.URLField(max_length=500, blank=True)
    error = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    checked_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(
        null=True, blank=True, help_text="A checker run holds the link until then."
    )

    class Meta:
        ordering = ["url"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=LinkStatus.values), name="link_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.url
