"""The backlog forecast: week by week for the next 26 weeks (issue 7).

`forecast_weeks` and `extra_volunteer_days_needed` are pure arithmetic on a few numbers, so a
board paper's figures can be checked by hand. reporting.forecast_inputs gathers those numbers
from the database (the backlog, the reviews falling due, volunteer capacity and officer
throughput) with a handful of aggregate queries, whatever the caseload's size.

Assumptions, each a choice a manager may question (those of capacity are in
reporting.forecast_inputs):

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
- Capacity in a week is volunteer capacity plus officer throughput.
- Weeks start on Monday (ISO weeks); the current week is week 1 and is counted as a whole
  week of officer throughput.
- Extra volunteer release days are assumed to start this week and each gives the programme's
  reviews per release day.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reporting.charts import Chart, Series, day_label

WEEKS = 26
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
