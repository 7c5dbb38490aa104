"""Annual reviews of EHC plans, their statutory clock, and the alerts it raises.

The dates a person records (meeting held, decision notified, ...) are written by the
transitions in `reviews.services`. Every computed column (deadlines, step states, overall
state, backlog, days overdue, priority) is written only by `reviews.recompute`, in SQL, for
one review or for all of them: one code path.
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from casework.selectors import in_visible_areas
from organisation.models import year_group_name
from reviews import statutory
from reviews.statutory import StepState

if TYPE_CHECKING:
    from accounts.models import User

# The proposed amendments or the reasons to cease, as the letter quotes them: long enough for
# a plan's amendments section by section, short enough to stay a letter.
DECISION_NOTES_MAX_CHARS = 5_000


class ReviewStatus(models.TextChoices):
    """Where a review stands in its statutory sequence (SEND Regulations 2014, regs 20-22).

    - planning: the meeting has not been held; invitations (reg 20(3)) and advice (reg 20(4))
      go out at least 2 weeks before it.
    - meeting_held: the review meeting was held; the report is due within 2 weeks (reg 20(7))
      and the decision within 4 weeks (reg 20(10)).
    - report_received: the meeting's report reached the LA and every invitee.
    - decision_notified: the LA told the family it will maintain, amend or cease the plan.
    - amendment_notice_sent: proposed amendments sent (with the decision, Devon 2022);
      representations for at least 15 days (reg 22(2)(c)).
    - final_plan_issued: the amended plan was issued, within 8 weeks of the notice and 12
      weeks of the meeting (reg 22(3)).
    - amendments_withdrawn: after proposing amendments the LA decided not to amend after
      all, told the family within 8 weeks of the notice (reg 22(4)); it meets the final-plan
      step.
    - concluded: nothing more is due for this review; the next one is open.
    """

    PLANNING = "planning", "Meeting not yet held"
    MEETING_HELD = "meeting_held", "Meeting held"
    REPORT_RECEIVED = "report_received", "Report received"
    DECISION_NOTIFIED = "decision_notified", "Decision notified"
    AMENDMENT_NOTICE_SENT = "amendment_notice_sent", "Proposed amendments sent"
    FINAL_PLAN_ISSUED = "final_plan_issued", "Final amended plan issued"
    AMENDMENTS_WITHDRAWN = "amendments_withdrawn", "Decided not to amend after all"
    CONCLUDED = "concluded", "Concluded"


class Decision(models.TextChoices):
    """The LA's decision after the review meeting (reg 20(10)); SEN2 ReviewOutcome A/C/M."""

    MAINTAIN = "maintain", "Maintain the plan unchanged"
    AMEND = "amend", "Amend the plan"
    CEASE = "cease", "Cease the plan"


# The state of one statutory step and of a review overall: reviews.statutory.StepState, with
# its labels, is the one list.
STEP_STATE_CHOICES = [(state.value, state.label) for state in StepState]


class Step(models.TextChoices):
    """The statutory steps whose deadlines the engine watches."""

    INVITATIONS = "invitations", "Invitations sent"
    ADVICE = "advice", "Advice circulated"
    MEETING = "meeting", "Review meeting held"
    REPORT = "report", "Report of the meeting"
    DECISION = "decision", "Decision notified"
    AMENDMENT_NOTICE = "amendment_notice", "Proposed amendments sent"
    FINAL_PLAN = "final_plan", "Final amended plan issued"
    PHASE_TRANSFER = "phase_transfer", "Phase transfer plan"


def _state_field() -> models.CharField[str | None, str | None]:
    return models.CharField(max_length=16, choices=STEP_STATE_CHOICES, null=True, blank=True)


# A review not yet concluded: the one condition for "open" everywhere (queries, indexes,
# the one-open-review-per-plan constraint).
IS_OPEN = ~models.Q(status=ReviewStatus.CONCLUDED)


def assignment_is_open(path: str = "") -> models.Q:
    """A review's assignment (volunteers.models.Assignment) held now, not yet closed: a review
    has at most one open assignment. Reached by the lookup `path` ("" for the assignment itself,
    "assignments" from a review, "assignment" from a checklist). Written here, below the
    volunteer programme, so that the reviews' access rule can use it too."""
    return models.Q(**{f"{path}__closed_at__isnull" if path else "closed_at__isnull": True})


class ReviewQuerySet(models.QuerySet["Review"]):
    """The sets of reviews the service keeps asking for, each written once."""

    def open(self) -> "ReviewQuerySet":
        """Not yet concluded: the reviews under way, one per active plan."""
        return self.filter(IS_OPEN)

    def concluded(self) -> "ReviewQuerySet":
        return self.filter(status=ReviewStatus.CONCLUDED)

    def in_backlog(self) -> "ReviewQuerySet":
        """Open reviews with a statutory step overdue (DESIGN section 3; set by the recompute)."""
        return self.filter(IS_OPEN, in_backlog=True)

    def with_urgency(self, today: date | None = None) -> "ReviewQuerySet":
        """`days_overdue` and `priority` as of today, to filter and order by (not loaded:
        the model's properties give them for a review in hand)."""
        today = today or timezone.localdate()
        # The stubs' plugin takes the names for attributes; an alias is never loaded.
        return self.alias(  # type: ignore[no-redef]
            days_overdue=Coalesce(
                # A date less a date is a whole number of days in SQL (Django's own
                # subtraction would make an interval of it).
                models.Func(
                    F("overdue_since"),
                    template=f"(DATE '{today.isoformat()}' - %(expressions)s)",
                    output_field=models.IntegerField(),
                ),
                0,
                output_field=models.IntegerField(),
            ),
            priority=urgency_priority(today),
        )


# The fixed day the priority key counts the per-day weight from (docs/decisions/0027).
PRIORITY_EPOCH = date(2000, 1, 1)


@dataclass(frozen=True)
class Urgency:
    """A review's days overdue, priority and the reasons for it, on one day."""

    days_overdue: int
    priority: int
    priority_reasons: list[str]


def urgency(
    *,
    overdue_since: date | None,
    priority_key: int,
    priority_per_day: int,
    standing_reasons: list[str],
    today: date,
) -> Urgency:
    """What `reviews.recompute` stores, read on `today`: the days from the most overdue step's
    last day on time, the key plus the per-day weight for each day from PRIORITY_EPOCH, and
    "Overdue by N days" before the other reasons (docs/decisions/0027)."""
    if overdue_since is None:
        return Urgency(0, priority_key, list(standing_reasons))
    days = (today - overdue_since).days
    by_days = priority_per_day * days
    priority = priority_key + priority_per_day * (today - PRIORITY_EPOCH).days
    reasons = [f"Overdue by {days} days (+{by_days})"] if by_days > 0 else []
    return Urgency(days, priority, [*reasons, *standing_reasons])


def urgency_priority(today: date) -> models.Expression:
    """Today's priority in SQL: the stored key, plus the per-day weight for each day from
    PRIORITY_EPOCH to today when the review is overdue."""
    return models.ExpressionWrapper(
        F("priority_key")
        + models.Case(
            models.When(
                overdue_since__isnull=False,
                then=F("priority_per_day") * (today - PRIORITY_EPOCH).days,
            ),
            default=0,
        ),
        output_field=models.IntegerField(),
    )


class Review(models.Model):
    """One annual review of a plan. Each active plan has exactly one open review."""

    plan = models.ForeignKey("casework.Plan", on_delete=models.CASCADE, related_name="reviews")
    status = models.CharField(
        max_length=24, choices=ReviewStatus.choices, default=ReviewStatus.PLANNING
    )
    is_first_review = models.BooleanField(help_text="The first review since the plan was issued.")
    previous_meeting_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(help_text="The meeting must be held by this date (CFA 2014 s44).")

    # Dates a person records, through the transitions in reviews.services.
    meeting_planned_on = models.DateField(null=True, blank=True)
    invitations_sent_on = models.DateField(null=True, blank=True)
    advice_circulated_on = models.DateField(null=True, blank=True)
    meeting_on = models.DateField(null=True, blank=True)
    report_received_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=8, choices=Decision.choices, blank=True)
    decision_notified_on = models.DateField(null=True, blank=True)
    decision_notes = models.TextField(
        blank=True,
        max_length=DECISION_NOTES_MAX_CHARS,
        validators=[MaxLengthValidator(DECISION_NOTES_MAX_CHARS)],
        help_text="For an amendment, the proposed amendments; for a cessation, the reasons. "
        "The decision letter quotes them.",
    )
    amendment_notice_on = models.DateField(null=True, blank=True)
    final_plan_issued_on = models.DateField(null=True, blank=True)
    amendments_withdrawn_on = models.DateField(
        null=True,
        blank=True,
        help_text="The family was told the council decided not to amend after all (reg 22(4)).",
    )
    amendments_withdrawn_reasons = models.TextField(
        blank=True,
        default="",
        db_default="",  # rows loaded in bulk by SQL (imports, benchmarks) need no value
        max_length=10_000,
        help_text="Why the council decided not to amend after all; the letter quotes them.",
    )
    concluded_on = models.DateField(null=True, blank=True)
    phase_transfer_override_on = models.DateField(
        null=True,
        blank=True,
        help_text="Set by an officer when a move is planned outside the usual years.",
    )
    planned_move_on = models.DateField(
        null=True,
        blank=True,
        help_text="A planned move between post-16 institutions; the review is due 5 months "
        "before it (reg 18(2)).",
    )

    # Computed by reviews.recompute; never written elsewhere.
    ncy = models.SmallIntegerField("national curriculum year", null=True)
    invitations_due_on = models.DateField(null=True)
    advice_due_on = models.DateField(null=True)
    report_due_on = models.DateField(null=True)
    decision_due_on = models.DateField(null=True)
    amendment_notice_due_on = models.DateField(null=True)
    final_plan_due_on = models.DateField(null=True)
    phase_transfer_due_on = models.DateField(null=True)
    phase_transfer_met_on = models.DateField(
        null=True, help_text="The day this review's outcome became final before the transfer."
    )
    decision_outside_period = models.BooleanField(
        default=False,
        db_default=False,
        help_text="The decision came, or can only come, after the review's "
        f"{statutory.REVIEW_PERIOD_MONTHS}-month period "
        "(Code of Practice 9.169).",
    )
    invitations_state = _state_field()
    advice_state = _state_field()
    meeting_state = _state_field()
    report_state = _state_field()
    decision_state = _state_field()
    amendment_notice_state = _state_field()
    final_plan_state = _state_field()
    phase_transfer_state = _state_field()
    state = _state_field()
    in_backlog = models.BooleanField(default=False)
    # Days overdue and priority grow every day a review stays overdue; what is stored does not,
    # so the nightly recompute rewrites only the reviews whose deadlines or states change
    # (docs/decisions/0027). `days_overdue`, `priority` and `priority_reasons` are worked out
    # from these when read (the properties below; `ReviewQuerySet.with_urgency` in SQL).
    overdue_since = models.DateField(
        null=True,
        help_text="The last day on time of the most overdue step; empty when none is overdue.",
    )
    priority_key = models.IntegerField(
        default=0,
        db_default=0,
        help_text="The priority with the per-day weight counted from PRIORITY_EPOCH: ordering by "
        "it orders the overdue reviews as today's priority does.",
    )
    priority_per_day = models.IntegerField(
        default=0, db_default=0, help_text="The per-day weight the key was worked out with."
    )
    priority_standing_reasons = ArrayField(
        models.TextField(),
        default=list,
        blank=True,
        help_text="The reasons for the priority other than the days overdue.",
    )
    recomputed_on = models.DateField(null=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised by every recorded change, so a stale form cannot overwrite."
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-priority_key", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=IS_OPEN,
                name="review_one_open_per_plan",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReviewStatus.values), name="review_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(decision__in=[*Decision.values, ""]),
                name="review_decision_valid",
            ),
        ]
        indexes = [
            # One index per sort of the backlog queue, each ending in id as its sort does.
            # The queue in today's priority order, walked as two groups and merged
            # (reviews.ordering): within each, `priority_key` orders as today's priority does.
            models.Index(
                fields=["-priority_key", "due_on", "id"],
                condition=IS_OPEN & models.Q(in_backlog=True),
                name="review_open_late_by_priority",
            ),
            models.Index(
                fields=["-priority_key", "due_on", "id"],
                condition=IS_OPEN & models.Q(in_backlog=False),
                name="review_open_calm_by_priority",
            ),
            models.Index(
                fields=["due_on", "-priority_key", "id"],
                condition=IS_OPEN,
                name="review_open_by_due_on",
            ),
            # Most days overdue first is the earliest overdue_since first.
            models.Index(
                F("overdue_since").asc(nulls_last=True),
                F("priority_key").desc(),
                "id",
                condition=IS_OPEN,
                name="review_open_by_days_overdue",
            ),
            models.Index(fields=["state"], name="review_state"),
            # The queue filtered to one overdue step, in priority order: the reviews late on
            # a step other than the meeting are few and low in the backlog's order, so the
            # backlog's own walk read 155,000 rows to find a page of decisions overdue at
            # 700,000 plans. Each holds only the reviews overdue on its step. The meeting has
            # none: most of the backlog is late on it (82% at 700,000 plans), so the backlog's
            # walk finds them at once, and an index of them would be rewritten with most of
            # the backlog on every full recompute.
            *(
                models.Index(
                    fields=["-priority_key", "due_on", "id"],
                    condition=IS_OPEN & models.Q(**{f"{step.value}_state": StepState.OVERDUE}),
                    name=f"review_late_{step.value}",
                )
                for step in Step
                if step != Step.MEETING
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.plan_id} due {self.due_on}"

    @property
    def days_overdue(self) -> int:
        """How many days the most overdue step has been overdue, today; 0 when none is."""
        return self._urgency.days_overdue

    @property
    def priority(self) -> int:
        """The sum of the weights that apply today (`DeadlineRules`), days overdue included."""
        return self._urgency.priority

    @property
    def priority_reasons(self) -> list[str]:
        """Why the review has its priority, one reason a weight, days overdue first."""
        return self._urgency.priority_reasons

    @property
    def _urgency(self) -> "Urgency":
        return self.urgency_on(timezone.localdate())

    def urgency_on(self, today: date) -> "Urgency":
        """Days overdue, priority and its reasons on `today`, worked out once for a page that
        shows all three."""
        return urgency(
            overdue_since=self.overdue_since,
            priority_key=self.priority_key,
            priority_per_day=self.priority_per_day,
            standing_reasons=self.priority_standing_reasons,
            today=today,
        )

    @property
    def year_group(self) -> str:
        """The child's year group in words: "Nursery", "Reception", "Year 6", "Not known"."""
        return year_group_name(self.ncy)

    @property
    def is_open(self) -> bool:
        """The same rule as IS_OPEN, for a review already loaded."""
        return self.status != ReviewStatus.CONCLUDED


MAX_WEIGHT = 1000
PHASE_TRANSFER_SOON_DAYS = 90  # the phase-transfer weight applies from this many days before


class DeadlineRules(models.Model):
    """The settings a manager may change: the warning window and the priority weights.

    One row (id 1). The priority of a review is the sum of the weights that apply to it;
    each applying weight also adds a reason, so every score can be explained.
    """

    due_soon_days = models.PositiveSmallIntegerField(
        default=14,
        validators=[MaxValueValidator(90)],
        help_text="A step is 'due soon' from this many days before its deadline.",
    )
    weight_per_day_overdue = models.PositiveIntegerField(
        default=1, validators=[MaxValueValidator(MAX_WEIGHT)]
    )
    weight_phase_transfer_soon = models.PositiveIntegerField(
        default=60,
        validators=[MaxValueValidator(MAX_WEIGHT)],
        help_text=f"Added when a phase-transfer deadline falls within {PHASE_TRANSFER_SOON_DAYS} days.",
    )
    weight_looked_after = models.PositiveIntegerField(
        default=40, validators=[MaxValueValidator(MAX_WEIGHT)]
    )
    weight_never_reviewed = models.PositiveIntegerField(
        default=30,
        validators=[MaxValueValidator(MAX_WEIGHT)],
        help_text="Added when the plan has not been reviewed since it was issued.",
    )
    weight_preparing_for_adulthood = models.PositiveIntegerField(
        default=15,
        validators=[MaxValueValidator(MAX_WEIGHT)],
        help_text="Added from Year 9, when the review must consider adulthood.",
    )
    weight_under_five = models.PositiveIntegerField(
        default=15,
        validators=[MaxValueValidator(MAX_WEIGHT)],
        help_text="Added for under-5s, whose plans should be reviewed more often.",
    )

    class Meta:
        verbose_name = "deadline rules"
        verbose_name_plural = "deadline rules"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="deadline_rules_single_row")
        ]

    def __str__(self) -> str:
        return "Deadline rules"

    @classmethod
    def current(cls) -> "DeadlineRules":
        # Read first: only a missing row is a write, so a reader on the read replica
        # (common.replica) stays there.
        rules = cls.objects.filter(id=1).first()
        if rules is None:
            rules, _ = cls.objects.get_or_create(id=1)
        return rules


class AlertKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    # The due day came with the step not done and no reason recorded: the family was told
    # that the council has not yet said why (contributions.deadline_notices).
    FAMILY_WAITING = "family_waiting", "Family waiting for a reason"


class AlertQuerySet(models.QuerySet["Alert"]):
    def to_do(self, user: "User", today: date) -> "AlertQuerySet":
        """The person's worklist: alerts on open reviews in the areas they may see, neither
        marked done nor snoozed past `today`. The notifications page and the morning digest
        both list this, so the email never shows what the officer has dealt with."""
        alerts = self.select_related(
            "review", "review__plan", "review__plan__child", "review__plan__area"
        ).filter(
            models.Q(snoozed_until__isnull=True) | models.Q(snoozed_until__lte=today),
            IS_OPEN_FROM_ALERT,
            done_at__isnull=True,
        )
        return in_visible_areas(user, alerts, area_field="review__plan__area")


IS_OPEN_FROM_ALERT = ~models.Q(review__status=ReviewStatus.CONCLUDED)


class Alert(models.Model):
    """A step of a review that became due soon or overdue, raised once by the recompute.

    An officer (or manager) works through them: marked done, an alert leaves the worklist
    for good; snoozed, it leaves it until `snoozed_until`, when it comes back.
    """

    # No index of its own: the unique constraint below leads with the review, and every alert
    # the recompute raises would otherwise be written to one index more.
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="alerts", db_index=False
    )
    step = models.CharField(max_length=24, choices=Step.choices)
    kind = models.CharField(max_length=16, choices=AlertKind.choices)
    due_on = models.DateField()
    raised_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    snoozed_until = models.DateField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who last marked it done or snoozed it.",
        db_index=False,  # indexed below only where set: most alerts were never handled
    )

    objects = AlertQuerySet.as_manager()

    # The worklist's order: newest first, then the step's deadline (the date it shows).
    TO_DO_ORDER = ("-raised_at", "due_on", "id")

    class Meta:
        ordering = ["-raised_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "step", "kind"], name="alert_once_per_step_and_kind"
            ),
        ]
        indexes = [
            # The worklist walks this in its order and stops at a page (or the count's cap),
            # instead of sorting every alert not done (docs/decisions/0026).
            models.Index(
                fields=["-raised_at", "due_on", "id"],
                condition=models.Q(done_at__isnull=True),
                name="alert_to_do_in_order",
            ),
            # The same, for the worklist filtered to one kind: walking the index above for
            # the few alerts due soon, among hundreds of thousands overdue, read 433,000
            # rows for a page of 50 at 700,000 plans (285 ms).
            models.Index(
                fields=["kind", "-raised_at", "due_on", "id"],
                condition=models.Q(done_at__isnull=True),
                name="alert_to_do_of_kind_in_order",
            ),
            # Deleting a user clears their name from the alerts they handled.
            models.Index(
                fields=["handled_by"],
                condition=models.Q(handled_by__isnull=False),
                name="alert_handled_by",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.get_kind_display().lower()} ({self.due_on})"


class DigestDelivery(models.Model):
    """One daily digest email to one officer, claimed before sending so it goes only once.

    The digest lists the alerts raised in the officer's areas since their previous digest.
    """

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    digest_on = models.DateField()
    alert_count = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "digest_on"], name="digest_once_per_officer_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"Digest for officer {self.officer_id} on {self.digest_on}"
