"""The figures managers answer for (issues 7 and 15): each KPI is one aggregate query over a scope.

A `Scope` is what a set of figures covers: the plans, reviews and volunteer work a person may
see (through each entity's `*_list_for_user` selector), in one area team or in all of them.
Every KPI function takes a scope and `today` and returns a small frozen dataclass; none loops
over plans or reviews in Python, so a figure costs one query whatever the caseload. Every
statutory number comes from `reviews.statutory`.

Definitions (each test in tests/test_kpis.py computes them by hand; `TIMELINESS_DEFINITIONS`
holds the words the dashboard and the board report print):

- Reviews due in the next 12 weeks: open reviews of active plans whose meeting is not yet
  held and is due between today and 12 weeks on, both included.
- Backlog: open reviews of active plans the deadline engine marks `in_backlog` (a step is
  overdue), banded by `days_overdue` (the most overdue step) as `reviews.recompute` last
  stored them. The bands end where the decision (4 weeks after the meeting) and the final
  amended plan (12 weeks after it) fall due, then at half a year and a year.
- Timeliness of a period (a calendar year, or the 12 months to today), following the DfE's
  annual-review statistics ("Education, health and care plans", the SEN2 release): a review
  belongs to a period when its due date (`due_on`, the last day of its 12-month period, CFA
  s44(1)) falls in it, and every measure of the period counts those same reviews, whenever
  their meeting, decision or final plan came. So the figures add up: meetings on time, late
  and not held make the reviews expected; decisions on time, later and none recorded make
  the meetings held; the outcomes make the meetings held; final plans on time, later and not
  issued make the decisions to amend.
  - Meetings: held on or before the due date, held after it, not held (none recorded).
  - Decisions (of meetings held): notified by `statutory.decision_due(meeting)` (4 weeks,
    Regs 20(10)), later, none recorded. As the DfE does, a held meeting with no decision
    recorded stays in the whole the share is taken of.
  - Outcomes (of meetings held): maintained, amended, ceased, none recorded.
  - Final amended plans (of decisions to amend): issued by the meeting + 12 weeks
    (`statutory.FINAL_PLAN_WEEKS_AFTER_MEETING`, Regs 22(3), Devon 2022), later, not issued.
    A decision not to amend after all (`amendments_withdrawn_on`, Regs 22(4)) meets the
    step, as it does in the deadline engine, on the day the family was told.
  - Decisions outside the 12-month period (CoP 9.169): reviews `decision_outside_period`.
  - Reports not received (Regs 20(7)): open reviews whose report step is `not_done` (the
    decision was notified without it), and concluded reviews with a meeting and no report.
  - A review of a plan since ceased counts if its meeting was held or the plan ceased after
    its due date (the plan was maintained when the review was due); a plan that ceased
    before its review fell due had no review expected. A review due before the period and
    still not held is not in the period: it is in the backlog.
  - "Still in time": of those none recorded, the ones whose last day is today or later (only
    the 12 months to today has any).
- Decisions by month: decisions whose 4 weeks ended (the meeting + 4 weeks) in each of the
  last 12 calendar months before today, on time, later and none recorded, counted by the
  same rule.
- Phase transfer readiness: plans whose open or latest review owns a phase transfer with a
  deadline in the current academic year (1 September to 31 August), by deadline (the day
  before 15 February, the day before 31 March for secondary to post-16, Regs 18(1); other
  dates an officer set), against those whose review's outcome was final by it
  (`phase_transfer_met_on`: a final amended plan, or a decision that no amendment is needed).
- Volunteer programme: volunteers whose approved release is running today (their school in
  the area); release days approved in agreements in force (approved or paused); release
  days used (qa.cpd: a day that has come on which the volunteer held a review not
  withdrawn; by the area of the reviews held); submitted checklists and their grades, the
  share recommending amendment, and moderation agreement (qa.moderation_agreement), by
  review area.
"""

import datetime
import itertools
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
from casework.models import Plan, PlanStatus
from casework.selectors import plan_list_for_user
from common.dates import long_date
from organisation.models import AreaTeam
from qa.models import Checklist, ChecklistStatus, Grade, Moderation, Recommendation
from qa.moderation import moderation_list_for_user
from qa.moderation_agreement import Agreement, agreement_overall
from qa.selectors import checklist_list_for_user
from reviews import statutory
from reviews.models import IS_OPEN, Decision, Review, ReviewQuerySet
from reviews.selectors import review_list_for_user
from reviews.statutory import StepState
from volunteers.models import AgreementStatus, Assignment, ReleaseAgreement
from volunteers.selectors import agreement_list_for_user, assignment_list_for_user
from volunteers.services import WITHDRAWN

DUE_SOON_WEEKS = 12
DUE_SOON_DAYS = DUE_SOON_WEEKS * statutory.WEEK
DECISION_DAYS = statutory.DECISION_WEEKS_AFTER * statutory.WEEK  # Regs 20(10)
FINAL_PLAN_DAYS = statutory.FINAL_PLAN_WEEKS_AFTER_MEETING * statutory.WEEK  # Regs 22(3)
# The rolling window is one review cycle long: "the 12 months to today".
ROLLING_MONTHS = statutory.REVIEW_PERIOD_MONTHS
YEARS_TO_CHOOSE_FROM = 5  # complete calendar years the dashboard offers

# The published national comparison (DfE, "Education, health and care plans", June 2025):
# annual-review decisions notified within 4 weeks of the meeting, England, calendar 2024.
ENGLAND_DECISIONS_WITHIN_4_WEEKS_2024 = Decimal("44.4")

OTHER_DATES = "Other dates set by officers"

HALF_YEAR_WEEKS = 26
YEAR_WEEKS = 52


def _backlog_bands() -> tuple[tuple[str, int, int | None], ...]:
    """(label, fewest days overdue, most days overdue or None for no limit), each band's
    upper end a whole number of weeks: when the decision falls due, when the final amended
    plan falls due, half a year, a year."""
    ends = (
        statutory.DECISION_WEEKS_AFTER,
        statutory.FINAL_PLAN_WEEKS_AFTER_MEETING,
        HALF_YEAR_WEEKS,
        YEAR_WEEKS,
    )
    bands: list[tuple[str, int, int | None]] = [
        (f"Up to {ends[0]} weeks", 1, ends[0] * statutory.WEEK)
    ]
    for low, high in itertools.pairwise(ends):
        bands.append((f"{low} to {high} weeks", low * statutory.WEEK + 1, high * statutory.WEEK))
    bands.append((f"More than {ends[-1]} weeks", ends[-1] * statutory.WEEK + 1, None))
    return tuple(bands)


BACKLOG_BANDS = _backlog_bands()


# --- Scope ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What a set of figures covers: one area team (or all), as a person may see it."""

    area: AreaTeam | None
    plans: QuerySet[Plan]
    reviews: ReviewQuerySet
    agreements: QuerySet[ReleaseAgreement]
    assignments: QuerySet[Assignment]
    checklists: QuerySet[Checklist]
    moderations: QuerySet[Moderation]

    @property
    def active_reviews(self) -> ReviewQuerySet:
        """Reviews of plans still maintained: ceased plans count in no caseload figure."""
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
    """`part` of `whole`, such as decisions on time of decisions due."""

    part: int
    whole: int

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.part, self.whole)

    @property
    def in_words(self) -> str:
        """ "412 of 1,040, 39.6%": the numerator and the denominator with the percentage."""
        if self.percent is None:
            return f"{self.part:,} of {self.whole:,}"
        return f"{self.part:,} of {self.whole:,}, {self.percent}%"


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
class Period:
    """The reviews whose due date falls from `starts_on` to `ends_on`, both included."""

    label: str  # "2025", or "the 12 months to 23 November 2026"
    starts_on: datetime.date
    ends_on: datetime.date
    is_calendar_year: bool


def period_calendar_year(year: int) -> Period:
    return Period(
        label=str(year),
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        is_calendar_year=True,
    )


def period_twelve_months_to(today: datetime.date) -> Period:
    """The rolling window: from the day after the same date a year ago, to today."""
    return Period(
        label=f"the {ROLLING_MONTHS} months to {long_date(today)}",
        starts_on=statutory.add_months(today, -ROLLING_MONTHS) + datetime.timedelta(days=1),
        ends_on=today,
        is_calendar_year=False,
    )


def last_complete_year(today: datetime.date) -> int:
    return today.year - 1


def years_to_choose_from(today: datetime.date) -> list[int]:
    """The complete calendar years a manager may choose, the latest first."""
    last = last_complete_year(today)
    return list(range(last, last - YEARS_TO_CHOOSE_FROM, -1))


@dataclass(frozen=True)
class StepTimeliness:
    """One statutory step of the reviews of a period: done on time, done late, and none
    recorded, of which `still_in_time` have not yet reached their last day."""

    on_time: int
    late: int
    none_recorded: int
    still_in_time: int = 0

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.none_recorded

    @property
    def share(self) -> Share:
        return Share(self.on_time, self.total)

    @property
    def percent(self) -> Decimal | None:
        return self.share.percent


@dataclass(frozen=True)
class Outcomes:
    """The decisions after the meetings held (SEN2 ReviewOutcome M, A, C), and none."""

    maintained: int
    amended: int
    ceased: int
    none_recorded: int

    @property
    def total(self) -> int:
        return self.maintained + self.amended + self.ceased + self.none_recorded


@dataclass(frozen=True)
class PeriodTimeliness:
    period: Period
    expected: int
    meetings: StepTimeliness  # none recorded: not held
    decisions: StepTimeliness
    outcomes: Outcomes
    final_plans: StepTimeliness  # none recorded: not issued
    decisions_outside_period: int
    reports_not_received: int


@dataclass(frozen=True)
class MonthDecisions:
    """Decisions whose 4 weeks ended in one calendar month."""

    month: datetime.date  # the first day of the month
    on_time: int
    late: int
    none_recorded: int

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.none_recorded

    @property
    def share(self) -> Share:
        return Share(self.on_time, self.total)


@dataclass(frozen=True)
class TransferDeadline:
    label: str
    due: int  # plans with a phase transfer by this deadline
    met_on_time: int  # the review's outcome final on or before the deadline
    met_late: int
    deadline: datetime.date | None  # None for "other dates"

    @property
    def not_met(self) -> int:
        return self.due - self.met_on_time - self.met_late

    @property
    def share(self) -> Share:
        return Share(self.met_on_time, self.due)

    @property
    def percent(self) -> Decimal | None:
        return self.share.percent


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


# --- The definitions, as the pages print them ------------------------------------------------

_DECISION_WEEKS = statutory.DECISION_WEEKS_AFTER
_FINAL_WEEKS = statutory.FINAL_PLAN_WEEKS_AFTER_MEETING
_PERIOD = f"{statutory.REVIEW_PERIOD_MONTHS}-month period"

TIMELINESS_DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "Reviews expected",
        f"Reviews whose due date falls in the period: the last day of the {_PERIOD} starting "
        "with the day the plan was issued or the previous review meeting was held (Children "
        "and Families Act 2014, section 44). As in the Department for Education's statistics "
        "of EHCP annual reviews, a review belongs to the period its due date falls in, and "
        "every figure below counts those same reviews, whenever their meeting, decision or "
        "plan came, so the figures add up. Reviews due before the period and still not held "
        "are in the backlog, not here. A plan that ceased before its review was due has no "
        "review expected.",
    ),
    (
        "Meetings",
        f"Held within the {_PERIOD}: the meeting was held on or before the due date. "
        "Held late: after it. Not held: no meeting recorded yet.",
    ),
    (
        "Decisions",
        f"Of the meetings held: the decision to maintain, amend or cease the plan notified "
        f"within {_DECISION_WEEKS} weeks of the meeting (SEND Regulations 2014, regulation "
        f"20(10)), later, or none recorded. The last day on time is the same day of the "
        f"week {_DECISION_WEEKS} weeks after the meeting. As in the Department for "
        f"Education's figures, where decisions within and over {_DECISION_WEEKS} weeks add "
        f"up to the reviews held, a meeting with no decision recorded stays in the number "
        f"the share is taken of: a decision never made never improves the figure.",
    ),
    (
        "Outcomes",
        "Of the meetings held: the plan maintained, amended or ceased, or no decision recorded.",
    ),
    (
        "Final amended plans",
        f"Of the decisions to amend: the final amended plan issued within {_FINAL_WEEKS} "
        f"weeks of the meeting (regulation 22(3)), later, or not issued. A decision not to "
        f"amend the plan after all (regulation 22(4)) counts as the step done, on the day "
        f"the family was told.",
    ),
    (
        f"Decisions outside the {_PERIOD}",
        "Reviews whose decision was notified, or can now only be notified, after the last "
        f"day of their {_PERIOD} (SEND Code of Practice, paragraph 9.169).",
    ),
    (
        "Reports not received",
        "Reviews whose decision was notified, or which were concluded, with no report of "
        "the meeting recorded (regulation 20(7)).",
    ),
    (
        "Still in time",
        "Of those with none recorded, the ones whose last day on time is today or later. "
        f"Only the {ROLLING_MONTHS} months to today can have any.",
    ),
    (
        "Ceased plans",
        "A review of a plan that has since ceased counts if its meeting was held, or if the "
        "plan ceased after the review was due.",
    ),
)


# --- The KPIs ------------------------------------------------------------------------------


def kpi_caseload(scope: Scope, *, today: datetime.date) -> Caseload:
    """Active plans, and open reviews whose meeting falls due in the next 12 weeks. Two
    queries: one over plans, one over reviews."""
    active_plans = scope.plans.filter(status=PlanStatus.ACTIVE).count()
    due = (
        scope.active_reviews.open()
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
    figures = (
        scope.active_reviews.in_backlog()
        # in_backlog is set exactly when a step is overdue, so days_overdue > 0: the second
        # condition lets PostgreSQL use review_open_by_days_overdue.
        .filter(days_overdue__gt=0)
        .aggregate(total=Count("id"), **_band_counts())
    )
    return Backlog(
        total=figures["total"],
        bands=tuple(
            Band(label, figures[f"band_{n}"]) for n, (label, _, _) in enumerate(BACKLOG_BANDS)
        ),
    )


def _band_counts(condition: Q | None = None) -> dict[str, Count]:
    return {
        f"band_{n}": Count(
            "id",
            filter=(condition or Q())
            & Q(days_overdue__gte=low)
            & (Q() if high is None else Q(days_overdue__lte=high)),
        )
        for n, (_, low, high) in enumerate(BACKLOG_BANDS)
    }


def _after_meeting(days: int) -> ExpressionWrapper[CombinedExpression]:
    """The meeting + `days`, in SQL: `statutory.decision_due` for the decision's days."""
    return ExpressionWrapper(
        F("meeting_on") + datetime.timedelta(days=days), output_field=DateField()
    )


HELD = Q(meeting_on__isnull=False)
# A review of a ceased plan counts if its meeting was held or the plan was still maintained
# when the review fell due.
COUNTED = Q(plan__status=PlanStatus.ACTIVE) | HELD | Q(plan__ceased_on__gt=F("due_on"))
AMEND = HELD & Q(decision=Decision.AMEND)


def _decision_conditions(today: datetime.date) -> dict[str, Q]:
    decision_by = _after_meeting(DECISION_DAYS)
    return {
        "on_time": HELD & Q(decision_notified_on__lte=decision_by),
        "late": HELD & Q(decision_notified_on__gt=decision_by),
        "none": HELD & Q(decision_notified_on__isnull=True),
        "in_time": HELD
        & Q(decision_notified_on__isnull=True)
        & Q(meeting_on__gte=today - datetime.timedelta(days=DECISION_DAYS)),
    }


def _timeliness_of(
    reviews: QuerySet[Review], *, period: Period, today: datetime.date
) -> PeriodTimeliness:
    """Every timeliness measure of the period over `reviews`, in one aggregate query."""
    final_by = _after_meeting(FINAL_PLAN_DAYS)
    no_final = Q(final_plan_issued_on__isnull=True, amendments_withdrawn_on__isnull=True)
    decisions = _decision_conditions(today)
    conditions = {
        "expected": Q(),
        "met_on_time": HELD & Q(meeting_on__lte=F("due_on")),
        "met_late": HELD & Q(meeting_on__gt=F("due_on")),
        "not_held": Q(meeting_on__isnull=True),
        "not_held_in_time": Q(meeting_on__isnull=True, due_on__gte=today),
        **{f"decided_{name}": condition for name, condition in decisions.items()},
        "maintained": HELD & Q(decision=Decision.MAINTAIN),
        "amended": AMEND,
        "ceased": HELD & Q(decision=Decision.CEASE),
        "no_outcome": HELD & Q(decision=""),
        # A final plan issued meets the step; failing that, a decision not to amend after all.
        "final_on_time": AMEND
        & (
            Q(final_plan_issued_on__lte=final_by)
            | Q(final_plan_issued_on__isnull=True, amendments_withdrawn_on__lte=final_by)
        ),
        "final_late": AMEND
        & (
            Q(final_plan_issued_on__gt=final_by)
            | Q(final_plan_issued_on__isnull=True, amendments_withdrawn_on__gt=final_by)
        ),
        "final_none": AMEND & no_final,
        "final_in_time": AMEND
        & no_final
        & Q(meeting_on__gte=today - datetime.timedelta(days=FINAL_PLAN_DAYS)),
        "outside_period": Q(decision_outside_period=True),
        # The report step was passed unrecorded: the decision was notified without it. An
        # imported concluded review never had its steps recorded, so it is not counted.
        "no_report": Q(report_state=StepState.NOT_DONE),
    }
    n = reviews.filter(COUNTED, due_on__range=(period.starts_on, period.ends_on)).aggregate(
        **{name: Count("id", filter=condition) for name, condition in conditions.items()}
    )
    return PeriodTimeliness(
        period=period,
        expected=n["expected"],
        meetings=StepTimeliness(
            n["met_on_time"], n["met_late"], n["not_held"], n["not_held_in_time"]
        ),
        decisions=StepTimeliness(
            n["decided_on_time"], n["decided_late"], n["decided_none"], n["decided_in_time"]
        ),
        outcomes=Outcomes(n["maintained"], n["amended"], n["ceased"], n["no_outcome"]),
        final_plans=StepTimeliness(
            n["final_on_time"], n["final_late"], n["final_none"], n["final_in_time"]
        ),
        decisions_outside_period=n["outside_period"],
        reports_not_received=n["no_report"],
    )


def kpi_timeliness(scope: Scope, *, period: Period, today: datetime.date) -> PeriodTimeliness:
    """The timeliness of the reviews due in `period` (the definitions above): reviews
    expected, meetings, decisions, outcomes, final amended plans, decisions outside the
    12-month period and reports not received. One query."""
    return _timeliness_of(scope.reviews, period=period, today=today)


def _months_back(today: datetime.date, count: int) -> list[datetime.date]:
    this_month = today.replace(day=1)
    return [statutory.add_months(this_month, -n) for n in range(count - 1, -1, -1)]


def kpi_decisions_by_month(
    scope: Scope, *, today: datetime.date, months: int = ROLLING_MONTHS
) -> tuple[MonthDecisions, ...]:
    """Decisions whose 4 weeks ended in each of the last `months` calendar months (oldest
    first, the current month until yesterday): notified on time, later, or none recorded.
    One query, grouped by month."""
    first_months = _months_back(today, months)
    decision_by = _after_meeting(DECISION_DAYS)
    decisions = _decision_conditions(today)
    rows = (
        scope.reviews.filter(COUNTED, HELD)
        .alias(decision_by=decision_by)
        .filter(decision_by__gte=first_months[0], decision_by__lt=today)
        .annotate(month=TruncMonth(Cast(decision_by, DateField())))
        .values("month")
        .annotate(
            on_time=Count("id", filter=decisions["on_time"]),
            late=Count("id", filter=decisions["late"]),
            none_recorded=Count("id", filter=decisions["none"]),
        )
        .order_by("month")
    )
    found = {row["month"]: row for row in rows}
    return tuple(
        MonthDecisions(
            month=month,
            on_time=found[month]["on_time"] if month in found else 0,
            late=found[month]["late"] if month in found else 0,
            none_recorded=found[month]["none_recorded"] if month in found else 0,
        )
        for month in first_months
    )


def kpi_phase_transfer(scope: Scope, *, today: datetime.date) -> PhaseTransfer:
    """Plans due a phase transfer this academic year, by deadline, against those whose
    owning review's outcome was final by it (Regs 18(1); DESIGN section 3). One query,
    grouped by deadline date; counted by plan, so a plan with two reviews carrying the same
    deadline counts once."""
    year_start = statutory.academic_year_start(today)
    year_end = statutory.day_before(statutory.ACADEMIC_YEAR_STARTS, year=year_start.year + 1)
    rows = (
        scope.active_reviews.filter(phase_transfer_due_on__range=(year_start, year_end))
        .values("phase_transfer_due_on")
        .annotate(
            due=Count("plan_id", distinct=True),
            on_time=Count(
                "plan_id",
                distinct=True,
                filter=Q(phase_transfer_met_on__lte=F("phase_transfer_due_on")),
            ),
            met=Count("plan_id", distinct=True, filter=Q(phase_transfer_met_on__isnull=False)),
        )
        .order_by("phase_transfer_due_on")
    )
    transfer_year = year_start.year + 1
    statutory_deadlines = {
        statutory.day_before(statutory.PHASE_TRANSFER_BEFORE, year=transfer_year): (
            _before(statutory.PHASE_TRANSFER_BEFORE)
        ),
        statutory.day_before(statutory.POST16_TRANSFER_BEFORE, year=transfer_year): (
            f"{_before(statutory.POST16_TRANSFER_BEFORE)} (secondary to post-16)"
        ),
    }
    totals: dict[datetime.date | None, list[int]] = {day: [0, 0, 0] for day in statutory_deadlines}
    for row in rows:  # one row per deadline date: a handful, not one per plan
        key = row["phase_transfer_due_on"]
        bucket = totals.setdefault(key if key in statutory_deadlines else None, [0, 0, 0])
        bucket[0] += row["due"]
        bucket[1] += row["on_time"]
        bucket[2] += row["met"] - row["on_time"]
    deadlines = tuple(
        TransferDeadline(
            label=statutory_deadlines.get(day, OTHER_DATES) if day else OTHER_DATES,
            due=due,
            met_on_time=on_time,
            met_late=late,
            deadline=day,
        )
        for day, (due, on_time, late) in totals.items()
    )
    return PhaseTransfer(
        academic_year=f"{year_start.year}/{str(transfer_year)[2:]}", deadlines=deadlines
    )


def _before(month_and_day: tuple[int, int]) -> str:
    """ "Before 15 February": the law's words for a deadline whose last day is the day before."""
    month, day = month_and_day
    return f"Before {day} {datetime.date(2000, month, day):%B}"


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
    by grade, and moderation agreement (qa.moderation_agreement.agreement_overall)."""
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


# --- The backlog API (DESIGN section 7) --------------------------------------------------------


@dataclass(frozen=True)
class BacklogBand:
    label: str
    min_days: int
    max_days: int | None
    count: int


@dataclass(frozen=True)
class AreaBacklog:
    area: str
    open_reviews: int
    in_backlog: int


@dataclass(frozen=True)
class BacklogMetrics:
    """`GET /api/v1/metrics/backlog/`: the backlog and timeliness of the reviews a person
    may list (`reviews.selectors.review_list_for_user`), so `in_backlog` is the count of
    their review list filtered by `in_backlog`."""

    as_of: datetime.date
    open_reviews: int
    in_backlog: int
    bands: tuple[BacklogBand, ...]
    by_area: tuple[AreaBacklog, ...]
    timeliness: PeriodTimeliness


def backlog_metrics(reviews: QuerySet[Review], *, today: datetime.date) -> BacklogMetrics:
    """The backlog of `reviews` as they are listed (none left out), by band and by area, and
    the timeliness of the 12 months to today. Three queries, whatever the caseload."""
    in_backlog = Q(in_backlog=True)
    is_open = IS_OPEN
    # Named apart from the columns they count, which the filters name.
    totals = reviews.aggregate(
        n_open=Count("id", filter=is_open),
        n_backlog=Count("id", filter=in_backlog),
        **_band_counts(in_backlog),
    )
    by_area = (
        reviews.filter(is_open | in_backlog)
        .values(area_name=F("plan__area__name"))
        .annotate(n_open=Count("id", filter=is_open), n_backlog=Count("id", filter=in_backlog))
        .order_by("area_name")
    )
    return BacklogMetrics(
        as_of=today,
        open_reviews=totals["n_open"],
        in_backlog=totals["n_backlog"],
        bands=tuple(
            BacklogBand(label, low, high, totals[f"band_{n}"])
            for n, (label, low, high) in enumerate(BACKLOG_BANDS)
        ),
        by_area=tuple(
            AreaBacklog(row["area_name"], row["n_open"], row["n_backlog"]) for row in by_area
        ),
        timeliness=_timeliness_of(reviews, period=period_twelve_months_to(today), today=today),
    )


# --- Everything on the dashboard -------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    today: datetime.date
    area: AreaTeam | None
    caseload: Caseload
    backlog: Backlog
    twelve_months: PeriodTimeliness
    calendar_year: PeriodTimeliness
    decisions_by_month: tuple[MonthDecisions, ...]
    phase_transfer: PhaseTransfer
    volunteers: VolunteerProgramme


def dashboard_figures(scope: Scope, *, today: datetime.date, year: int | None = None) -> Dashboard:
    """Every KPI of the manager's dashboard (and the board report) for one scope; `year` is
    the calendar year of the timeliness figures (None: the last complete one)."""
    return Dashboard(
        today=today,
        area=scope.area,
        caseload=kpi_caseload(scope, today=today),
        backlog=kpi_backlog(scope, today=today),
        twelve_months=kpi_timeliness(scope, period=period_twelve_months_to(today), today=today),
        calendar_year=kpi_timeliness(
            scope, period=period_calendar_year(year or last_complete_year(today)), today=today
        ),
        decisions_by_month=kpi_decisions_by_month(scope, today=today),
        phase_transfer=kpi_phase_transfer(scope, today=today),
        volunteers=kpi_volunteer_programme(scope, today=today),
    )
