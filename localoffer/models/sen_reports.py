"""Schools' SEN information reports (the SEND Regulations 2014, Schedule 1): each school's
published address and the school's own check of what the report contains."""

from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from organisation.models import Setting


class SenReportItem(models.TextChoices):
    """What a school's SEN information report must contain (SEND Regulations 2014, Sch. 1)."""

    KINDS_OF_SEN = "kinds_of_sen", "The kinds of special educational needs provided for"
    IDENTIFICATION = "identification", "Identifying and assessing pupils with SEN"
    CONSULTING_PARENTS = "consulting_parents", "Consulting parents of pupils with SEN"
    CONSULTING_PUPILS = "consulting_pupils", "Consulting pupils with SEN about their education"
    REVIEWING_PROGRESS = "reviewing_progress", "Assessing and reviewing progress towards outcomes"
    TRANSITIONS = "transitions", "Supporting moves between phases and preparing for adulthood"
    TEACHING_APPROACH = "teaching_approach", "The approach to teaching pupils with SEN"
    ADAPTATIONS = "adaptations", "Adapting the curriculum and learning environment"
    ADDITIONAL_SUPPORT = "additional_support", "Additional support for learning"
    SENCO_CONTACT = "senco_contact", "The name and contact details of the SENCO"
    STAFF_EXPERTISE = "staff_expertise", "Staff expertise and training, and specialist help"
    EQUIPMENT = "equipment", "Securing equipment and facilities"
    EVALUATING = "evaluating", "Evaluating the effectiveness of the provision"
    INCLUSION = "inclusion", "Including pupils with SEN in activities with other pupils"
    EMOTIONAL_SOCIAL = "emotional_social", "Support for emotional and social development"
    HEALTH_SOCIAL_CARE = "health_social_care", "Working with health, social care and others"
    PARENT_SUPPORT = "parent_support", "Support services for parents of pupils with SEN"
    COMPLAINTS = "complaints", "How complaints from parents are handled"
    LOCAL_OFFER = "local_offer", "Where the local authority's Local Offer is published"


class SenInformationReport(models.Model):
    """A school's published SEN information report and its own check against Schedule 1."""

    setting = models.OneToOneField(
        Setting, on_delete=models.CASCADE, related_name="sen_information_report"
    )
    url = models.URLField("web address", max_length=500, blank=True)
    items_met = ArrayField(
        models.CharField(max_length=30, choices=SenReportItem.choices), default=list, blank=True
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    assessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["setting__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(items_met__contained_by=SenReportItem.values),
                name="sen_report_items_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"SEN information report of {self.setting.name}"

    @property
    def is_complete(self) -> bool:
        return bool(self.url) and set(self.items_met) >= set(SenReportItem.values)

    def items_missing(self) -> list[Any]:
        return [item for item in SenReportItem if item.value not in self.items_met]
