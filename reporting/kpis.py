"""The figures managers answer for (issue 7): each KPI is one aggregate query over a scope.

A `Scope` is what a set of figures covers: the plans, reviews and volunteer work a person may
see (through each entity's `*_list_for_user` selector), in one area team or in all of them.
Every KPI function takes a scope and `today` and returns a small frozen dataclass; none loops
over plans or reviews in Python, so a figure costs one query whatever the caseload.

Definitions (each test in tests/test_kpis.py computes them by hand):

- Only active plans count: a ceased plan's reviews are left out of every review figure.
- Reviews due in the next 12 weeks: open reviews whose meeting is not yet held and is due
  between today and today + 84 days, both included.
- Backlog: open reviews the deadline engine marks `in_backlog` (a step is overdue), banded
  by `days_overdue` (the most overdue step), as `reviews.recompute` last stored them.
- Timeliness of a step (decision within 4 weeks of the meeting, Regs 20(10); meeting within
  12 months, CFA s44; final amended plan within 12 weeks of the meeting, Regs 22): of the
  steps done in the 12 months to today (the day 12 months ago excluded, today included),
  the share done on time. A step done on its last day is on time: a decision notified on
  day 28 after the meeting is within 4 weeks, one on day 29 is not. Steps never done are
  not in the share (the DfE measure counts decisions made); they are counted beside it as
  "late and still outstanding". A review with no meeting has no decision or final-plan
  figure at all.
- Decisions per month: the same share for each of the last 12 calendar months (the current
  one so far), by the month the decision was notified.
- Phase transfer readiness: plans whose open or latest review has a phase-transfer deadline
  in the current academic year (1 September to 31 August), by deadline (15 February;
  31 March for secondary to post-16, Regs 18(1); other dates an officer set), against
  those whose final amended plan was issued by it.
- Volunteer programme: volunteers whose approved release is running today (their school in
  the area); release days approved in agreements in force (approved or paused); release
  days used (volunteers.cpd: a day that has come on which the volunteer held a review not
  withdrawn; by the area of the reviews held); submitted checklists and their grades, the
  share recommending amendment, and moderation agreement (qa.moderation), by review area.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, ExtractIsoWeekDay, TruncMonth

from accounts.models import User
from casework.models import AreaTeam, Plan, PlanStatus
from casework.selectors import plan_list_for_user
from qa.models import Checklist, ChecklistStatus, Grade, Moderation, Recommendation
from qa.moderation import Agreement, agreement_overall, moderation_list_for_user
from qa.selectors import checklist_list_for_user
from reviews import statutory
from reviews.models import Decision, Review, ReviewStatus
from reviews.selectors import review_list_for_user
from volunteers.models import AgreementStatus, Assignment, ReleaseAgreement
from volunteers.selectors import agreement_list_for_user, assignment_list_for_user
from volunteers.services import WITHDRAWN

DECISION_DAYS = 4 * statutory.WEEK  # Regs 20(10)
FINAL_PLAN_DAYS = 12 * statutory.WEEK  # Regs 22(3)-(4), Devon 2022
DUE_SOON_DAYS = 12 * statutory.WEEK

# The published national comparison (DfE, "Education, health and care plans", June 2025):
# annual-review decisions notified within 4 weeks of the meeting, England, calendar 2024.
ENGLAND_DECISIONS_WITHIN_4_WEEKS_2024 = Decimal("44.4")

OTHER_DATES = "Other dates set by officers"

# (label, fewest days overdue, most days overdue or None for no limit)
BACKLOG_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("Up to 4 weeks", 1, 28),
    ("4 to 12 weeks", 29, 84),
    ("12 to 26 weeks", 85, 182),
    ("26 to 52 weeks", 183, 364),
    ("52 weeks or more", 365, None),
)


# --- Scope ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What a set of figures covers: one area team (or all), as a person may see it."""

    area: AreaTeam | None
    plans: QuerySet[Plan]
    reviews: QuerySet[Review]
    agreements: QuerySet[ReleaseAgreement]
    assignments: QuerySet[Assignment]
    checklists: QuerySet[Checklist]
    moderations: QuerySet[Moderation]

    @property
    def active_reviews(self) -> QuerySet[Review]:
        """Reviews of plans still maintained: ceased plans count in no review figure."""
        return self.reviews.filter(plan__status=PlanStatus.ACTIVE)


def _in_area(scope: Scope) -> Scope:
    area = scope.area
    if area is None:
        return scope
    return Scope(
        area=area,
        plans=scope.plans.filter(area=area),
        reviews=scope.reviews.filter(plan__area=area),
        agreements=scope.agreements.filter(volunteer__setting__area=area),
        assignments=scope.assignments.filter(review__plan__area=area),
        checklists=scope.checklists.filter(review__plan__area=area),
        moderations=scope.moderations.filter(checklist__review__plan__area=area),
    )


def scope_for_user(user: User, *, area: AreaTeam | None = None) -> Scope:
    """The figures `user` may see, through each entity's access rule; `area` None is all."""
    return _in_area(
        Scope(
            area=area,
            plans=plan_list_for_user(user),
            reviews=review_list_for_user(user),
            agreements=agreement_list_for_user(user),
            assignments=assignment_list_for_user(user),
            checklists=checklist_list_for_user(user),
            moderations=moderation_list_for_user(user),
        )
    )


def scope_whole_service(*, area: AreaTeam | None = None) -> Scope:
    """Everything, as a manager sees it: for the daily snapshot, which runs as nobody."""
    return _in_area(
        Scope(
            area=area,
            plans=Plan.objects.all(),
            reviews=Review.objects.all(),
            agreements=ReleaseAgreement.objects.all(),
            assignments=Assignment.objects.all(),
            checklists=Checklist.objects.all(),
            moderations=Moderation.objects.all(),
        )
    )


# --- Results -------------------------------------------------------------------------------


def percent_of(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole` to one decimal place (half up); None if `whole` is 0."""
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Share:
    """`part` of `whole`, such as decisions on time of decisions made."""

    part: int
    whole: int

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.part, self.whole)


@dataclass(frozen=True)
class Caseload:
    active_plans: int
    reviews_due_next_12_weeks: int


@dataclass(frozen=True)
class Band:
    label: str
    count: int


@dataclass(frozen=True)
class Backlog:
    total: int
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class Timeliness:
    """Steps done in the 12 months to today, how many on time, and how many are late and
    still not done."""

    done: int
    on_time: int
    late_outstanding: int

    @property
    def share(self) -> Share:
        return Share(self.on_time, self.done)

    @property
    def percent(self) -> Decimal | None:
        return self.share.percent


@dataclass(frozen=True)
class MonthShare:
    month: datetime.date  # the first day of the month
    done: int
    on_time: int

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.on_time, self.done)


@dataclass(frozen=True)
class TransferDeadline:
    label: str
    due: int  # plans with a phase transfer by this deadline
    amended_on_time: int  # final amended plan issued on or before the deadline
    amended_late: int
    deadline: datetime.date | None  # None for "other dates"

    @property
    def not_amended(self) -> int:
        return self.due - self.amended_on_time - self.amended_late

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.amended_on_time, self.due)


@dataclass(frozen=True)
class PhaseTransfer:
    academic_year: str  # "2026/27"
    deadlines: tuple[TransferDeadline, ...]


@dataclass(frozen=True)
class GradeCount:
    grade: str
    label: str
    count: int


@dataclass(frozen=True)
class VolunteerProgramme:
    volunteers_active: int
    release_days_approved: int
    release_days_used: int
    checklists_submitted: int
    grades: tuple[GradeCount, ...]
    recommending_amendment: Share
    moderation: Agreement


# --- The KPIs ------------------------------------------------------------------------------


def twelve_months_to(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The rolling window: from the day after the same date a year ago, to today."""
    return statutory.add_months(today, -12) + datetime.timedelta(days=1), today


def kpi_caseload(scope: Scope, *, today: datetime.date) -> Caseload:
    """Active plans, and open reviews whose meeting falls due in the next 12 weeks. Two
    queries: one over plans, one over reviews."""
    active_plans = scope.plans.filter(status=PlanStatus.ACTIVE).count()
    due = (
        scope.active_reviews.exclude(status=ReviewStatus.CONCLUDED)
        .filter(
            meeting_on__isnull=True,
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .count()
    )
    return Caseload(active_plans=active_plans, reviews_due_next_12_weeks=due)


def kpi_backlog(scope: Scope, *, today: datetime.date) -> Backlog:
    """Open reviews in the backlog, by how long their most overdue step has been overdue."""
    counts = {
        f"band_{n}": Count(
            "id",
            filter=Q(days_overdue__gte=low) & (Q() if high is None else Q(days_overdue__lte=high)),
        )
        for n, (_, low, high) in enumerate(BACKLOG_BANDS)
    }
    figures = (
        scope.active_reviews.exclude(status=ReviewStatus.CONCLUDED)
        # in_backlog is set exactly when a step is overdue, so days_overdue > 0: the second
        # condition lets PostgreSQL use review_open_by_days_overdue.
        .filter(in_backlog=True, days_overdue__gt=0)
        .aggregate(total=Count("id"), **counts)
    )
    return Backlog(
        total=figures["total"],
        bands=tuple(
            Band(label, figures[f"band_{n}"]) for n, (label, _, _) in enumerate(BACKLOG_BANDS)
        ),
    )


def _late_after(column: str, days: int) -> ExpressionWrapper[CombinedExpression]:
    return ExpressionWrapper(F(column) + datetime.timedelta(days=days), output_field=DateField())


def kpi_decisions_within_4_weeks(scope: Scope, *, today: datetime.date) -> Timeliness:
    """Decisions notified in the 12 months to today, and those within 4 weeks of the meeting
    (Regs 20(10)): the measure DfE publishes. Also counts meetings more than 4 weeks ago
    whose decision is still not notified."""
    start, end = twelve_months_to(today)
    done = Q(meeting_on__isnull=False, decision_notified_on__range=(start, end))
    outstanding = (
        Q(meeting_on__isnull=False, decision_notified_on__isnull=True)
        & ~Q(status=ReviewStatus.CONCLUDED)
        & Q(meeting_on__lt=today - datetime.timedelta(days=DECISION_DAYS))
    )
    figures = scope.active_reviews.filter(done | outstanding).aggregate(
        done=Count("id", filter=done),
        on_time=Count(
            "id",
            filter=done & Q(decision_notified_on__lte=_late_after("meeting_on", DECISION_DAYS)),
        ),
        late_outstanding=Count("id", filter=outstanding),
    )
    return Timeliness(**figures)


def _months_back(today: datetime.date, count: int) -> list[datetime.date]:
    this_month = today.replace(day=1)
    return [statutory.add_months(this_month, -n) for n in range(count - 1, -1, -1)]


def kpi_decisions_by_month(
    scope: Scope, *, today: datetime.date, months: int = 12
) -> tuple[MonthShare, ...]:
    """Decisions within 4 weeks of the meeting, for each of the last `months` calendar
    months (oldest first, the current month so far), by the month of the notice."""
    first_months = _months_back(today, months)
    rows = (
        scope.active_reviews.filter(
            meeting_on__isnull=False, decision_notified_on__range=(first_months[0], today)
        )
        .annotate(month=TruncMonth("decision_notified_on"))
        .values("month")
        .annotate(
            done=Count("id"),
            on_time=Count(
                "id", filter=Q(decision_notified_on__lte=_late_after("meeting_on", DECISION_DAYS))
            ),
        )
        .order_by("month")
    )
    found = {row["month"]: row for row in rows}
    return tuple(
        MonthShare(
            month=month,
            done=found[month]["done"] if month in found else 0,
            on_time=found[month]["on_time"] if month in found else 0,
        )
        for month in first_months
    )


def kpi_meetings_within_12_months(scope: Scope, *, today: datetime.date) -> Timeliness:
    """Review meetings held in the 12 months to today, and those held by their due date
    (12 months after the plan was issued or the previous meeting, CFA s44). Also counts
    open reviews past their due date with no meeting held."""
    start, end = twelve_months_to(today)
    done = Q(meeting_on__range=(start, end))
    outstanding = Q(meeting_on__isnull=True, due_on__lt=today) & ~Q(status=ReviewStatus.CONCLUDED)
    figures = scope.active_reviews.filter(done | outstanding).aggregate(
        done=Count("id", filter=done),
        on_time=Count("id", filter=done & Q(meeting_on__lte=F("due_on"))),
        late_outstanding=Count("id", filter=outstanding),
    )
    return Timeliness(**figures)


def kpi_final_plans_within_12_weeks(scope: Scope, *, today: datetime.date) -> Timeliness:
    """Final amended plans issued in the 12 months to today, and those issued within 12
    weeks of the review meeting (Regs 22(3)-(4)). Also counts decisions to amend more than
    12 weeks after the meeting with no final plan yet."""
    start, end = twelve_months_to(today)
    amending = Q(decision=Decision.AMEND, meeting_on__isnull=False)
    done = amending & Q(final_plan_issued_on__range=(start, end))
    outstanding = (
        amending
        & Q(final_plan_issued_on__isnull=True)
        & ~Q(status=ReviewStatus.CONCLUDED)
        & Q(meeting_on__lt=today - datetime.timedelta(days=FINAL_PLAN_DAYS))
    )
    figures = scope.active_reviews.filter(done | outstanding).aggregate(
        done=Count("id", filter=done),
        on_time=Count(
            "id",
            filter=done & Q(final_plan_issued_on__lte=_late_after("meeting_on", FINAL_PLAN_DAYS)),
        ),
        late_outstanding=Count("id", filter=outstanding),
    )
    return Timeliness(**figures)


def kpi_phase_transfer(scope: Scope, *, today: datetime.date) -> PhaseTransfer:
    """Plans due a phase transfer this academic year, by deadline, against those amended by
    it (Regs 18(1)). One query, grouped by deadline date; counted by plan, so a plan whose
    review concluded and whose next review carries the same deadline counts once."""
    year_start = statutory.academic_year_start(today)
    year_end = datetime.date(year_start.year + 1, 8, 31)
    rows = (
        scope.active_reviews.filter(phase_transfer_due_on__range=(year_start, year_end))
        .values("phase_transfer_due_on")
        .annotate(
            due=Count("plan_id", distinct=True),
            on_time=Count(
                "plan_id",
                distinct=True,
                filter=Q(final_plan_issued_on__lte=F("phase_transfer_due_on")),
            ),
            amended=Count("plan_id", distinct=True, filter=Q(final_plan_issued_on__isnull=False)),
        )
        .order_by("phase_transfer_due_on")
    )
    statutory_deadlines = {
        datetime.date(year_start.year + 1, 2, 15): "15 February",
        datetime.date(year_start.year + 1, 3, 31): "31 March (secondary to post-16)",
    }
    totals: dict[datetime.date | None, list[int]] = {day: [0, 0, 0] for day in statutory_deadlines}
    for row in rows:  # one row per deadline date: a handful, not one per plan
        key = row["phase_transfer_due_on"]
        bucket = totals.setdefault(key if key in statutory_deadlines else None, [0, 0, 0])
        bucket[0] += row["due"]
        bucket[1] += row["on_time"]
        bucket[2] += row["amended"] - row["on_time"]
    deadlines = tuple(
        TransferDeadline(
            label=statutory_deadlines.get(day, OTHER_DATES) if day else OTHER_DATES,
            due=due,
            amended_on_time=on_time,
            amended_late=late,
            deadline=day,
        )
        for day, (due, on_time, late) in totals.items()
    )
    return PhaseTransfer(
        academic_year=f"{year_start.year}/{str(year_start.year + 1)[2:]}", deadlines=deadlines
    )


def _last_release_day() -> ExpressionWrapper[CombinedExpression]:
    """ReleaseAgreement.last_day in SQL: the first agreed weekday on or after the start, plus
    whole weeks. ISO weekdays run 1 (Monday) to 7; the model's run 0 (Monday) to 4."""
    iso_weekday = Cast(ExtractIsoWeekDay("start_on"), IntegerField())
    offset = (F("weekday") + 1 - iso_weekday + 7) % 7
    return ExpressionWrapper(
        F("start_on") + offset + (F("weeks") - 1) * 7, output_field=DateField()
    )


def kpi_volunteer_programme(scope: Scope, *, today: datetime.date) -> VolunteerProgramme:
    """The volunteer programme in five queries: agreements, release days used, checklists
    by grade, and moderation agreement (qa.moderation.agreement_overall)."""
    in_force = Q(status__in=[AgreementStatus.APPROVED, AgreementStatus.PAUSED])
    running = Q(status=AgreementStatus.APPROVED, start_on__lte=today, ends_on__gte=today)
    agreements = scope.agreements.annotate(ends_on=_last_release_day()).aggregate(
        active=Count("volunteer_id", distinct=True, filter=running),
        approved_days=Sum("weeks", filter=in_force, default=0),
    )
    days_used = (
        scope.assignments.filter(release_day__lte=today)
        .exclude(closed_reason=WITHDRAWN)
        .values("volunteer_id", "release_day")
        .distinct()
        .count()
    )
    by_grade = {
        row["grade"]: row
        for row in scope.checklists.filter(status=ChecklistStatus.SUBMITTED)
        .values("grade")
        .annotate(
            count=Count("id"), amend=Count("id", filter=Q(recommendation=Recommendation.AMEND))
        )
        .order_by()
    }
    submitted = sum(row["count"] for row in by_grade.values())
    return VolunteerProgramme(
        volunteers_active=agreements["active"],
        release_days_approved=agreements["approved_days"],
        release_days_used=days_used,
        checklists_submitted=submitted,
        grades=tuple(
            GradeCount(grade, label, by_grade[grade]["count"] if grade in by_grade else 0)
            for grade, label in Grade.choices
        ),
        recommending_amendment=Share(sum(row["amend"] for row in by_grade.values()), submitted),
        moderation=agreement_overall(scope.moderations),
    )


# --- Everything on the dashboard -------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    today: datetime.date
    area: AreaTeam | None
    caseload: Caseload
    backlog: Backlog
    decisions: Timeliness
    decisions_by_month: tuple[MonthShare, ...]
    meetings: Timeliness
    final_plans: Timeliness
    phase_transfer: PhaseTransfer
    volunteers: VolunteerProgramme


def dashboard_figures(scope: Scope, *, today: datetime.date) -> Dashboard:
    """Every KPI of the manager's dashboard (and the board report) for one scope."""
    return Dashboard(
        today=today,
        area=scope.area,
        caseload=kpi_caseload(scope, today=today),
        backlog=kpi_backlog(scope, today=today),
        decisions=kpi_decisions_within_4_weeks(scope, today=today),
        decisions_by_month=kpi_decisions_by_month(scope, today=today),
        meetings=kpi_meetings_within_12_months(scope, today=today),
        final_plans=kpi_final_plans_within_12_weeks(scope, today=today),
        phase_transfer=kpi_phase_transfer(scope, today=today),
        volunteers=kpi_volunteer_programme(scope, today=today),
    )
