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
  requested, declined and ended agreements give nothing.
- Officer throughput is worked out for each area team (`OfficerCapacity`) and added up:
  - measured, when the team concluded at least `MEASURED_MINIMUM` (10) reviews without a
    volunteer's help (no assignment that was not withdrawn) in the 28 days before today: those
    reviews divided by 4. Reviews with a volunteer's help are counted by the volunteer
    capacity instead, so they are not counted twice. Fewer than 10 in 4 weeks is under 2.5 a
    week for a whole team: more likely a caseload just imported, or conclusions not yet
    recorded, than the team's pace, and a rate from so few would swing with every review;
  - otherwise the default a manager set for the team (`ForecastCapacity`, reviews one case
    officer concludes in a week) times the team's case officers today (active accounts with
    the case officer role; one who works in n teams counts as 1/n in each, so the teams add
    up to the whole service);
  - otherwise nothing: the area cannot be forecast, nor all areas together, until a manager
    sets its default. The forecast never takes a missing figure as 0.
  Throughput is a mean and may be fractional; the table shows the backlog rounded up to whole
  reviews.
- Weeks start on Monday (ISO weeks); the current week is week 1 and is counted as a whole
  week of officer throughput.
- For one area, the backlog, due reviews and officer throughput are that area's plans, and
  volunteer capacity is that of volunteers whose school is in the area.
- Extra volunteer release days are assumed to start this week and each gives the programme's
  reviews per release day.
"""

import datetime
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Value
from django.db.models.functions import Coalesce, TruncWeek

from accounts.models import Role, User
from organisation.models import AreaTeam
from reporting.charts import Chart, Series, day_label
from reviews.models import Review
from volunteers.models import AgreementStatus, Assignment, ProgrammeSettings, ReleaseAgreement
from volunteers.services import WITHDRAWN

WEEKS = 26
THROUGHPUT_WEEKS = 4
MEASURED_MINIMUM = 10
"""The fewest reviews an area team must have concluded without a volunteer in the last
`THROUGHPUT_WEEKS` weeks for its rate to be measured rather than taken from its default."""
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


def plain_number(value: float | Decimal) -> str:
    """A figure as people write it: 12, 9.5, 0.33 (at most two decimal places)."""
    return f"{round(float(value), 2):,.2f}".rstrip("0").rstrip(".")


def _reviews(n: int) -> str:
    return f"{n:,} review{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class OfficerCapacity:
    """How many reviews one area team's case officers conclude in a week, and why that figure
    (see the module docstring): measured, the manager's default, or none at all."""

    area: AreaTeam
    concluded: int
    """Reviews concluded without a volunteer's help in the last `THROUGHPUT_WEEKS` weeks."""
    concluded_by: int
    """The case officers of those reviews' plans."""
    officers: float
    """The team's case officers today; one who works in n teams counts as 1/n."""
    default_per_officer: Decimal | None
    """The manager's reviews per officer per week for the team, if one is set."""

    @property
    def is_measured(self) -> bool:
        return self.concluded >= MEASURED_MINIMUM

    @property
    def uses_default(self) -> bool:
        return not self.is_measured and self.default_per_officer is not None

    @property
    def per_week(self) -> float | None:
        """The team's reviews a week, or None when there is no figure to forecast with."""
        if self.is_measured:
            return self.concluded / THROUGHPUT_WEEKS
        if self.default_per_officer is not None:
            return float(self.default_per_officer) * self.officers
        return None

    @property
    def figure(self) -> str:
        """Which figure is used, in words."""
        if self.is_measured:
            by = (
                f" by {self.concluded_by:,} case officer{'' if self.concluded_by == 1 else 's'}"
                if self.concluded_by
                else ""
            )
            return (
                f"Measured: {_reviews(self.concluded)} concluded in the last "
                f"{THROUGHPUT_WEEKS} weeks without a volunteer{by}, so "
                f"{plain_number(self.concluded / THROUGHPUT_WEEKS)} a week."
            )
        if self.default_per_officer is not None:
            rate = plain_number(self.default_per_officer)
            if not self.officers:
                return (
                    f"Default set by a manager: {rate} reviews per officer per week, but no case "
                    f"officer works in {self.area.name}, so 0 a week."
                )
            officers = plain_number(self.officers)
            return (
                f"Default set by a manager: {rate} reviews per officer per week for "
                f"{officers} case officer{'' if officers == '1' else 's'}, so "
                f"{plain_number(self.per_week or 0)} a week."
            )
        return f"Cannot forecast {self.area.name} until a manager sets a default."

    @property
    def reason(self) -> str:
        """Why that figure: how many reviews the last 4 weeks gave to measure."""
        if self.is_measured:
            return (
                f"At least {MEASURED_MINIMUM} reviews concluded in the last {THROUGHPUT_WEEKS} "
                "weeks are enough to measure the team's own rate."
            )
        few = (
            "no reviews were"
            if self.concluded == 0
            else f"only {_reviews(self.concluded)} {'was' if self.concluded == 1 else 'were'}"
        )
        return (
            f"Because {few} concluded without a volunteer in the last {THROUGHPUT_WEEKS} weeks, "
            f"and at least {MEASURED_MINIMUM} are needed to measure the team's own rate."
        )


@dataclass(frozen=True)
class ForecastInputs:
    """What the forecast starts from, as `forecast_inputs` found it on `today`."""

    today: datetime.date
    start: datetime.date
    backlog: int
    due_by_week: list[int]
    volunteer_capacity_by_week: list[int]
    officer_capacity: list[OfficerCapacity]
    """One per area team forecast (one, or every team), in name order."""
    reviews_per_day: int
    """The programme's reviews per release day: what one extra volunteer day gives."""

    @property
    def concluded_last_4_weeks(self) -> int:
        return sum(area.concluded for area in self.officer_capacity)

    @property
    def areas_without_capacity(self) -> list[AreaTeam]:
        """The teams with neither a measured rate nor a default: nothing to forecast with."""
        return [c.area for c in self.officer_capacity if c.per_week is None]

    @property
    def can_forecast(self) -> bool:
        return not self.areas_without_capacity

    @property
    def officer_throughput_per_week(self) -> float:
        """The teams' reviews a week added up. Check `can_forecast` first: a team without a
        figure adds nothing here, which is not the same as having no officers."""
        return sum(c.per_week or 0.0 for c in self.officer_capacity)

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
    """Gather the forecast's numbers for one area (every area when None) in seven queries."""
    start = week_start(today)
    end = start + datetime.timedelta(weeks=weeks)
    reviews = Review.objects.all() if area is None else Review.objects.filter(plan__area=area)
    officers = case_officers_by_area()
    open_reviews = reviews.open()

    backlog = open_reviews.in_backlog().count()

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
    concluded = {
        area_id: (n, by)
        for area_id, n, by in reviews.concluded()
        .filter(
            concluded_on__gte=today - datetime.timedelta(weeks=THROUGHPUT_WEEKS),
            concluded_on__lt=today,
        )
        .filter(~Exists(helped))
        .values("plan__area")
        .annotate(n=Count("id"), by=Count("plan__case_officer", distinct=True))
        .values_list("plan__area", "n", "by")
    }
    officer_capacity = [
        OfficerCapacity(
            area=team,
            concluded=concluded.get(team.pk, (0, 0))[0],
            concluded_by=concluded.get(team.pk, (0, 0))[1],
            officers=officers.get(team.pk, 0.0),
            default_per_officer=team.default_per_officer,
        )
        for team in (
            AreaTeam.objects.all() if area is None else AreaTeam.objects.filter(pk=area.pk)
        )
        .annotate(default_per_officer=F("forecast_capacity__reviews_per_officer_per_week"))
        .order_by("name")
    ]

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
        officer_capacity=officer_capacity,
        reviews_per_day=programme_rate,
    )


def case_officers_by_area() -> dict[int, float]:
    """Each area team's case officers today (active accounts), by team id. One who works in
    n teams counts as 1/n in each, so the teams' figures add up to the whole service."""
    memberships = list(
        User.areas.through.objects.filter(
            user__role=Role.CASE_OFFICER, user__is_active=True
        ).values_list("user_id", "areateam_id")
    )
    teams_of = Counter(user_id for user_id, _ in memberships)
    officers: dict[int, float] = {}
    for user_id, team_id in memberships:
        officers[team_id] = officers.get(team_id, 0.0) + 1 / teams_of[user_id]
    return officers


def forecast_chart(forecast: Forecast, *, where: str) -> Chart:
    """The backlog week by week as a line chart; the page shows the same figures in its table."""
    first, last = forecast.rows[0], forecast.rows[-1]
    clears = (
        f" It first reaches 0 in the week starting {forecast.clears_on.day} "
        f"{forecast.clears_on:%B %Y}."
        if forecast.clears_on
        else f" It does not reach 0 within {len(forecast.rows)} weeks."
    )
    return Chart(
        id="chart-forecast",
        title=f"Backlog forecast at the end of each week, {where}",
        description=(
            f"Line chart of the reviews forecast to be overdue at the end of each week, from the "
            f"week starting {first.starts_on.day} {first.starts_on:%B %Y} to the week starting "
            f"{last.starts_on.day} {last.starts_on:%B %Y}: {forecast.backlog_now:,} now and "
            f"{last.backlog_shown:,} at the end.{clears}"
        ),
        labels=[day_label(week.starts_on) for week in forecast.rows],
        series=[Series("Backlog at end of week", [week.backlog_shown for week in forecast.rows])],
        label_heading="Week starting",
    )
