"""Manager reporting: KPIs, daily snapshots, the forecast and the board report (issue 7)."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from reporting.timeliness import percent_of
from reviews import statutory


class DailySnapshot(models.Model):
    """The dashboard's figures for one area team, or with no area for the whole service, on
    one day. Trend charts read these rows, never live data.

    Each night `reporting.take_daily_snapshot` writes one row per area team plus one for
    all of them (area empty); a second run on the same day replaces that day's rows, so
    there is exactly one per (area, day). The all-areas row is taken over the whole caseload,
    not summed from the area rows: a volunteer's release day may serve two areas.

    The figures trended on the dashboard are columns (parts and wholes, so a share can be
    recomputed); the rest of `reporting.kpis.Dashboard` is kept in `figures` for later use.
    """

    area = models.ForeignKey(
        "organisation.AreaTeam",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty for the whole service.",
    )
    day = models.DateField()
    taken_at = models.DateTimeField()

    active_plans = models.PositiveIntegerField()
    reviews_due_next_12_weeks = models.PositiveIntegerField()
    backlog = models.PositiveIntegerField()
    # Of the reviews due in the 12 months to the day (reporting.kpis), none recorded included.
    decisions_done = models.PositiveIntegerField(
        help_text="Reviews due in the 12 months to the day with a meeting held."
    )
    decisions_on_time = models.PositiveIntegerField(
        help_text=f"Of those, decisions notified within {statutory.DECISION_WEEKS_AFTER} weeks "
        "of the meeting."
    )
    meetings_done = models.PositiveIntegerField(
        help_text="Reviews due in the 12 months to the day."
    )
    meetings_on_time = models.PositiveIntegerField(
        help_text="Of those, meetings held by their due date."
    )
    final_plans_done = models.PositiveIntegerField(
        help_text="Reviews due in the 12 months to the day with a decision to amend."
    )
    final_plans_on_time = models.PositiveIntegerField(
        help_text=f"Of those, final plans issued within {statutory.FINAL_PLAN_WEEKS_AFTER_MEETING} "
        "weeks of the meeting."
    )
    phase_transfer_due = models.PositiveIntegerField()
    phase_transfer_on_time = models.PositiveIntegerField()
    volunteers_active = models.PositiveIntegerField()
    release_days_used = models.PositiveIntegerField()
    checklists_submitted = models.PositiveIntegerField()
    figures = models.JSONField(default=dict, help_text="Every other figure of the dashboard.")

    class Meta:
        ordering = ["day", "area_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "day"],
                nulls_distinct=False,
                name="snapshot_one_per_area_per_day",
                violation_error_message="There is already a snapshot of this area on this day.",
            )
        ]

    def __str__(self) -> str:
        return f"Snapshot of {self.area or 'all areas'} on {self.day}"

    @property
    def decisions_percent(self) -> Decimal | None:
        return percent_of(self.decisions_on_time, self.decisions_done)

    @property
    def meetings_percent(self) -> Decimal | None:
        return percent_of(self.meetings_on_time, self.meetings_done)

    @property
    def final_plans_percent(self) -> Decimal | None:
        return percent_of(self.final_plans_on_time, self.final_plans_done)

    @property
    def phase_transfer_percent(self) -> Decimal | None:
        return percent_of(self.phase_transfer_on_time, self.phase_transfer_due)


class BoardReportStatus(models.TextChoices):
    PREPARING = "preparing", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class BoardReport(models.Model):
    """One board report PDF, printed by the worker (reporting.render_board_report) for the
    figures as at one day. Kept so that the report a board saw can be found again.

    preparing -> ready, or failed with `error` saying why (the printing failed, the queue
    could not be reached, or the sweeper found it had stopped moving: common.jobs)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    as_at = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=16, choices=BoardReportStatus.choices, default=BoardReportStatus.PREPARING
    )
    pdf = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times a worker has taken it up."
    )
    updated_at = models.DateTimeField(
        default=timezone.now, help_text="When it last moved; the sweeper watches it."
    )

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=BoardReportStatus.values),
                name="board_report_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ready") | models.Q(pdf__isnull=False),
                name="board_report_ready_has_pdf",
            ),
        ]

    def __str__(self) -> str:
        return f"Board report as at {self.as_at}"


# A default above this is surely a slip (five reviews concluded every working day by one
# officer, week after week): the form refuses it rather than forecast from it.
MAX_REVIEWS_PER_OFFICER_PER_WEEK = Decimal("25")
MIN_REVIEWS_PER_OFFICER_PER_WEEK = Decimal("0.1")


class ForecastCapacity(models.Model):
    """The reviews one case officer concludes in a week, as a manager judges it for one area
    team: what the forecast uses when too few reviews were concluded in the last 4 weeks to
    measure the team's rate (reporting.forecast_inputs). An area without a row has no default,
    and the forecast says it cannot forecast that area rather than assume no officers.

    Set on the forecast page; each change is an event (`forecast_capacity.changed`)."""

    area = models.OneToOneField(
        "organisation.AreaTeam", on_delete=models.CASCADE, related_name="forecast_capacity"
    )
    reviews_per_officer_per_week = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        validators=[
            MinValueValidator(MIN_REVIEWS_PER_OFFICER_PER_WEEK),
            MaxValueValidator(MAX_REVIEWS_PER_OFFICER_PER_WEEK),
        ],
        help_text="Reviews one case officer concludes in a week, without a volunteer's help.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    reviews_per_officer_per_week__gte=MIN_REVIEWS_PER_OFFICER_PER_WEEK,
                    reviews_per_officer_per_week__lte=MAX_REVIEWS_PER_OFFICER_PER_WEEK,
                ),
                name="forecast_capacity_in_range",
                violation_error_message=(
                    f"Reviews per officer per week must be from {MIN_REVIEWS_PER_OFFICER_PER_WEEK} "
                    f"to {MAX_REVIEWS_PER_OFFICER_PER_WEEK}."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviews_per_officer_per_week} reviews per officer per week in {self.area}"
