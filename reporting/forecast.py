"""The backlog forecast: week by week for the next 26 weeks (issue 7).

Two halves. `forecast_weeks` and `extra_volunteer_days_needed` are pure arithmetic on a few
numbers, so a board paper's figures can be checked by hand. `forecast_inputs` gathers those
numbers from the database with a handful of aggregate queries, whatever the caseload's size.

Assumptions, each a choice a manager may question:

- The backlog now is the open reviews that are overdue (`Review.in_backlog`, DESIGN section
  3: "overdue and not concluded"), as the last deadline recompute left them.
- A review joins the queue of work in the week its meeting falls due (`Review.due_on`), not
  when it becomes overdue: the forecast asks whether the service keeps up, not only whether
  it stays lawful. Only reviews known today count (open reviews due from today to the end of
  the horizon); reviews a future meeting will open are due 12 months later, beyond it. Open
  reviews already past their due date but not overdue (the meeting was held, the decision is
  not yet due) are in hand and not counted; reviews already in the backlog are counted there,
  not again.
- Each review is one unit of work, whatever its stage.
- The backlog at the end of a week is the backlog at its start, plus the reviews falling due
  that week, minus that week's capacity, never below 0. It "clears" in the first week it
  ends at 0; it may grow again later, which the week-by-week table shows.
- Capacity in a week is volunteer capacity plus officer throughput. Volunteer capacity is,
  for each approved release agreement with a release day in that week (from today on), the
  volunteer's reviews per release day (their own figure, else the programme's). Paused,
  requested, declined and ended agreements give nothing. Officer throughput is the reviews
  concluded in the 28 days before today, without a volunteer's help (no assignment that was
  not withdrawn), divided by 4; those with a volunteer's help are counted by the volunteer
  capacity instead, so they are not counted twice. Throughput is a mean and may be
  fractional; the table shows the backlog rounded up to whole reviews.
- Weeks start on Monday (ISO weeks); the current week is week 1 and is counted as a whole
  week of officer throughput.
- For one area, the backlog, due reviews and officer throughput are that area's plans, and
  volunteer capacity is that of volunteers whose school is in the area.
- Extra volunteer release days are assumed to start this week and each gives the programme's
  reviews per release day.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Value
from django.db.models.functions import Coalesce, TruncWeek

from casework.models import AreaTeam
from reviews.models import Review, ReviewStatus
from volunteers.models import AgreementStatus, Assignment, ProgrammeSettings, ReleaseAgreement
from volunteers.services import WITHDRAWN

WEEKS = 26
THROUGHPUT_WEEKS = 4
# Capacity may be fractional (officer throughput is a mean); below this a backlog is empty.
_EPSILON = 1e-9


@dataclass(frozen=True)
class ForecastWeek:
    starts_on: datetime.date
    due: int
    volunteer_capacity: int
    officer_capacity: float
    backlog_at_end: float

    @property
    def capacity(self) -> float:
        return self.volunteer_capacity + self.officer_capacity

    @property
    def backlog_shown(self) -> int:
        """The backlog in whole reviews: a part-done review is still outstanding."""
        return math.ceil(self.backlog_at_end - _EPSILON)


@dataclass(frozen=True)
class Forecast:
    backlog_now: int
    rows: list[ForecastWeek]
    clears_on: datetime.date | None
    """The Monday of the first week that ends with an empty backlog, or None if none does."""

    @property
    def ends_on(self) -> datetime.date:
        """The last day of the forecast's last week."""
        return self.rows[-1].starts_on + datetime.timedelta(days=6)


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the ISO week that contains `day`."""
    return day - datetime.timedelta(days=day.weekday())


def forecast_last_day(today: datetime.date, weeks: int = WEEKS) -> datetime.date:
    """The last day (a Sunday) of a forecast made on `today`: the latest date to clear by."""
    return week_start(today) + datetime.timedelta(weeks=weeks, days=-1)


def _per_week(values: int | Sequence[int], weeks: int) -> list[int]:
    """A per-week list of `weeks` values; a single number applies to every week, a short
    list is padded with zeros (nothing known for those weeks)."""
    if isinstance(values, int):
        return [values] * weeks
    if len(values) > weeks:
        raise ValueError(f"{len(values)} weekly values given for a {weeks}-week forecast")
    return [*values, *[0] * (weeks - len(values))]


def forecast_weeks(
    *,
    backlog: int,
    due_by_week: Sequence[int],
    volunteer_capacity_per_week: int | Sequence[int],
    officer_throughput_per_week: float,
    start: datetime.date,
    weeks: int = WEEKS,
) -> Forecast:
    """Run the backlog forward week by week from the week starting on `start`.

    Each week the backlog grows by the reviews falling due that week and shrinks by that
    week's capacity (volunteer capacity, which may differ week to week as agreements start
    and end, plus officer throughput), never below 0. See the module docstring for what
    each number means.
    """
    due = _per_week(due_by_week, weeks)
    volunteers = _per_week(volunteer_capacity_per_week, weeks)
    remaining = float(backlog)
    rows: list[ForecastWeek] = []
    clears_on: datetime.date | None = None
    for week in range(weeks):
        starts_on = start + datetime.timedelta(weeks=week)
        capacity = volunteers[week] + officer_throughput_per_week
        remaining = max(0.0, remaining + due[week] - capacity)
        if remaining <= _EPSILON:
            remaining = 0.0
            clears_on = clears_on or starts_on
        rows.append(
            ForecastWeek(
                starts_on, due[week], volunteers[week], officer_throughput_per_week, remaining
            )
        )
    return Forecast(backlog_now=backlog, rows=rows, clears_on=clears_on)


def extra_volunteer_days_needed(
    *,
    backlog: int,
    due_by_week: Sequence[int],
    volunteer_capacity_per_week: int | Sequence[int],
    officer_throughput_per_week: float,
    start: datetime.date,
    clear_by: datetime.date,
    reviews_per_day: int,
    weeks: int = WEEKS,
) -> int | None:
    """The fewest extra volunteer release days a week (from this week) that empty the
    backlog by the end of the week containing `clear_by`; 0 if it clears anyway.

    None when the question has no answer: `clear_by` is outside the forecast's weeks, or a
    release day gives no reviews.

    The backlog first reaches 0 at the end of week j exactly when the backlog now plus the
    reviews due in weeks 0..j is no more than the capacity of weeks 0..j (it never dropped
    to 0 before, so the floor at 0 has not applied). With k extra days a week, week 0..j
    capacity grows by k * reviews_per_day * (j + 1), so the answer is the smallest k that
    meets this for some j up to the chosen week: exact, with no search or cap.
    """
    last_week = (clear_by - start).days // 7
    if reviews_per_day <= 0 or not 0 <= last_week < weeks:
        return None
    due = _per_week(due_by_week, weeks)
    volunteers = _per_week(volunteer_capacity_per_week, weeks)
    best: int | None = None
    shortfall = float(backlog)
    for week in range(last_week + 1):
        shortfall += due[week] - volunteers[week] - officer_throughput_per_week
        days = max(0, math.ceil(shortfall / (reviews_per_day * (week + 1)) - _EPSILON))
        best = days if best is None else min(best, days)
    return best


@dataclass(frozen=True)
class ForecastInputs:
    """What the forecast starts from, as `forecast_inputs` found it on `today`."""

    today: datetime.date
    start: datetime.date
    backlog: int
    due_by_week: list[int]
    volunteer_capacity_by_week: list[int]
    concluded_last_4_weeks: int
    reviews_per_day: int
    """The programme's reviews per release day: what one extra volunteer day gives."""

    @property
    def officer_throughput_per_week(self) -> float:
        return self.concluded_last_4_weeks / THROUGHPUT_WEEKS

    @property
    def last_day(self) -> datetime.date:
        """The last day the forecast covers, the latest date it can be asked to clear by."""
        return forecast_last_day(self.today, len(self.due_by_week))

    def forecast(self) -> Forecast:
        return forecast_weeks(
            backlog=self.backlog,
            due_by_week=self.due_by_week,
            volunteer_capacity_per_week=self.volunteer_capacity_by_week,
            officer_throughput_per_week=self.officer_throughput_per_week,
            start=self.start,
            weeks=len(self.due_by_week),
        )

    def extra_volunteer_days_needed(self, *, clear_by: datetime.date) -> int | None:
        return extra_volunteer_days_needed(
            backlog=self.backlog,
            due_by_week=self.due_by_week,
            volunteer_capacity_per_week=self.volunteer_capacity_by_week,
            officer_throughput_per_week=self.officer_throughput_per_week,
            start=self.start,
            clear_by=clear_by,
            reviews_per_day=self.reviews_per_day,
            weeks=len(self.due_by_week),
        )


def forecast_inputs(
    *, today: datetime.date, area: AreaTeam | None = None, weeks: int = WEEKS
) -> ForecastInputs:
    """Gather the forecast's numbers for one area (every area when None) in five queries."""
    start = week_start(today)
    end = start + datetime.timedelta(weeks=weeks)
    reviews = Review.objects.all() if area is None else Review.objects.filter(plan__area=area)
    open_reviews = reviews.exclude(status=ReviewStatus.CONCLUDED)

    backlog = open_reviews.filter(in_backlog=True).count()

    due_by_week = [0] * weeks
    falling_due = (
        open_reviews.filter(in_backlog=False, due_on__gte=today, due_on__lt=end)
        .annotate(week=TruncWeek("due_on"))
        .values("week")
        .annotate(n=Count("id"))
        .values_list("week", "n")
    )
    for week, n in falling_due:
        due_by_week[(week - start).days // 7] += n

    helped = Assignment.objects.filter(review=OuterRef("pk")).exclude(closed_reason=WITHDRAWN)
    concluded = (
        reviews.filter(
            status=ReviewStatus.CONCLUDED,
            concluded_on__gte=today - datetime.timedelta(weeks=THROUGHPUT_WEEKS),
            concluded_on__lt=today,
        )
        .filter(~Exists(helped))
        .count()
    )

    programme_rate = ProgrammeSettings.current().reviews_per_day
    agreements = ReleaseAgreement.objects.filter(status=AgreementStatus.APPROVED, start_on__lt=end)
    if area is not None:
        agreements = agreements.filter(volunteer__setting__area=area)
    volunteer_capacity = [0] * weeks
    rates = agreements.annotate(
        rate=Coalesce("volunteer__volunteer_profile__reviews_per_day", Value(programme_rate))
    ).values_list("start_on", "weekday", "weeks", "rate")
    for start_on, weekday, agreed_weeks, rate in rates:
        first_day = ReleaseAgreement(start_on=start_on, weekday=weekday).first_day
        for n in range(agreed_weeks):
            day = first_day + datetime.timedelta(weeks=n)
            if today <= day < end:
                volunteer_capacity[(day - start).days // 7] += rate

    return ForecastInputs(
        today=today,
        start=start,
        backlog=backlog,
        due_by_week=due_by_week,
        volunteer_capacity_by_week=volunteer_capacity,
        concluded_last_4_weeks=concluded,
        reviews_per_day=programme_rate,
    )
