"""The statutory rules of EHCP annual reviews, one named function per rule (DESIGN section 3).

A pure module: standard library only, no Django, no database, no clock. Each function can be
read against the law its docstring cites. Sources, abbreviated as in DESIGN section 3:

- CFA: Children and Families Act 2014
- Regs: Special Educational Needs and Disability Regulations 2014
- CoP: SEND Code of Practice: 0 to 25 years (2015)
- Devon 2022: R (L, M and P) v Devon CC [2022] EWHC 493 (Admin)

Dates are `datetime.date` (calendar days in Europe/London); a week is 7 days; a month is a
calendar month clamped to the month end (`add_months`). Every `*_due` function returns the
last day on which the step is on time (DESIGN section 3, "Counting").

`reviews.figures` applies these rules to one open review; `reviews.recompute` computes the
same figures for every open review in one SQL statement, built from the numbers named
here, and `tests/test_recompute_parity.py` checks the two agree on thousands of generated
reviews. Change a rule here and there together.
"""

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum

WEEK = 7  # days

# --- The statutory numbers ------------------------------------------------------------------
# Every number of the law the engine counts with, named once. The SQL recompute
# (`reviews.recompute`), the figures (`reporting`) and the rules page take them from here;
# `tests/test_statutory_literals.py` fails if one is written as a literal anywhere else.

REVIEW_PERIOD_MONTHS = 12  # CFA s44(1)
INVITATIONS_WEEKS_BEFORE = 2  # Regs 20(3)
ADVICE_WEEKS_BEFORE = 2  # Regs 20(4)
REPORT_WEEKS_AFTER = 2  # Regs 20(7)
DECISION_WEEKS_AFTER = 4  # Regs 20(10); CoP 9.176
AMENDMENT_NOTICE_WEEKS_AFTER = 4  # with the decision: Devon 2022
REPRESENTATIONS_DAYS = 15  # Regs 22(2)(c): 15 days beginning with the day of the notice
FINAL_PLAN_WEEKS_AFTER_NOTICE = 8  # Regs 22(3)
FINAL_PLAN_WEEKS_AFTER_MEETING = 12  # Regs 22(3) with Devon 2022
WITHDRAWAL_WEEKS_AFTER_NOTICE = 8  # Regs 22(4)
POST16_MOVE_MONTHS_BEFORE = 5  # Regs 18(2)
PHASE_TRANSFER_BEFORE = (2, 15)  # Regs 18(1): before 15 February (month, day)
POST16_TRANSFER_BEFORE = (3, 31)  # Regs 18(1): before 31 March, secondary to post-16
LAST_YEAR_BEFORE_POST16 = 11  # a transfer after Year 11 is to post-16
UNDER_FIVE_YEARS = 5  # CoP 9.178
PREPARING_FOR_ADULTHOOD_FROM_YEAR = 9  # Regs 20(6), 21(6)
RECEPTION_AGE = 4  # NCY = age on the 31 August before the academic year - 4
ACADEMIC_YEAR_STARTS = (9, 1)  # 1 September (month, day)

# --- Calendar arithmetic -------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months, clamped to the end of the month it lands in.

    31 January + 1 month = 28 February (29 in a leap year); 29 February 2024 + 12 months =
    28 February 2025. `months` may be negative.
    """
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_of_months_ends(*, starting_with: date, months: int) -> date:
    """The last day of "the period of N months starting with" a date.

    The period ends the day before the corresponding date N months on; where that month has
    no corresponding date (29 February in a common year, 31st in a 30-day month), it ends on
    the last day of that month. 1 January 2025 + 12 months ends 31 December 2025; 29 February
    2024 ends 28 February 2025; 1 March 2023 ends 29 February 2024. DESIGN section 3,
    "Counting"; the corresponding-date rule of Dodds v Walker [1981] 1 WLR 1027 (HL).
    """
    corresponding = add_months(starting_with, months)
    if corresponding.day < starting_with.day:  # no corresponding date: the month's last day
        return corresponding
    return corresponding - timedelta(days=1)


def day_before(month_and_day: tuple[int, int], *, year: int) -> date:
    """The last day on time for a step due "before" a date: the day before it.

    DESIGN section 3, "Counting": "before D" ends the day before D.
    """
    month, day = month_and_day
    return date(year, month, day) - timedelta(days=1)


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
    year = on.year if (on.month, on.day) >= ACADEMIC_YEAR_STARTS else on.year - 1
    return date(year, *ACADEMIC_YEAR_STARTS)


def national_curriculum_year(*, date_of_birth: date, on: date) -> int:
    """National curriculum year in the academic year containing `on`.

    NCY = (age on the 31 August before the academic year starts) - 4: Reception is 0,
    Year 6 is 6, Year 11 is 11, the nursery year -1. A child born on 31 August is the
    youngest of their year; one born a day later is the oldest of the year below.
    Definition: DESIGN section 3, "National curriculum year".
    """
    last_31_august = academic_year_start(on) - timedelta(days=1)
    return age_on(date_of_birth=date_of_birth, on=last_31_august) - RECEPTION_AGE


# --- The review cycle ------------------------------------------------------------------------


def first_review_due(*, plan_issued_on: date) -> date:
    """The first review meeting is held in the period of 12 months starting with the date the
    plan was issued: by the day before its anniversary.

    Issued 1 January 2025: due by 31 December 2025. Source: CFA s44(1)(a); CoP 9.169.
    """
    return period_of_months_ends(starting_with=plan_issued_on, months=REVIEW_PERIOD_MONTHS)


def next_review_due(*, previous_meeting_on: date) -> date:
    """A later review is held in the period of 12 months starting with the previous review
    meeting, counted the same way.

    An amended plan does not restart the clock: the anchor is the previous meeting, not the
    date an amended plan was issued. Source: CFA s44(1)(b); DfE written answer, Oct 2023.
    """
    return period_of_months_ends(starting_with=previous_meeting_on, months=REVIEW_PERIOD_MONTHS)


def invitations_due(*, meeting_on: date) -> date:
    """Invitations to the review meeting go out at least 2 weeks before it.

    Source: Regs 20(3).
    """
    return meeting_on - timedelta(days=INVITATIONS_WEEKS_BEFORE * WEEK)


def advice_due(*, meeting_on: date) -> date:
    """Advice and information are circulated at least 2 weeks before the meeting.

    Source: Regs 20(4).
    """
    return meeting_on - timedelta(days=ADVICE_WEEKS_BEFORE * WEEK)


def report_due(*, meeting_on: date) -> date:
    """The report of the meeting reaches the LA and all invitees within 2 weeks after it.

    Source: Regs 20(7). For a child not at a school the LA prepares it (Regs 21(7)).
    """
    return meeting_on + timedelta(days=REPORT_WEEKS_AFTER * WEEK)


def decision_due(*, meeting_on: date) -> date:
    """The LA's decision (maintain, amend or cease) is notified within 4 weeks of the meeting.

    Source: Regs 20(10); CoP 9.176.
    """
    return meeting_on + timedelta(days=DECISION_WEEKS_AFTER * WEEK)


def amendment_notice_due(*, meeting_on: date) -> date:
    """Proposed amendments are sent with the decision notice, so within 4 weeks of the meeting.

    Source: R (L, M and P) v Devon CC [2022] EWHC 493 (Admin).
    """
    return meeting_on + timedelta(days=AMENDMENT_NOTICE_WEEKS_AFTER * WEEK)


def representations_close(*, amendment_notice_on: date) -> date:
    """The last day for representations on proposed amendments: 15 days beginning with the day
    the notice is sent, so the notice's day and 14 more (sent 1 March: until 15 March).

    Source: Regs 22(2)(c).
    """
    return amendment_notice_on + timedelta(days=REPRESENTATIONS_DAYS - 1)


def final_plan_due(*, amendment_notice_on: date | None, meeting_on: date) -> date:
    """The final amended plan is issued within 8 weeks of the amendment notice.

    A late notice does not extend the time: the notice is due 4 weeks after the meeting, so
    the final plan is due no later than 12 weeks after the meeting either way; the earlier
    limb binds, and before the notice is sent only the 12 weeks apply. Source: Regs 22(3);
    Devon 2022.
    """
    by_meeting = meeting_on + timedelta(days=FINAL_PLAN_WEEKS_AFTER_MEETING * WEEK)
    if amendment_notice_on is None:
        return by_meeting
    return min(
        amendment_notice_on + timedelta(days=FINAL_PLAN_WEEKS_AFTER_NOTICE * WEEK), by_meeting
    )


def withdrawal_due(*, amendment_notice_on: date) -> date:
    """After proposing amendments the LA may decide not to amend after all: it tells the family
    within 8 weeks of the amendment notice. The decision meets the final-plan step.

    Source: Regs 22(4).
    """
    return amendment_notice_on + timedelta(days=WITHDRAWAL_WEEKS_AFTER_NOTICE * WEEK)


def decision_outside_period(
    *, period_ends_on: date | None, decision_notified_on: date | None, today: date
) -> bool:
    """The decision after the meeting falls outside the review's 12-month period.

    True once it is certain: notified after the period's last day, or not notified and the
    period already over. False when the period's end is not known (a review imported with a
    meeting but no earlier history). Source: CoP 9.169.
    """
    if period_ends_on is None:
        return False
    return (decision_notified_on or today) > period_ends_on


# --- Phase transfers ---------------------------------------------------------------------------


def phase_transfer_due(*, last_year_of_phase: int | None, ncy: int, on: date) -> date | None:
    """The last day by which the plan must be reviewed and amended to name the next setting.

    "Before 15 February" of the calendar year of transfer, so 14 February; "before 31 March"
    (30 March) for a transfer from Year 11 to post-16. Due when the child is in the last year
    of the current setting (`last_year_of_phase`, None: no automatic transfer) in the
    academic year containing `on`; otherwise None. Source: Regs 18(1).
    """
    if last_year_of_phase is None or ncy != last_year_of_phase:
        return None
    transfer_year = academic_year_start(on).year + 1
    if last_year_of_phase >= LAST_YEAR_BEFORE_POST16:
        return day_before(POST16_TRANSFER_BEFORE, year=transfer_year)
    return day_before(PHASE_TRANSFER_BEFORE, year=transfer_year)


def owns_phase_transfer(*, previous_meeting_on: date | None, on: date) -> bool:
    """Whether the open review owns this academic year's phase transfer.

    The duty belongs to the review held in the 12 months before the transfer, the child's
    last year in the setting: the first review held in that academic year. A review whose
    previous review was held in the same academic year does not own it; the duty never
    passes to the next review. Source: Regs 18(1); DESIGN section 3.
    """
    return previous_meeting_on is None or previous_meeting_on < academic_year_start(on)


def phase_transfer_met_on(
    *,
    decision: str,
    decision_notified_on: date | None,
    final_plan_issued_on: date | None,
    amendments_withdrawn_on: date | None,
) -> date | None:
    """The day the owning review's outcome became final, meeting the phase-transfer duty.

    A final amended plan issued (naming the next setting), or a decision that no amendment is
    needed: to maintain the plan, to cease it, or not to amend after proposing amendments.
    Source: Regs 18(1), 22(4); DESIGN section 3.
    """
    if decision == "amend":
        return final_plan_issued_on or amendments_withdrawn_on
    if decision in ("maintain", "cease"):
        return decision_notified_on
    return None


def post16_move_due(*, transfer_on: date) -> date:
    """A move between post-16 institutions at another time: at least 5 months before it.

    Source: Regs 18(2).
    """
    return add_months(transfer_on, -POST16_MOVE_MONTHS_BEFORE)


# --- Considerations that are not deadlines ----------------------------------------------------


def is_under_five(*, date_of_birth: date, on: date) -> bool:
    """Under 5 on `on`: the LA should consider a review every 3 to 6 months.

    Advisory only, never a breach. Source: CoP 9.178.
    """
    return age_on(date_of_birth=date_of_birth, on=on) < UNDER_FIVE_YEARS


def preparing_for_adulthood_applies(*, ncy: int) -> bool:
    """From Year 9 the review must consider preparation for adulthood.

    Source: Regs 20(6), 21(6).
    """
    return ncy >= PREPARING_FOR_ADULTHOOD_FROM_YEAR


# --- States of a review step -----------------------------------------------------------------


class StepState(StrEnum):
    """The state of one review step (DESIGN section 3, "States of a review step").

    `NOT_DONE`: the step can no longer be done in its place in the sequence and was never
    recorded: invitations or advice not recorded before a held meeting, a report not received
    by the time the decision was notified. Not open: it neither keeps a review in the backlog
    nor counts its days overdue, and the figures count it.
    """

    NOT_YET_DUE = "not_yet_due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    NOT_DONE = "not_done"

    @property
    def label(self) -> str:
        return STEP_STATE_LABELS[self]


STEP_STATE_LABELS = {
    StepState.NOT_YET_DUE: "Not yet due",
    StepState.DUE_SOON: "Due soon",
    StepState.OVERDUE: "Overdue",
    StepState.DONE_ON_TIME: "Done on time",
    StepState.DONE_LATE: "Done late",
    StepState.NOT_DONE: "Not recorded",
}

OPEN_STATES_WORST_FIRST = (StepState.OVERDUE, StepState.DUE_SOON, StepState.NOT_YET_DUE)


def step_state(
    *, due_on: date | None, done_on: date | None, today: date, warning_days: int
) -> StepState | None:
    """The state of a step due on `due_on` and done on `done_on` (None: not done), as of `today`.

    `due_on` is the last day on time: a step done that day is on time, and a step due today
    is due soon, not overdue. A step with no deadline yet and not done has no state (None).
    Definition: DESIGN section 3.
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


def step_state_unless_passed(
    *, due_on: date | None, done_on: date | None, passed: bool, today: date, warning_days: int
) -> StepState | None:
    """`step_state`, except that a step never recorded whose moment has `passed` (the meeting
    held without invitations recorded; the decision notified without the report) is not done,
    rather than overdue for ever. Definition: DESIGN section 3.
    """
    if done_on is None and passed:
        return StepState.NOT_DONE
    return step_state(due_on=due_on, done_on=done_on, today=today, warning_days=warning_days)


def overall_state(states: Iterable[StepState | None]) -> StepState | None:
    """A review's state is its worst open step; None when no step is open.

    Definition: DESIGN section 3, "States of a review step".
    """
    present = set(states)
    return next((state for state in OPEN_STATES_WORST_FIRST if state in present), None)
