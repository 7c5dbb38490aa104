"""Volunteer SENCOs, their release agreements with headteachers, and review assignments
(DESIGN section 4)."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class ProgrammeSettings(models.Model):
    """The programme's limits. One row; `ProgrammeSettings.current()` creates it if missing."""

    reviews_per_day = models.PositiveSmallIntegerField(
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Reviews a volunteer may be given for one release day, unless their own "
        "profile says otherwise.",
    )
    max_weeks = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="The longest release agreement a headteacher may approve, in weeks.",
    )
    days_per_week = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="Release days a week one volunteer may give.",
    )

    class Meta:
        verbose_name = "programme settings"
        verbose_name_plural = "programme settings"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="programme_settings_one")]

    def __str__(self) -> str:
        return "Volunteer programme settings"

    @classmethod
    def current(cls) -> "ProgrammeSettings":
        found, _ = cls.objects.get_or_create(pk=1)
        return found


class VolunteerProfile(models.Model):
    """What the programme records about a volunteer SENCO beyond their sign-in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile"
    )
    trained_on = models.DateField(null=True, blank=True, help_text="Date of their training.")
    reviews_per_day = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Overrides the programme's reviews per release day for this volunteer.",
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"


class AgreementStatus(models.TextChoices):
    """- requested: waiting for the headteacher.
    - approved: the volunteer may be given work on their release days.
    - declined: the headteacher said no, with a reason.
    - paused: no work until resumed (strike days, inspection), with a reason.
    - ended: finished early by the headteacher, or run its course."""

    REQUESTED = "requested", "Waiting for the headteacher"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    PAUSED = "paused", "Paused"
    ENDED = "ended", "Ended"


class ReleaseAgreement(models.Model):
    """A headteacher's agreement to release their SENCO one weekday a week for some weeks."""

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="release_agreements"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_on = models.DateField()
    weeks = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    status = models.CharField(
        max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.REQUESTED
    )
    reason = models.TextField(blank=True, help_text="Why it was declined, paused or ended.")
    resume_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=4), name="agreement_weekday_mon_fri"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AgreementStatus.values), name="agreement_status_valid"
            ),
            models.CheckConstraint(condition=Q(weeks__gte=1), name="agreement_weeks_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()}s from {self.start_on:%-d %B %Y}, {self.weeks} weeks"

    @property
    def last_day(self) -> datetime.date:
        """The last release day the agreement covers."""
        first = self.first_day
        return first + datetime.timedelta(weeks=self.weeks - 1)

    @property
    def first_day(self) -> datetime.date:
        """The first release day on or after the start date."""
        return self.start_on + datetime.timedelta(days=(self.weekday - self.start_on.weekday()) % 7)


class Assignment(models.Model):
    """A review given to a volunteer to check on one release day. While open, the volunteer
    may see the review's minimised record (DESIGN section 4); closing it ends their access."""

    review = models.ForeignKey(
        "reviews.Review", on_delete=models.PROTECT, related_name="assignments"
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    release_day = models.DateField(help_text="The release day the review is planned for.")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["release_day", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(closed_at__isnull=True),
                name="assignment_one_open_per_review",
                violation_error_message="This review is already assigned to a volunteer.",
            )
        ]
        indexes = [
            models.Index(
                fields=["volunteer", "release_day"],
                condition=Q(closed_at__isnull=True),
                name="assignment_open_by_day",
            )
        ]

    def __str__(self) -> str:
        return f"Review {self.review_id} for {self.volunteer} on {self.release_day}"
