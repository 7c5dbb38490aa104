"""The statutory rules of EHCP annual reviews, one named function per rule (DESIGN section 3).

A pure module: standard library only, no Django, no database, no clock. Each function can be
read against the law its docstring cites. Sources, abbreviated as in DESIGN section 3:

- CFA: Children and Families Act 2014
- Regs: Special Educational Needs and Disability Regulations 2014
- CoP: SEND Code of Practice: 0 to 25 years (2015)
- Devon 2022: R (L, M and P) v Devon CC [2022] EWHC 493 (Admin)

Dates are `datetime.date` (calendar days in Europe/London); a week is 7 days; a month is a
calendar month clamped to the month end (`add_months`).

`reviews.recompute` applies the same rules to every open review in one SQL statement, and
`tests/test_recompute.py` checks the two agree. PostgreSQL's `date + interval 'N months'`
clamps to the month end exactly as `add_months` does, and the SQL function
`kentsend_step_state` mirrors `step_state`. Change a rule here and there together.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

WEEK = 7  # days

# --- Calendar arithmetic -------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months, clamped to the end of the month it lands in.

    31 January + 1 month = 28 February (29 in a leap year); 29 February 2024 + 12 months =
    28 February 2025. `months` may be negative.
    """
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(*, date_of_birth: date, on: date) -> int:
    """Age in whole years on `on`.

    A child born on 29 February becomes a year older on 1 March in common years (the
    birthday has not passed on 28 February). PostgreSQL's `age()` counts the same way.
    """
    birthday_not_yet_reached = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - birthday_not_yet_reached


def academic_year_start(on: date) -> date:
    """1 September starting the academic year (1 September to 31 August) that contains `on`.

    Definition: DESIGN section 3, "National curriculum year".
    """
    year = on.year if on.month >= 9 else on.year - 1
    return date(year, 9, 1)


def national_curriculum_year(*, date_of_birth: date, on: date) -> int:
    """National curriculum year in the academic year containing `on`.

    NCY = (age on the 31 August before the academic year starts) - 4: Reception is 0,
    Year 6 is 6, Year 11 is 11, the nursery year -1. A child born on 31 August is the
    youngest of their year; one born a day later is the oldest of the year below.
    Definition: DESIGN section 3, "National curriculum year".
    """
    last_31_august = academic_year_start(on) - timedelta(days=1)
    return age_on(date_of_birth=date_of_birth, on=last_31_august) - 4


# --- The review cycle ------------------------------------------------------------------------


def first_review_due(*, plan_issued_on: date) -> date:
    """The first review meeting is due within 12 months of the date the plan was issued.

    Source: CFA s44(1)(a); CoP 9.169.
    """
    return add_months(plan_issued_on, 12)


def next_review_due(*, previous_meeting_on: date) -> date:
    """A later review is due within 12 months of the previous review meeting.

    An amended plan does not restart the clock: the anchor is the previous meeting, not the
    date an amended plan was issued. Source: CFA s44(1)(b); DfE written answer, Oct 2023.
    """
    return add_months(previous_meeting_on, 12)


def invitations_due(*, meeting_on: date) -> date:
    """Invitations to the review meeting go out at least 2 weeks before it.

    Source: Regs 20(3).
    """
    return meeting_on - timedelta(days=2 * WEEK)


def advice_due(*, meeting_on: date) -> date:
    """Advice and information are circulated at least 2 weeks before the meeting.

    Source: Regs 20(4).
    """
    return meeting_on - timedelta(days=2 * WEEK)


def report_due(*, meeting_on: date) -> date:
    """The report of the meeting reaches the LA and all invitees within 2 weeks after it.

    Source: Regs 20(7).
    """
    return meeting_on + timedelta(days=2 * WEEK)


def decision_due(*, meeting_on: date) -> date:
    """The LA's decision (maintain, amend or cease) is notified within 4 weeks of the meeting.

    Source: Regs 20(10); CoP 9.176.
    """
    return meeting_on + timedelta(days=4 * WEEK)


def amendment_notice_due(*, meeting_on: date) -> date:
    """Proposed amendments are sent with the decision notice, so within 4 weeks of the meeting.

    Source: R (L, M and P) v Devon CC [2022] EWHC 493 (Admin).
    """
    return meeting_on + timedelta(days=4 * WEEK)


def representations_close(*, amendment_notice_on: date) -> date:
    """The parent or young person has at least 15 days from the notice to make representations.

    Source: Regs 22(2)(c).
    """
    return amendment_notice_on + timedelta(days=15)


def final_plan_due(*, amendment_notice_on: date, meeting_on: date) -> date:
    """The final amended plan is issued within 8 weeks of the amendment notice.

    A late notice does not extend the time: the notice is due 4 weeks after the meeting, so
    the final plan is due no later than 12 weeks after the meeting either way; the earlier
    limb binds. Source: Regs 22(3)-(4); Devon 2022.
    """
    return min(
        amendment_notice_on + timedelta(days=8 * WEEK),
        meeting_on + timedelta(days=12 * WEEK),
    )


# --- Phase transfers ---------------------------------------------------------------------------

# The last national curriculum year of each setting phase (Regs 2(1) "phase transfer"); the
# child transfers at the end of that year. Phases absent here give no automatic deadline.
LAST_YEAR_OF_PHASE: dict[str, int] = {
    "early_years": -1,
    "infant": 2,
    "junior": 6,
    "primary": 6,
    "middle": 8,
    "secondary": 11,
}

# The child may stay on, or the next move varies: the officer sets a deadline when one is planned.
PHASES_WITHOUT_AUTOMATIC_TRANSFER = frozenset(
    {"secondary_with_sixth_form", "all_through", "special", "post16", "other"}
)


def phase_transfer_due(*, setting_phase: str, ncy: int, on: date) -> date | None:
    """The date by which the plan must be reviewed and amended to name the next setting.

    15 February of the calendar year of transfer, or 31 March for secondary to post-16, when
    the child is in the last year of the current setting's phase in the academic year
    containing `on`; otherwise None. Source: Regs 18(1).
    """
    if setting_phase in PHASES_WITHOUT_AUTOMATIC_TRANSFER:
        return None
    if setting_phase not in LAST_YEAR_OF_PHASE:
        raise ValueError(f"unknown setting phase: {setting_phase!r}")
    if ncy != LAST_YEAR_OF_PHASE[setting_phase]:
        return None
    transfer_year = academic_year_start(on).year + 1
    if setting_phase == "secondary":
        return date(transfer_year, 3, 31)
    return date(transfer_year, 2, 15)


def post16_move_due(*, transfer_on: date) -> date:
    """A move between post-16 institutions at another time: at least 5 months before it.

    Source: Regs 18(2).
    """
    return add_months(transfer_on, -5)


# --- Considerations that are not deadlines ----------------------------------------------------


def is_under_five(*, date_of_birth: date, on: date) -> bool:
    """Under 5 on `on`: the LA should consider a review every 3 to 6 months.

    Advisory only, never a breach. Source: CoP 9.178.
    """
    return age_on(date_of_birth=date_of_birth, on=on) < 5


def preparing_for_adulthood_applies(*, ncy: int) -> bool:
    """From Year 9 the review must consider preparation for adulthood.

    Source: Regs 20(6), 21(6).
    """
    return ncy >= 9


# --- States of a review step -----------------------------------------------------------------


class StepState(StrEnum):
    """The state of one review step (DESIGN section 3, "States of a review step")."""

    NOT_YET_DUE = "not_yet_due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"


OPEN_STATES_WORST_FIRST = (StepState.OVERDUE, StepState.DUE_SOON, StepState.NOT_YET_DUE)


def step_state(
    *, due_on: date | None, done_on: date | None, today: date, warning_days: int
) -> StepState | None:
    """The state of a step due on `due_on` and done on `done_on` (None: not done), as of `today`.

    A step due today is due soon, not overdue; one done on its due date is on time. A step
    with no deadline yet and not done has no state (None). Definition: DESIGN section 3.
    """
    if done_on is not None:
        on_time = due_on is None or done_on <= due_on
        return StepState.DONE_ON_TIME if on_time else StepState.DONE_LATE
    if due_on is None:
        return None
    if today > due_on:
        return StepState.OVERDUE
    if today >= due_on - timedelta(days=warning_days):
        return StepState.DUE_SOON
    return StepState.NOT_YET_DUE


def overall_state(states: Iterable[StepState | None]) -> StepState | None:
    """A review's state is its worst open step; None when no step is open.

    Definition: DESIGN section 3, "States of a review step".
    """
    present = set(states)
    return next((state for state in OPEN_STATES_WORST_FIRST if state in present), None)


# --- The open review implied by an imported caseload row ------------------------------------


@dataclass(frozen=True)
class OpenReview:
    """The open review implied by an imported caseload row (DESIGN section 6)."""

    due_on: date  # the date the review meeting must be held by
    meeting_on: date | None  # set when the meeting is held but no decision is recorded
    previous_meeting_on: date | None
    is_first_review: bool


def open_review_from_history(
    *,
    plan_issued_on: date,
    last_review_meeting_on: date | None,
    last_review_decision_on: date | None,
) -> OpenReview:
    """The open review of a plan, from the review history the council knows (DESIGN section 6).

    - No review meeting yet: the open review is the first, due 12 months after issue.
    - A meeting and a decision: that review is concluded; the open review is the next, due
      12 months after that meeting.
    - A meeting and no decision: the open review is that one, its meeting held; its report
      and decision deadlines run from the meeting. The row does not say when that meeting
      was due, so the meeting date stands in for it; it counts as the first review if it was
      held by the first review's due date.
    """
    if last_review_meeting_on is None:
        if last_review_decision_on is not None:
            raise ValueError("a decision date needs a meeting date")
        return OpenReview(
            due_on=first_review_due(plan_issued_on=plan_issued_on),
            meeting_on=None,
            previous_meeting_on=None,
            is_first_review=True,
        )
    if last_review_meeting_on < plan_issued_on:
        raise ValueError("the review meeting is before the plan was issued")
    if last_review_decision_on is None:
        return OpenReview(
            due_on=last_review_meeting_on,
            meeting_on=last_review_meeting_on,
            previous_meeting_on=None,
            is_first_review=last_review_meeting_on
            <= first_review_due(plan_issued_on=plan_issued_on),
        )
    if last_review_decision_on < last_review_meeting_on:
        raise ValueError("the decision is before the review meeting")
    return OpenReview(
        due_on=next_review_due(previous_meeting_on=last_review_meeting_on),
        meeting_on=None,
        previous_meeting_on=last_review_meeting_on,
        is_first_review=False,
    )
