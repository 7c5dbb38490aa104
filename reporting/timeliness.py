"""The timeliness of annual reviews (issue 15): the periods a manager may choose, the measures
of each period and of each month's decisions, each one aggregate query over a scope. Every
statutory number comes from `reviews.statutory`; reporting.definitions holds the words the
dashboard and the board report print.

Definitions (each test in tests/test_kpis_*.py computes them by hand):

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
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.db.models import DateField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.expressions import CombinedExpression

from casework.models import PlanStatus
from common.dates import long_date
from reporting.scope import Counted, Scope, counts_of
from reviews import statutory
from reviews.models import Decision, Review
from reviews.statutory import StepState

DECISION_DAYS = statutory.DECISION_WEEKS_AFTER * statutory.WEEK  # Regs 20(10)
FINAL_PLAN_DAYS = statutory.FINAL_PLAN_WEEKS_AFTER_MEETING * statutory.WEEK  # Regs 22(3)
# The rolling window is one review cycle long: "the 12 months to today".
ROLLING_MONTHS = statutory.REVIEW_PERIOD_MONTHS
YEARS_TO_CHOOSE_FROM = 5  # complete calendar years the dashboard offers

# The published national comparison (DfE, "Education, health and care plans", June 2025):
# annual-review decisions notified within 4 weeks of the meeting, England, calendar 2024.
ENGLAND_DECISIONS_WITHIN_4_WEEKS_2024 = Decimal("44.4")


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


def decision_conditions(today: datetime.date) -> dict[str, Q]:
    decision_by = _after_meeting(DECISION_DAYS)
    return {
        "on_time": HELD & Q(decision_notified_on__lte=decision_by),
        "late": HELD & Q(decision_notified_on__gt=decision_by),
        "none": HELD & Q(decision_notified_on__isnull=True),
        "in_time": HELD
        & Q(decision_notified_on__isnull=True)
        & Q(meeting_on__gte=today - datetime.timedelta(days=DECISION_DAYS)),
    }


def _timeliness_conditions(today: datetime.date) -> dict[str, Q]:
    """Every timeliness measure of a period, as conditions on the period's reviews."""
    final_by = _after_meeting(FINAL_PLAN_DAYS)
    no_final = Q(final_plan_issued_on__isnull=True, amendments_withdrawn_on__isnull=True)
    decisions = decision_conditions(today)
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
    return conditions


def _due_in_period(period: Period) -> Q:
    """The reviews a period's timeliness counts: due in it, and counted (COUNTED)."""
    return COUNTED & Q(due_on__range=(period.starts_on, period.ends_on))


def _period_timeliness(period: Period, n: Mapping[str, int]) -> PeriodTimeliness:
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


def timeliness_of(
    reviews: QuerySet[Review], *, period: Period, today: datetime.date
) -> PeriodTimeliness:
    """Every timeliness measure of the period over `reviews`, in one aggregate query."""
    counts = counts_of(_timeliness_conditions(today))
    return _period_timeliness(period, reviews.filter(_due_in_period(period)).aggregate(**counts))


def timeliness_counted(period: Period, *, today: datetime.date) -> Counted[PeriodTimeliness]:
    """`timeliness_of` the period, to be counted in one pass over every review
    (reporting.scope.counted_by_area)."""
    return Counted(
        counts_of(_timeliness_conditions(today), _due_in_period(period)),
        partial(_period_timeliness, period),
    )


def kpi_timeliness(scope: Scope, *, period: Period, today: datetime.date) -> PeriodTimeliness:
    """The timeliness of the reviews due in `period` (the definitions above): reviews
    expected, meetings, decisions, outcomes, final amended plans, decisions outside the
    12-month period and reports not received. One query."""
    return timeliness_of(scope.reviews, period=period, today=today)


def _months_back(today: datetime.date, count: int) -> list[datetime.date]:
    this_month = today.replace(day=1)
    return [statutory.add_months(this_month, -n) for n in range(count - 1, -1, -1)]


def _month_conditions(today: datetime.date, months: list[datetime.date]) -> dict[str, Q]:
    """For each month (by its index), the decisions whose 4 weeks ended in it, up to
    yesterday: notified on time, later, or none recorded. The decision's last day is
    DECISION_DAYS after the meeting, so a month of last days is a month of meetings as many
    days earlier."""
    decisions = decision_conditions(today)
    before = datetime.timedelta(days=DECISION_DAYS)
    conditions = {}
    for i, month in enumerate(months):
        ends = min(statutory.add_months(month, 1), today)
        in_month = COUNTED & HELD & Q(meeting_on__gte=month - before, meeting_on__lt=ends - before)
        for name, decided in (
            ("on_time", decisions["on_time"]),
            ("late", decisions["late"]),
            ("none_recorded", decisions["none"]),
        ):
            conditions[f"{i}_{name}"] = in_month & decided
    return conditions


def _month_decisions(
    months: list[datetime.date], n: Mapping[str, int]
) -> tuple[MonthDecisions, ...]:
    return tuple(
        MonthDecisions(
            month=month,
            on_time=n[f"{i}_on_time"],
            late=n[f"{i}_late"],
            none_recorded=n[f"{i}_none_recorded"],
        )
        for i, month in enumerate(months)
    )


def kpi_decisions_by_month(
    scope: Scope, *, today: datetime.date, months: int = ROLLING_MONTHS
) -> tuple[MonthDecisions, ...]:
    """Decisions whose 4 weeks ended in each of the last `months` calendar months (oldest
    first, the current month until yesterday): notified on time, later, or none recorded.
    One query."""
    first_months = _months_back(today, months)
    counts = counts_of(_month_conditions(today, first_months))
    return _month_decisions(first_months, scope.reviews.aggregate(**counts))


def decisions_by_month_counted(
    *, today: datetime.date, months: int = ROLLING_MONTHS
) -> Counted[tuple[MonthDecisions, ...]]:
    """`kpi_decisions_by_month`, to be counted in one pass over every review."""
    first_months = _months_back(today, months)
    return Counted(
        counts_of(_month_conditions(today, first_months)), partial(_month_decisions, first_months)
    )
