"""Quality assurance of EHC plans (DESIGN section 5): versioned checklist templates, the
checklists volunteers complete against them, and case officers' moderation of a sample.

Grades are computed from the answers, the item weights and the template's thresholds
(qa.scoring); nobody types a grade. A checklist keeps the template version it was made with,
so editing the checklist later never rewrites past results: a new version is a new template.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class ChecklistTemplate(models.Model):
    """One version of the QA checklist. Exactly one version is active for new checklists."""

    name = models.CharField(max_length=200)
    version = models.PositiveSmallIntegerField()
    is_active = models.BooleanField(
        default=False, help_text="New checklists use the active version; only one may be."
    )
    outstanding_from = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("85"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Weighted score (per cent) from which a section or plan is Outstanding.",
    )
    good_from = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("70"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Weighted score (per cent) from which it is Good.",
    )
    requires_improvement_from = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Weighted score (per cent) from which it Requires improvement; "
        "below it is Inadequate.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="template_version_unique"),
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="template_one_active",
                violation_error_message="Only one checklist version may be active.",
            ),
            models.CheckConstraint(
                condition=Q(outstanding_from__gte=models.F("good_from"))
                & Q(good_from__gte=models.F("requires_improvement_from")),
                name="template_thresholds_descending",
                violation_error_message="Thresholds must go down from Outstanding to "
                "Requires improvement.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, version {self.version}"


class ChecklistSection(models.Model):
    """A part of the checklist: the annual-review paperwork, or one section of the EHCP."""

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=8, help_text="For example AR, A, B, H1.")
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="section_position_unique"
            ),
            models.UniqueConstraint(fields=["template", "code"], name="section_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class ChecklistItem(models.Model):
    """One question, with the guidance on what good looks like and its weight."""

    section = models.ForeignKey(ChecklistSection, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    prompt = models.TextField()
    guidance = models.TextField("what good looks like", blank=True)
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(fields=["section", "position"], name="item_position_unique")
        ]

    def __str__(self) -> str:
        return self.prompt


class Response(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class ChecklistStatus(models.TextChoices):
    """- draft: the volunteer is working on it (saved as they go).
    - submitted: every item answered and sent; graded.
    - returned: a moderator sent it back with comments; the volunteer edits and resubmits."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned to the volunteer"


class Recommendation(models.TextChoices):
    NO_AMENDMENT = "no_amendment", "No amendment needed"
    AMEND = "amend", "Amend the plan"


class Checklist(models.Model):
    """A volunteer's QA of one assigned review, against one template version."""

    assignment = models.OneToOneField(
        "volunteers.Assignment", on_delete=models.PROTECT, related_name="checklist"
    )
    review = models.ForeignKey(
        "reviews.Review", on_delete=models.PROTECT, related_name="checklists"
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="checklists"
    )
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, related_name="checklists"
    )
    status = models.CharField(
        max_length=16, choices=ChecklistStatus.choices, default=ChecklistStatus.DRAFT
    )
    current_position = models.PositiveSmallIntegerField(
        default=1, help_text="The section the volunteer was last on, to resume there."
    )
    recommendation = models.CharField(max_length=16, choices=Recommendation.choices, blank=True)
    amend_sections = models.JSONField(
        default=list, blank=True, help_text="Codes of the sections the volunteer would amend."
    )
    amend_reasons = models.TextField(blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    returned_comment = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ChecklistStatus.values), name="checklist_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted")
                | (Q(submitted_at__isnull=False) & ~Q(grade="") & ~Q(recommendation="")),
                name="checklist_submitted_is_graded",
            ),
        ]
        indexes = [models.Index(fields=["volunteer", "status"], name="checklist_by_volunteer")]

    def __str__(self) -> str:
        return f"QA checklist for review {self.review_id} by {self.volunteer}"


class Answer(models.Model):
    """The volunteer's response to one item. A draft may leave the response empty."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    response = models.CharField(max_length=16, choices=Response.choices, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checklist", "item"], name="answer_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.response or 'unanswered'}"


class ModerationStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for a second opinion"
    COMPLETED = "completed", "Completed"


class Moderation(models.Model):
    """A case officer's second opinion on a sampled checklist."""

    checklist = models.OneToOneField(Checklist, on_delete=models.CASCADE, related_name="moderation")
    status = models.CharField(
        max_length=16, choices=ModerationStatus.choices, default=ModerationStatus.WAITING
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(blank=True)
    sampled_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sampled_at", "id"]

    def __str__(self) -> str:
        return f"Moderation of checklist {self.checklist_id}"


class ModerationAnswer(models.Model):
    """The moderator's response to one item, compared with the volunteer's for agreement."""

    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    response = models.CharField(max_length=16, choices=Response.choices)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["moderation", "item"], name="moderation_answer_one_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.response}"
