"""Families told before a statutory deadline is missed (DESIGN section 9, issue 19).

One row per review and statutory step the family is told about. It is both the history and
the outbox (healthchecks' Flip): the officer's reason and new expected date are written on it,
and the row is claimed by a conditional UPDATE of `told_at` before the family is emailed, so
the notice goes exactly once however often the officer saves or the daily task runs.

If the due day comes with the step not done and no reason recorded, the daily task writes the
row itself, tells the family that the council has not yet said why, and alerts the officer; a
reason recorded afterwards is sent to the family once more (`reason_told_at`).
Collected for Django by contributions.models.
"""

from django.conf import settings
from django.db import models

from reviews.models import Step

# The statutory steps a family is told about when they will be late: the decision after the
# meeting (4 weeks), the final amended plan (12 weeks) and the phase transfer (Regs 18).
NOTICE_STEPS = (Step.DECISION, Step.FINAL_PLAN, Step.PHASE_TRANSFER)

# What the family may read as a reason, and what the officer is told of the limit.
REASON_MAX_CHARS = 1_000


class DeadlineNoticeQuerySet(models.QuerySet["DeadlineNotice"]):
    def told(self) -> "DeadlineNoticeQuerySet":
        return self.filter(told_at__isnull=False)


class DeadlineNotice(models.Model):
    """A statutory step of a review that will not be met, as the family is (or will be) told."""

    review = models.ForeignKey(
        "reviews.Review", on_delete=models.CASCADE, related_name="deadline_notices"
    )
    step = models.CharField(
        max_length=24, choices=[(step.value, step.label) for step in NOTICE_STEPS]
    )
    due_on = models.DateField(help_text="The statutory last day of the step, when recorded.")
    reason = models.TextField(
        blank=True,
        max_length=REASON_MAX_CHARS,
        help_text="Why the step will be late, in the officer's plain words for the family.",
    )
    expected_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The officer who gave the reason; none if the due day came first.",
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The outbox: set by the one conditional UPDATE that claims the row for sending.
    told_at = models.DateTimeField(null=True, blank=True)
    told_without_reason = models.BooleanField(default=False)
    reason_told_at = models.DateTimeField(null=True, blank=True)
    members_told = models.PositiveSmallIntegerField(default=0)

    objects = DeadlineNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["review", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "step"], name="deadlinenotice_once_per_review_and_step"
            ),
            models.CheckConstraint(
                condition=models.Q(step__in=[step.value for step in NOTICE_STEPS]),
                name="deadlinenotice_step_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=models.Q(told_at__isnull=True),
                name="deadlinenotice_to_tell",
            ),
            models.Index(fields=["told_at"], name="deadlinenotice_told"),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} late for review {self.review_id}"
