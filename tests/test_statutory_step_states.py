"""The state of a review step (from its deadline, its completion and today) and of a whole
review (the worst of its open steps), from `reviews.statutory`.

No database: the rules are pure functions. Every expected value was worked out by hand
from a calendar, never with the function under test.
"""

from datetime import date

import pytest

from reviews import statutory
from reviews.statutory import StepState

S = statutory


# --- States of a review step (DESIGN 3), today 10 March 2026 with a 14-day warning window -------

TODAY = date(2026, 3, 10)

STEP_STATES = [
    pytest.param(None, None, 14, None, id="a step with no deadline and not done has no state"),
    pytest.param(
        None,
        date(2026, 3, 1),
        14,
        StepState.DONE_ON_TIME,
        id="a step done with no deadline is on time",
    ),
    pytest.param(
        date(2026, 4, 1), None, 14, StepState.NOT_YET_DUE, id="a step due in 3 weeks is not yet due"
    ),
    pytest.param(
        date(2026, 3, 25),
        None,
        14,
        StepState.NOT_YET_DUE,
        id="a step due in 15 days is not yet due",
    ),
    pytest.param(
        date(2026, 3, 24),
        None,
        14,
        StepState.DUE_SOON,
        id="a step due in exactly the warning days is due soon",
    ),
    pytest.param(
        date(2026, 3, 10), None, 14, StepState.DUE_SOON, id="a step due today is due soon"
    ),
    pytest.param(
        date(2026, 3, 9), None, 14, StepState.OVERDUE, id="a step due yesterday is overdue"
    ),
    pytest.param(
        date(2026, 3, 10),
        None,
        0,
        StepState.DUE_SOON,
        id="with no warning window, due today is due soon",
    ),
    pytest.param(
        date(2026, 3, 11),
        None,
        0,
        StepState.NOT_YET_DUE,
        id="with no warning window, due tomorrow is not yet due",
    ),
    pytest.param(
        date(2026, 3, 1),
        date(2026, 3, 1),
        14,
        StepState.DONE_ON_TIME,
        id="a step done on its due date is on time",
    ),
    pytest.param(
        date(2026, 3, 1),
        date(2026, 2, 20),
        14,
        StepState.DONE_ON_TIME,
        id="a step done before its due date is on time",
    ),
    pytest.param(
        date(2026, 3, 1),
        date(2026, 3, 2),
        14,
        StepState.DONE_LATE,
        id="a step done one day after its due date is late",
    ),
]


@pytest.mark.parametrize(("due_on", "done_on", "warning_days", "expected"), STEP_STATES)
def test_a_step_state_follows_its_deadline_and_completion(due_on, done_on, warning_days, expected):
    state = S.step_state(due_on=due_on, done_on=done_on, today=TODAY, warning_days=warning_days)
    assert state is expected


OVERALL = [
    pytest.param(
        [StepState.DONE_ON_TIME, StepState.DUE_SOON, StepState.OVERDUE, None],
        StepState.OVERDUE,
        id="an overdue step makes the review overdue",
    ),
    pytest.param(
        [StepState.NOT_YET_DUE, StepState.DONE_LATE, StepState.DUE_SOON],
        StepState.DUE_SOON,
        id="a step due soon outranks one not yet due",
    ),
    pytest.param(
        [None, StepState.DONE_LATE, StepState.NOT_YET_DUE],
        StepState.NOT_YET_DUE,
        id="a late finished step does not count against an open review",
    ),
    pytest.param(
        [StepState.DONE_LATE, StepState.DONE_ON_TIME, None],
        None,
        id="a review with every step done has no open state",
    ),
    pytest.param([], None, id="a review with no steps has no open state"),
]


@pytest.mark.parametrize(("states", "expected"), OVERALL)
def test_a_review_takes_the_state_of_its_worst_open_step(states, expected):
    assert S.overall_state(iter(states)) is expected
