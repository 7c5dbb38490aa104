"""The figures managers answer for (issues 7 and 15): each KPI is one aggregate query over a scope.

A `Scope` (reporting.scope) is what a set of figures covers: the plans, reviews and volunteer
work a person may see, in one area team or in all of them. Every KPI function takes a scope
and `today` and returns a small frozen dataclass; none loops over plans or reviews in Python,
so a figure costs one query whatever the caseload. Every statutory number comes from
`reviews.statutory`. The backlog's figures are in reporting.backlog, the timeliness of
reviews in reporting.timeliness; this module holds the others and gathers every figure of the
dashboard (`dashboard_figures`).

Definitions (each test in tests/test_kpis_*.py computes them by hand):

- Reviews due in the next 12 weeks: open reviews of active plans whose meeting is not yet
  held and is due between today and 12 weeks on, both included.
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
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Aggregate,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    TextField,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, ExtractIsoWeekDay, TruncWeek

from casework.models import Plan, PlanStatus
from contributions.models import DeadlineNotice
from organisation.models import AreaTeam
from qa.models import Checklist, ChecklistStatus, Grade, Recommendation
from qa.moderation_agreement import Agreement, agreement_grouped, agreement_overall
from reporting.backlog import Backlog, backlog_counted, kpi_backlog
from reporting.scope import (
    OF_ACTIVE_PLAN,
    ByArea,
    Counted,
    Scope,
    area_keys,
    counted_by_area,
    counts_of,
    sums_by_area,
)
from reporting.timeliness import (
    MonthDecisions,
    Period,
    PeriodTimeliness,
    Share,
    decisions_by_month_counted,
    kpi_decisions_by_month,
    kpi_timeliness,
    last_complete_year,
    period_calendar_year,
    period_twelve_months_to,
    timeliness_counted,
)
from reviews import statutory
from reviews.models import IS_OPEN, Review
from volunteers.models import AgreementStatus, Assignment
from volunteers.services import WITHDRAWN

DUE_SOON_WEEKS = 12
CHECKLIST_WEEKS = 12  # the weeks of submitted checklists the dashboard charts
DUE_SOON_DAYS = DUE_SOON_WEEKS * statutory.WEEK

OTHER_DATES = "Other dates set by officers"


@dataclass(frozen=True)
class Caseload:
    active_plans: int
    reviews_due_next_12_weeks: int


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
class WeekCount:
    week: datetime.date  # its Monday
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
    # Checklists submitted in each of the last CHECKLIST_WEEKS weeks, this one last.
    checklists_by_week: tuple[WeekCount, ...] = ()


# --- The KPIs ------------------------------------------------------------------------------


def _active_plans(scope: Scope) -> QuerySet[Plan]:
    return scope.plans.filter(status=PlanStatus.ACTIVE)


def _due_soon(today: datetime.date) -> Q:
    """Open reviews of active plans whose meeting falls due in the next 12 weeks."""
    return (
        OF_ACTIVE_PLAN
        & IS_OPEN
        & Q(
            meeting_on__isnull=True,
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
    )


def kpi_caseload(scope: Scope, *, today: datetime.date) -> Caseload:
    """Active plans, and open reviews whose meeting falls due in the next 12 weeks. Two
    queries: one over plans, one over reviews."""
    return Caseload(
        active_plans=_active_plans(scope).count(),
        reviews_due_next_12_weeks=scope.reviews.filter(_due_soon(today)).count(),
    )


def transfer_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last days of the academic year whose phase transfers are counted."""
    year_start = statutory.academic_year_start(today)
    return year_start, statutory.day_before(
        statutory.ACADEMIC_YEAR_STARTS, year=year_start.year + 1
    )


def transfer_year_label(today: datetime.date) -> str:
    """ "2026/27": the academic year of `transfer_year`."""
    start = statutory.academic_year_start(today).year
    return f"{start}/{str(start + 1)[2:]}"


def _transfers_due(scope: Scope, today: datetime.date) -> QuerySet[Review]:
    year_start, year_end = transfer_year(today)
    return scope.active_reviews.filter(phase_transfer_due_on__range=(year_start, year_end))


# Counted by plan, so a plan with two reviews carrying the same deadline counts once; a plan
# is in one area, so an area's counts add up to the whole service's.
TRANSFER_COUNTS = {
    "due": Count("plan_id", distinct=True),
    "on_time": Count(
        "plan_id", distinct=True, filter=Q(phase_transfer_met_on__lte=F("phase_transfer_due_on"))
    ),
    "met": Count("plan_id", distinct=True, filter=Q(phase_transfer_met_on__isnull=False)),
}


def _phase_transfer_of(
    by_deadline: Mapping[datetime.date, Mapping[str, int]], *, today: datetime.date
) -> PhaseTransfer:
    """The phase transfer figure from the counts of each deadline date: the two statutory
    deadlines by name, any other date under OTHER_DATES."""
    year_start, _ = transfer_year(today)
    transfer_in = year_start.year + 1
    statutory_deadlines = {
        statutory.day_before(statutory.PHASE_TRANSFER_BEFORE, year=transfer_in): (
            _before(statutory.PHASE_TRANSFER_BEFORE)
        ),
        statutory.day_before(statutory.POST16_TRANSFER_BEFORE, year=transfer_in): (
            f"{_before(statutory.POST16_TRANSFER_BEFORE)} (secondary to post-16)"
        ),
    }
    totals: dict[datetime.date | None, list[int]] = {day: [0, 0, 0] for day in statutory_deadlines}
    for day in sorted(by_deadline):  # a handful of deadline dates, not one per plan
        counts = by_deadline[day]
        bucket = totals.setdefault(day if day in statutory_deadlines else None, [0, 0, 0])
        bucket[0] += counts["due"]
        bucket[1] += counts["on_time"]
        bucket[2] += counts["met"] - counts["on_time"]
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
    return PhaseTransfer(academic_year=transfer_year_label(today), deadlines=deadlines)


def kpi_phase_transfer(scope: Scope, *, today: datetime.date) -> PhaseTransfer:
    """Plans due a phase transfer this academic year, by deadline, against those whose
    owning review's outcome was final by it (Regs 18(1); DESIGN section 3). One query,
    grouped by deadline date."""
    rows = (
        _transfers_due(scope, today)
        .values("phase_transfer_due_on")
        .annotate(**TRANSFER_COUNTS)
        .order_by()
    )
    return _phase_transfer_of({row["phase_transfer_due_on"]: row for row in rows}, today=today)


def _phase_transfer_by_area(
    scope: Scope, *, today: datetime.date, keys: list[int | None]
) -> ByArea[PhaseTransfer]:
    """`kpi_phase_transfer` of every area team and of the whole service (None), in one query
    grouped by area and deadline date."""
    rows = (
        _transfers_due(scope, today)
        .values("plan__area", "phase_transfer_due_on")
        .annotate(**TRANSFER_COUNTS)
        .order_by()
    )
    sums = sums_by_area(rows, list(TRANSFER_COUNTS), within="phase_transfer_due_on", keys=keys)
    return {key: _phase_transfer_of(found, today=today) for key, found in sums.items()}


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


def _mondays(today: datetime.date, weeks: int) -> list[datetime.date]:
    this_monday = today - datetime.timedelta(days=today.weekday())
    return [this_monday - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def _submitted_in_weeks(
    checklists: QuerySet[Checklist], *, today: datetime.date, weeks: int
) -> QuerySet[Checklist]:
    return checklists.filter(
        status=ChecklistStatus.SUBMITTED,
        submitted_at__date__gte=_mondays(today, weeks)[0],
        submitted_at__date__lte=today,
    ).order_by()


def _week_submitted() -> TruncWeek:
    return TruncWeek("submitted_at", output_field=DateField())


def _weeks_of(
    found: Mapping[datetime.date, Mapping[str, int]], *, today: datetime.date, weeks: int
) -> tuple[WeekCount, ...]:
    return tuple(
        WeekCount(monday, found[monday]["count"] if monday in found else 0)
        for monday in _mondays(today, weeks)
    )


def kpi_checklists_by_week(
    scope: Scope, *, today: datetime.date, weeks: int = CHECKLIST_WEEKS
) -> tuple[WeekCount, ...]:
    """Checklists submitted in each of the last `weeks` weeks (Monday to Sunday, this week
    last, counted to today), by the day they were submitted where the council is. One query,
    grouped by week."""
    rows = (
        _submitted_in_weeks(scope.checklists, today=today, weeks=weeks)
        .values(week=_week_submitted())
        .annotate(count=Count("id"))
    )
    return _weeks_of({row["week"]: row for row in rows}, today=today, weeks=weeks)


# The volunteer programme's counts, each written once for one scope (kpi_volunteer_programme)
# and for every area at once (_volunteer_programme_by_area).
def _agreement_counts(today: datetime.date) -> dict[str, Aggregate]:
    """Over release agreements annotated with their last day (`ends_on`)."""
    in_force = Q(status__in=[AgreementStatus.APPROVED, AgreementStatus.PAUSED])
    running = Q(status=AgreementStatus.APPROVED, start_on__lte=today, ends_on__gte=today)
    return {
        "active": Count("volunteer_id", distinct=True, filter=running),
        "approved_days": Sum("weeks", filter=in_force, default=0),
    }


# A day a volunteer held reviews is one day used, however many reviews they held.
DAYS_USED = Count(
    Func(F("volunteer_id"), F("release_day"), function="ROW", output_field=TextField()),
    distinct=True,
)


def _days_used(assignments: QuerySet[Assignment], today: datetime.date) -> QuerySet[Assignment]:
    return assignments.filter(release_day__lte=today).exclude(closed_reason=WITHDRAWN).order_by()


GRADE_COUNTS = {
    "count": Count("id"),
    "amend": Count("id", filter=Q(recommendation=Recommendation.AMEND)),
}


def _submitted(checklists: QuerySet[Checklist]) -> QuerySet[Checklist]:
    return checklists.filter(status=ChecklistStatus.SUBMITTED).order_by()


def _volunteer_programme_of(
    *,
    agreements: Mapping[str, int],
    days_used: int,
    by_grade: Mapping[Any, Mapping[str, int]],
    moderation: Mapping[str, int],
    by_week: tuple[WeekCount, ...],
) -> VolunteerProgramme:
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
        moderation=Agreement(compared=moderation["compared"], agreed=moderation["agreed"]),
        checklists_by_week=by_week,
    )


def kpi_volunteer_programme(scope: Scope, *, today: datetime.date) -> VolunteerProgramme:
    """The volunteer programme in five queries: agreements, release days used, checklists
    by grade and by week, and moderation agreement (qa.moderation_agreement.agreement_overall)."""
    moderation = agreement_overall(scope.moderations)
    return _volunteer_programme_of(
        agreements=scope.agreements.annotate(ends_on=_last_release_day()).aggregate(
            **_agreement_counts(today)
        ),
        days_used=_days_used(scope.assignments, today).aggregate(n=DAYS_USED)["n"],
        by_grade={
            row["grade"]: row
            for row in _submitted(scope.checklists).values("grade").annotate(**GRADE_COUNTS)
        },
        moderation={"compared": moderation.compared, "agreed": moderation.agreed},
        by_week=kpi_checklists_by_week(scope, today=today),
    )


def _volunteer_programme_by_area(
    scope: Scope, *, today: datetime.date, keys: list[int | None]
) -> ByArea[VolunteerProgramme]:
    """`kpi_volunteer_programme` of every area team and of the whole service (None), in six
    queries however many areas: each of its five grouped by area (a volunteer's agreements
    by their school's area, the rest by their review's), and the days used once more for the
    whole service, where a day a volunteer held reviews in two areas is still one day."""
    agreements = sums_by_area(
        scope.agreements.annotate(ends_on=_last_release_day())
        .values("volunteer__setting__area")
        .annotate(**_agreement_counts(today))
        .order_by(),
        ["active", "approved_days"],
        area="volunteer__setting__area",
        keys=keys,
    )
    used = _days_used(scope.assignments, today)
    days_used = {
        row["review__plan__area"]: row["n"]
        for row in used.values("review__plan__area").annotate(n=DAYS_USED)
    }
    days_used[None] = used.aggregate(n=DAYS_USED)["n"]
    by_grade = sums_by_area(
        _submitted(scope.checklists).values("review__plan__area", "grade").annotate(**GRADE_COUNTS),
        list(GRADE_COUNTS),
        area="review__plan__area",
        within="grade",
        keys=keys,
    )
    moderation = sums_by_area(
        agreement_grouped(scope.moderations, by="moderation__checklist__review__plan__area"),
        ["compared", "agreed"],
        area="moderation__checklist__review__plan__area",
        keys=keys,
    )
    by_week = sums_by_area(
        _submitted_in_weeks(scope.checklists, today=today, weeks=CHECKLIST_WEEKS)
        .values("review__plan__area", week=_week_submitted())
        .annotate(count=Count("id")),
        ["count"],
        area="review__plan__area",
        within="week",
        keys=keys,
    )
    none = {"active": 0, "approved_days": 0, "compared": 0, "agreed": 0}
    return {
        key: _volunteer_programme_of(
            agreements=agreements[key].get(None, none),
            days_used=days_used.get(key, 0),
            by_grade=by_grade[key],
            moderation=moderation[key].get(None, none),
            by_week=_weeks_of(by_week[key], today=today, weeks=CHECKLIST_WEEKS),
        )
        for key in keys
    }


@dataclass(frozen=True)
class FamiliesTold:
    """Families told that a statutory step of a review would be late (issue 19), in a period."""

    period: Period
    told: int  # one for each review and step, however many family members were emailed
    told_without_reason: int  # told on the due day before the officer gave a reason


def _told_counts(periods: tuple[Period, ...]) -> dict[str, Count]:
    """Notices sent in each period, by the day the family was told (Europe/London)."""
    counts = {}
    for i, period in enumerate(periods):
        told_in = Q(told_at__date__range=(period.starts_on, period.ends_on))
        counts[f"told_{i}"] = Count("id", filter=told_in)
        counts[f"without_{i}"] = Count("id", filter=told_in & Q(told_without_reason=True))
    return counts


def _notices_told(scope: Scope) -> QuerySet[DeadlineNotice]:
    return (
        DeadlineNotice.objects.told()
        # Looked up notice by notice (few), not by reading every review of the scope.
        .filter(Exists(scope.reviews.filter(pk=OuterRef("review_id"))))
        .order_by()
    )


def _families_told_of(
    periods: tuple[Period, ...], counts: Mapping[str, int]
) -> tuple[FamiliesTold, ...]:
    return tuple(
        FamiliesTold(period=p, told=counts[f"told_{i}"], told_without_reason=counts[f"without_{i}"])
        for i, p in enumerate(periods)
    )


def kpi_families_told(scope: Scope, *, periods: tuple[Period, ...]) -> tuple[FamiliesTold, ...]:
    """Notices sent in each period (by the day the family was told, in Europe/London) about
    the reviews of the scope; one query for every period."""
    return _families_told_of(periods, _notices_told(scope).aggregate(**_told_counts(periods)))


def _families_told_by_area(
    scope: Scope, *, periods: tuple[Period, ...], keys: list[int | None]
) -> ByArea[tuple[FamiliesTold, ...]]:
    """`kpi_families_told` of every area team and of the whole service (None), in one query
    grouped by the area of each notice's review."""
    counts = _told_counts(periods)
    sums = sums_by_area(
        _notices_told(scope).values("review__plan__area").annotate(**counts),
        list(counts),
        area="review__plan__area",
        keys=keys,
    )
    zeros = dict.fromkeys(counts, 0)
    return {key: _families_told_of(periods, sums[key].get(None, zeros)) for key in keys}


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
    families_told: tuple[FamiliesTold, ...] = ()  # the calendar year, then the 12 months


def dashboard_figures_by_area(
    scope: Scope, *, today: datetime.date, also: Mapping[str, Counted[Any]] | None = None
) -> ByArea[dict[str, Any]]:
    """Every figure of the dashboard for every area team and the whole service (None), by
    field name, in a number of queries that does not grow with the areas: one pass over
    every review counting the caseload due, the backlog, both periods' timeliness and the
    decisions by month (and the figures `also` names, for other pages kept beside these);
    the phase transfers grouped by area and deadline; the active plans grouped by area; the
    volunteer programme's five queries grouped by area (and the days used once more); the
    families told grouped by area. The calendar year is the last complete one, the one the
    worker keeps."""
    keys = area_keys()
    counted = counted_by_area(
        scope.reviews,
        {
            "due_soon": Counted(counts_of({"n": _due_soon(today)}), lambda n: n["n"]),
            "backlog": backlog_counted(today=today),
            "twelve_months": timeliness_counted(period_twelve_months_to(today), today=today),
            "calendar_year": timeliness_counted(
                period_calendar_year(last_complete_year(today)), today=today
            ),
            "decisions_by_month": decisions_by_month_counted(today=today),
            **(also or {}),
        },
        keys=keys,
    )
    transfers = _phase_transfer_by_area(scope, today=today, keys=keys)
    plans = sums_by_area(
        _active_plans(scope).values("area").annotate(n=Count("id")).order_by(),
        ["n"],
        area="area",
        keys=keys,
    )
    volunteers = _volunteer_programme_by_area(scope, today=today, keys=keys)
    periods = (period_calendar_year(last_complete_year(today)), period_twelve_months_to(today))
    told = _families_told_by_area(scope, periods=periods, keys=keys)
    for key, figures in counted.items():
        figures["caseload"] = Caseload(
            active_plans=plans[key].get(None, {}).get("n", 0),
            reviews_due_next_12_weeks=figures.pop("due_soon"),
        )
        figures["phase_transfer"] = transfers[key]
        figures["volunteers"] = volunteers[key]
        figures["families_told"] = told[key]
    return counted


def dashboard_figures(
    scope: Scope,
    *,
    today: datetime.date,
    year: int | None = None,
    known: Mapping[str, Any] | None = None,
) -> Dashboard:
    """Every KPI of the manager's dashboard (and the board report) for one scope; `year` is
    the calendar year of the timeliness figures (None: the last complete one). `known` holds
    figures already worked out for this scope (dashboard_figures_by_area), by field name."""
    known = known or {}
    twelve_months = period_twelve_months_to(today)
    calendar_year = period_calendar_year(year or last_complete_year(today))
    return Dashboard(
        today=today,
        area=scope.area,
        caseload=known.get("caseload") or kpi_caseload(scope, today=today),
        backlog=known.get("backlog") or kpi_backlog(scope, today=today),
        twelve_months=known.get("twelve_months")
        or kpi_timeliness(scope, period=twelve_months, today=today),
        calendar_year=known.get("calendar_year")
        or kpi_timeliness(scope, period=calendar_year, today=today),
        decisions_by_month=known.get("decisions_by_month")
        or kpi_decisions_by_month(scope, today=today),
        phase_transfer=known.get("phase_transfer") or kpi_phase_transfer(scope, today=today),
        volunteers=known.get("volunteers") or kpi_volunteer_programme(scope, today=today),
        families_told=known.get("families_told")
        or kpi_families_told(scope, periods=(calendar_year, twelve_months)),
    )
