"""What the backlog forecast (reporting.forecast) starts from, as the database holds it on a
day: the backlog now, the reviews falling due each week, volunteer capacity and officer
throughput, in a handful of aggregate queries whatever the caseload's size.

Assumptions, each a choice a manager may question:

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
- For one area, the backlog, due reviews and officer throughput are that area's plans, and
  volunteer capacity is that of volunteers whose school is in the area.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from accounts.models import Role, User
from organisation.models import AreaTeam
from reporting.forecast import (
    WEEKS,
    Forecast,
    extra_volunteer_days_needed,
    forecast_last_day,
    forecast_weeks,
    week_start,
)
from reporting.scope import ByArea, Counted, counted_by_area, counts_of
from reviews.models import IS_OPEN, Review
from volunteers.models import (
    AgreementStatus,
    Assignment,
    ProgrammeSettings,
    ReleaseAgreement,
    SchoolHoliday,
)
from volunteers.services import WITHDRAWN

THROUGHPUT_WEEKS = 4
MEASURED_MINIMUM = 10
"""The fewest reviews an area team must have concluded without a volunteer in the last
`THROUGHPUT_WEEKS` weeks for its rate to be measured rather than taken from its default."""


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


@dataclass(frozen=True)
class ForecastMeasures:
    """The forecast's aggregates over the caseload (the costly part of `forecast_inputs`):
    what the worker keeps in the cache (reporting.current). The teams' officers and the
    defaults a manager sets are read when the page is shown, so a default saved shows at once."""

    today: datetime.date
    start: datetime.date
    area_id: int | None
    backlog: int
    due_by_week: list[int]
    volunteer_capacity_by_week: list[int]
    concluded: dict[int, tuple[int, int]]
    """By area team id: reviews concluded without a volunteer in the last
    `THROUGHPUT_WEEKS` weeks, and the case officers of their plans."""
    reviews_per_day: int


def forecast_open_counted(
    *, today: datetime.date, weeks: int = WEEKS
) -> Counted[tuple[int, list[int]]]:
    """The open reviews the forecast starts from, to be counted in one pass over every
    review (reporting.scope.counted_by_area): the backlog, and the reviews not in it falling
    due in each week from today."""
    start = week_start(today)
    conditions = {"backlog": IS_OPEN & Q(in_backlog=True)}
    for week in range(weeks):
        monday = start + datetime.timedelta(weeks=week)
        conditions[f"due_{week}"] = IS_OPEN & Q(
            in_backlog=False,
            due_on__gte=max(monday, today),
            due_on__lt=monday + datetime.timedelta(weeks=1),
        )
    return Counted(
        counts_of(conditions), lambda n: (n["backlog"], [n[f"due_{week}"] for week in range(weeks)])
    )


def forecast_measures_by_area(
    *,
    today: datetime.date,
    weeks: int = WEEKS,
    open_counts: ByArea[tuple[int, list[int]]] | None = None,
) -> ByArea[ForecastMeasures]:
    """The forecast's aggregates for every area team and for the whole service (None) in
    six queries: the open reviews (forecast_open_counted; none when `open_counts` holds them,
    counted in the worker's pass beside the dashboard's figures), the reviews concluded, the
    programme's rate, the release agreements and the school holidays."""
    start = week_start(today)
    end = start + datetime.timedelta(weeks=weeks)
    if open_counts is None:
        counted = counted_by_area(
            Review.objects.all(), {"open": forecast_open_counted(today=today, weeks=weeks)}
        )
        open_counts = {key: figures["open"] for key, figures in counted.items()}

    helped = Assignment.objects.filter(review=OuterRef("pk")).exclude(closed_reason=WITHDRAWN)
    concluded = {
        area_id: (n, by)
        for area_id, n, by in Review.objects.concluded()
        .filter(
            concluded_on__gte=today - datetime.timedelta(weeks=THROUGHPUT_WEEKS),
            concluded_on__lt=today,
        )
        .filter(~Exists(helped))
        .values("plan__area")
        .annotate(n=Count("id"), by=Count("plan__case_officer", distinct=True))
        .values_list("plan__area", "n", "by")
    }

    programme_rate = ProgrammeSettings.current().reviews_per_day
    rates = (
        ReleaseAgreement.objects.filter(status=AgreementStatus.APPROVED, start_on__lt=end)
        .annotate(
            rate=Coalesce("volunteer__volunteer_profile__reviews_per_day", Value(programme_rate))
        )
        .values_list("volunteer__setting__area", "start_on", "weekday", "weeks", "rate")
    )
    holidays = list(SchoolHoliday.objects.filter(end_on__gte=today, start_on__lt=end))
    capacity: ByArea[list[int]] = {key: [0] * weeks for key in open_counts}
    for area_id, start_on, weekday, agreed_weeks, rate in rates:
        first_day = ReleaseAgreement(start_on=start_on, weekday=weekday).first_day
        for n in range(agreed_weeks):
            day = first_day + datetime.timedelta(weeks=n)
            # A release day in a school holiday is not worked (volunteers.services).
            if today <= day < end and not any(h.covers(day) for h in holidays):
                for key in {area_id, None}:
                    capacity.setdefault(key, [0] * weeks)[(day - start).days // 7] += rate

    return {
        key: ForecastMeasures(
            today=today,
            start=start,
            area_id=key,
            backlog=backlog,
            due_by_week=due_by_week,
            volunteer_capacity_by_week=capacity.get(key, [0] * weeks),
            concluded=concluded
            if key is None
            else {key: concluded[key]}
            if key in concluded
            else {},
            reviews_per_day=programme_rate,
        )
        for key, (backlog, due_by_week) in open_counts.items()
    }


def forecast_measures(
    *, today: datetime.date, area: AreaTeam | None = None, weeks: int = WEEKS
) -> ForecastMeasures:
    """The forecast's aggregates for one area (every area when None): those of
    `forecast_measures_by_area`, which works every area out in the same five queries."""
    return forecast_measures_by_area(today=today, weeks=weeks)[area.pk if area else None]


def forecast_inputs_from(measures: ForecastMeasures) -> ForecastInputs:
    """The forecast's inputs: `measures` with each team's officers and default as they are
    now, in two queries."""
    officers = case_officers_by_area()
    teams = AreaTeam.objects.all()
    if measures.area_id is not None:
        teams = teams.filter(pk=measures.area_id)
    officer_capacity = [
        OfficerCapacity(
            area=team,
            concluded=measures.concluded.get(team.pk, (0, 0))[0],
            concluded_by=measures.concluded.get(team.pk, (0, 0))[1],
            officers=officers.get(team.pk, 0.0),
            default_per_officer=team.default_per_officer,
        )
        for team in teams.annotate(
            default_per_officer=F("forecast_capacity__reviews_per_officer_per_week")
        ).order_by("name")
    ]
    return ForecastInputs(
        today=measures.today,
        start=measures.start,
        backlog=measures.backlog,
        due_by_week=measures.due_by_week,
        volunteer_capacity_by_week=measures.volunteer_capacity_by_week,
        officer_capacity=officer_capacity,
        reviews_per_day=measures.reviews_per_day,
    )


def forecast_inputs(
    *, today: datetime.date, area: AreaTeam | None = None, weeks: int = WEEKS
) -> ForecastInputs:
    """Gather the forecast's numbers for one area (every area when None) in nine queries, and
    the three statements that run the pass without JIT, worked out now (the page reads the
    worker's, reporting.current.current_forecast)."""
    return forecast_inputs_from(forecast_measures(today=today, area=area, weeks=weeks))


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
