"""Families in the review (DESIGN section 9): who in a child's family may follow a plan.

A case officer invites a parent or carer, or the young person from 16, to a plan. The place
belongs to the plan: a row is never deleted, only ended (`removed_at`), so what a family
member gave and asked keeps its author after they lose access. Collected for Django by
contributions.models.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class FamilyRelationship(models.TextChoices):
    """Who the family member is to the child."""

    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    YOUNG_PERSON = "young_person", "The young person"


class FamilyMemberQuerySet(models.QuerySet["FamilyMember"]):
    def current(self) -> "FamilyMemberQuerySet":
        return self.filter(removed_at__isnull=True)


class FamilyMember(models.Model):
    """A person's place on a plan: they follow the child's reviews and take part in them."""

    plan = models.ForeignKey(
        "casework.Plan", on_delete=models.PROTECT, related_name="family_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="family_places"
    )
    relationship = models.CharField(max_length=16, choices=FamilyRelationship.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "family member"
        ordering = ["plan", "invited_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(relationship__in=FamilyRelationship.values),
                name="familymember_relationship_valid",
            ),
            models.UniqueConstraint(
                fields=["plan", "user"],
                condition=models.Q(removed_at__isnull=True),
                name="familymember_one_current_place_per_plan",
                violation_error_message="This person already follows this plan.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_relationship_display()}, {self.plan})"
