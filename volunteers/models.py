"""Volunteer SENCOs, their release agreements with headteachers, and review assignments
(DESIGN section 4)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from reviews.models import assignment_is_open


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
    hours_per_release_day = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("6.5"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("12"))],
        help_text="Hours one release day counts for on a volunteer's CPD record.",
    )
    moderation_percent = models.PositiveSmallIntegerField(
        default=10,
        validators=[MaxValueValidator(100)],
        help_text="Share of submitted checklists sampled for a case officer's second opinion, "
        "as a percentage.",
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"role": "manager"},
        help_text="The programme's manager, told of every release decision. When empty, "
        "every active manager is told.",
    )

    class Meta:
        verbose_name = "programme settings"
        verbose_name_plural = "programme settings"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="programme_settings_one")]

    def __str__(self) -> str:
        return "Volunteer programme settings"

    @classmethod
    def current(cls) -> "ProgrammeSettings":
        # Read first: only a missing row is a write, so a reader on the read replica
        # (common.replica) stays there.
        found = cls.objects.filter(pk=1).first()
        if found is None:
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
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(
        null=True, blank=True, help_text="When they set a password and confirmed their details."
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class InterestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a manager"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class VolunteerInterest(models.Model):
    """A SENCO's registration of interest from the public page, for a manager to decide."""

    full_name = models.CharField(max_length=150)
    email = models.EmailField()
    setting = models.ForeignKey(
        "organisation.Setting", on_delete=models.PROTECT, related_name="volunteer_interests"
    )
    message = models.TextField(blank=True)
    status = models.CharField(
        max_length=16, choices=InterestStatus.choices, default=InterestStatus.PENDING
    )
    reason = models.TextField(blank=True, help_text="Why it was declined.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InterestStatus.values), name="interest_status_valid"
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(status="pending"),
                name="interest_one_pending_per_email",
                violation_error_message="This email address has already registered interest.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.setting})"


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
    decided_at = models.DateTimeField(null=True, blank=True)
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
        # The first release day, not the start date asked for: a request made on a Monday
        # for Thursdays first releases the volunteer on the Thursday, and every page and
        # email names that day.
        weeks = f"{self.weeks} week{'s' if self.weeks != 1 else ''}"
        return f"{self.get_weekday_display()}s from {self.first_day:%-d %B %Y}, {weeks}"

    @property
    def last_day(self) -> datetime.date:
        """The last release day the agreement covers."""
        first = self.first_day
        return first + datetime.timedelta(weeks=self.weeks - 1)

    @property
    def first_day(self) -> datetime.date:
        """The first release day on or after the start date."""
        return self.start_on + datetime.timedelta(days=(self.weekday - self.start_on.weekday()) % 7)


class SchoolHoliday(models.Model):
    """A school holiday the programme manager enters: no release day falls in it, so no
    review is planned for a day the volunteer's school is closed."""

    name = models.CharField(max_length=100, help_text="For example, Christmas holiday.")
    start_on = models.DateField()
    end_on = models.DateField()

    class Meta:
        ordering = ["start_on", "end_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gte=models.F("start_on")),
                name="school_holiday_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.start_on:%-d %B %Y} to {self.end_on:%-d %B %Y}"

    def covers(self, day: datetime.date) -> bool:
        return self.start_on <= day <= self.end_on


class ApprovalLink(models.Model):
    """A single-use link emailed to a headteacher to decide a release request. The token in
    the email is this row's id signed with a timestamp (see volunteers.links); the row records
    whom it was for and when it was used, so it works once."""

    agreement = models.ForeignKey(
        ReleaseAgreement, on_delete=models.CASCADE, related_name="approval_links"
    )
    headteacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Link for {self.headteacher} to decide agreement {self.agreement_id}"


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def open(self) -> "AssignmentQuerySet":
        """Held now (reviews.models.assignment_is_open)."""
        return self.filter(assignment_is_open())


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

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["release_day", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review"],
                condition=assignment_is_open(),
                name="assignment_one_open_per_review",
                violation_error_message="This review is already assigned to a volunteer.",
            )
        ]
        indexes = [
            models.Index(
                fields=["volunteer", "release_day"],
                condition=assignment_is_open(),
                name="assignment_open_by_day",
            )
        ]

    def __str__(self) -> str:
        return f"Review {self.review_id} for {self.volunteer} on {self.release_day}"

    @property
    def is_open(self) -> bool:
        """Held now: the same rule as reviews.models.assignment_is_open, for an assignment
        already loaded."""
        return self.closed_at is None
