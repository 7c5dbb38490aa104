"""What people outside the council bring to a review (DESIGN section 9). Advice from
professionals has its own module (contributions.advice_models), collected here for Django.

The annual review report: the school writes it after the meeting, in parts saved as it
goes (save and return), and submits it; submitting records the review's "report received"
step on that day. A submitted report is read-only; the council may return it with a reason,
and the school changes it and submits it again.
"""

from django.conf import settings
from django.db import models

from contributions.advice_models import AdviceRequest, AdviceService, AdviceStatus
from contributions.deadline_notice_models import DeadlineNotice
from contributions.family_models import FamilyMember, FamilyRelationship
from contributions.family_views_models import (
    Channel,
    FamilyQuestion,
    FamilyViews,
    FamilyViewsFile,
    ViewsAbout,
    views_given_words,
)

# Limits of the free text: long enough for a real report, short enough to refuse a paste of
# a whole file by mistake.
TEXT_MAX_CHARS = 10_000
SHORT_TEXT_MAX_CHARS = 2_000
OUTCOMES_MAX = 30

# The sections of an EHC plan a recommendation to amend may propose changes to (SEND Code of
# Practice 9.62: B needs, C health, D social care, E outcomes, F-H provision, I placement,
# J personal budget, K advice and information).
PLAN_SECTIONS: tuple[tuple[str, str], ...] = (
    ("B", "Section B: special educational needs"),
    ("C", "Section C: health needs"),
    ("D", "Section D: social care needs"),
    ("E", "Section E: outcomes"),
    ("F", "Section F: special educational provision"),
    ("G", "Section G: health provision"),
    ("H", "Section H: social care provision"),
    ("I", "Section I: placement"),
    ("J", "Section J: personal budget"),
    ("K", "Section K: advice and information"),
)


class ReportStatus(models.TextChoices):
    """- draft: the school is writing it; it saves each part as it goes.
    - submitted: sent to the council (reg 20(7)); read-only.
    - returned: the council sent it back with a reason; the school changes and resubmits it.
    """

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for changes"


class Recommendation(models.TextChoices):
    MAINTAIN = "maintain", "Maintain the plan as it is"
    AMEND = "amend", "Amend the plan"
    CEASE = "cease", "Cease the plan"


class AnnualReviewReport(models.Model):
    """The school's report of one review's meeting; one per review."""

    review = models.OneToOneField(
        "reviews.Review", on_delete=models.PROTECT, related_name="school_report"
    )
    setting = models.ForeignKey(
        "organisation.Setting", on_delete=models.PROTECT, related_name="annual_review_reports"
    )
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    attendees = models.TextField(blank=True)
    child_views = models.TextField("the child's views", blank=True)
    child_views_not_obtained = models.TextField(
        "why the child's views were not obtained", blank=True
    )
    parent_views = models.TextField("the parents' views", blank=True)
    parent_views_not_obtained = models.TextField(
        "why the parents' views were not obtained", blank=True
    )
    recommendation = models.CharField(max_length=16, choices=Recommendation.choices, blank=True)
    # {"B": "proposed change", ...}: only the sections with a proposed change.
    proposed_changes = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_reason = models.TextField(blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(recommendation__in=["", *Recommendation.values]),
                name="report_recommendation_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReportStatus.SUBMITTED)
                | models.Q(submitted_on__isnull=False),
                name="report_submitted_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Annual review report for {self.review.plan}"

    @property
    def is_editable(self) -> bool:
        return self.status != ReportStatus.SUBMITTED

    def family_views_given(self) -> list[tuple[str, str]]:
        """(whose views, whether and how they were given through the service), in words."""
        return views_given_words(self.review_id)

    def proposed_changes_in_order(self) -> list[tuple[str, str]]:
        """(section label, proposed change) in the plan's order of sections."""
        changes = self.proposed_changes or {}
        return [(label, changes[key]) for key, label in PLAN_SECTIONS if changes.get(key)]


class ReportOutcome(models.Model):
    """Progress towards one of the plan's outcomes, as the report gives it."""

    report = models.ForeignKey(
        AnnualReviewReport, on_delete=models.CASCADE, related_name="outcomes"
    )
    position = models.PositiveSmallIntegerField()
    outcome = models.TextField()
    progress = models.TextField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="report_outcome_position")
        ]

    def __str__(self) -> str:
        return self.outcome[:60]


__all__ = [
    "OUTCOMES_MAX",
    "PLAN_SECTIONS",
    "SHORT_TEXT_MAX_CHARS",
    "TEXT_MAX_CHARS",
    "AdviceRequest",
    "AdviceService",
    "AdviceStatus",
    "AnnualReviewReport",
    "Channel",
    "DeadlineNotice",
    "FamilyMember",
    "FamilyQuestion",
    "FamilyRelationship",
    "FamilyViews",
    "FamilyViewsFile",
    "Recommendation",
    "ReportOutcome",
    "ReportStatus",
    "ViewsAbout",
]
