"""The backlog forecast's arithmetic, with answers worked by hand: the week a backlog clears,
and the fewest extra release days a week that clear it by a chosen date.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from reporting.forecast import Forecast, extra_volunteer_days_needed, forecast_weeks
from tests.forecast_cases import LAST_DAY, MONDAY

# The arithmetic, with answers worked by hand.


def test_a_backlog_that_capacity_outruns_clears_in_the_week_it_first_reaches_zero():
    # 10 + 2 - 6.5 = 5.5; 5.5 + 2 - 6.5 = 1; 1 + 2 - 6.5 < 0, so 0 in the third week.
    result = forecast_weeks(
        backlog=10,
        due_by_week=[2, 2, 2, 2],
        volunteer_capacity_per_week=4,
        officer_throughput_per_week=2.5,
        start=MONDAY,
    )
    assert [w.backlog_at_end for w in result.rows[:4]] == [5.5, 1.0, 0.0, 0.0]
    assert [w.backlog_shown for w in result.rows[:3]] == [6, 1, 0]
    assert result.clears_on == date(2026, 12, 7)
    assert len(result.rows) == 26
    assert result.ends_on == LAST_DAY


def test_a_backlog_growing_by_one_a_week_never_clears():
    result = forecast_weeks(
        backlog=100,
        due_by_week=[5] * 26,
        volunteer_capacity_per_week=0,
        officer_throughput_per_week=4,
        start=MONDAY,
    )
    assert result.clears_on is None
    assert result.rows[-1].backlog_shown == 126


def _growing(officers: float) -> Forecast:
    return forecast_weeks(
        backlog=100,
        due_by_week=[5] * 26,
        volunteer_capacity_per_week=0,
        officer_throughput_per_week=officers,
        start=MONDAY,
    )


def test_two_more_release_days_a_week_clear_the_growing_backlog_within_the_26_weeks():
    # With k days of 4 reviews: 100 + (j + 1) <= 4k(j + 1) first holds, for j <= 25, at k = 2.
    needed = extra_volunteer_days_needed(
        backlog=100,
        due_by_week=[5] * 26,
        volunteer_capacity_per_week=0,
        officer_throughput_per_week=4,
        start=MONDAY,
        clear_by=LAST_DAY,
        reviews_per_day=4,
    )
    assert needed == 2
    # Run it: 2 extra days (8 reviews) clear it in the week of 1 March; 1 extra day does not.
    assert _growing(officers=4 + 8).clears_on == date(2027, 3, 1)
    assert _growing(officers=4 + 4).clears_on is None


def test_an_earlier_date_needs_more_release_days():
    # By the end of week 6: 106 <= 4k * 6 needs k = 5 (4.42 rounded up).
    assert (
        extra_volunteer_days_needed(
            backlog=100,
            due_by_week=[5] * 26,
            volunteer_capacity_per_week=0,
            officer_throughput_per_week=4,
            start=MONDAY,
            clear_by=date(2027, 1, 3),
            reviews_per_day=4,
        )
        == 5
    )


def test_no_extra_days_are_needed_when_the_backlog_clears_anyway():
    assert (
        extra_volunteer_days_needed(
            backlog=10,
            due_by_week=[],
            volunteer_capacity_per_week=4,
            officer_throughput_per_week=2.5,
            start=MONDAY,
            clear_by=date(2026, 12, 13),
            reviews_per_day=4,
        )
        == 0
    )


@pytest.mark.parametrize("clear_by", [date(2026, 11, 22), date(2027, 5, 24)])
def test_there_is_no_answer_for_a_date_outside_the_forecast(clear_by: date):
    assert (
        extra_volunteer_days_needed(
            backlog=10,
            due_by_week=[],
            volunteer_capacity_per_week=0,
            officer_throughput_per_week=0,
            start=MONDAY,
            clear_by=clear_by,
            reviews_per_day=4,
        )
        is None
    )


def test_volunteer_capacity_may_change_from_week_to_week():
    result = forecast_weeks(
        backlog=12,
        due_by_week=[0],
        volunteer_capacity_per_week=[0, 0, 8, 8],
        officer_throughput_per_week=1,
        start=MONDAY,
    )
    assert [w.backlog_shown for w in result.rows[:4]] == [11, 10, 1, 0]
    assert [w.capacity for w in result.rows[:5]] == [1, 1, 9, 9, 1]
    assert result.clears_on == date(2026, 12, 14)


@dataclass
class Scenario:
    backlog: int
    due: list[int]
    volunteers: list[int]

    def clears_by(self, clear_by: date, *, officers: float) -> bool:
        result = forecast_weeks(
            backlog=self.backlog,
            due_by_week=self.due,
            volunteer_capacity_per_week=self.volunteers,
            officer_throughput_per_week=officers,
            start=MONDAY,
        )
        return result.clears_on is not None and result.clears_on <= clear_by


def test_the_extra_days_are_the_fewest_that_clear_the_backlog_when_the_forecast_is_run():
    rng = random.Random(7)
    for _ in range(200):
        backlog = rng.randint(0, 300)
        due = [rng.randint(0, 20) for _ in range(26)]
        volunteers = [rng.choice([0, 4, 8]) for _ in range(26)]
        officers = rng.choice([0, 0.25, 2.75, 6.5])
        clear_by = MONDAY + timedelta(days=rng.randint(0, 181))
        rate = rng.randint(1, 6)
        k = extra_volunteer_days_needed(
            backlog=backlog,
            due_by_week=due,
            volunteer_capacity_per_week=volunteers,
            officer_throughput_per_week=officers,
            start=MONDAY,
            clear_by=clear_by,
            reviews_per_day=rate,
        )
        assert k is not None

        scenario = Scenario(backlog, due, volunteers)
        assert scenario.clears_by(clear_by, officers=officers + k * rate)
        assert k == 0 or not scenario.clears_by(clear_by, officers=officers + (k - 1) * rate)
