"""The statutory clock the case page shows: each step's deadline, state and rule in words.

The steps an officer records, and the states each may follow, are `reviews.transitions`.
"""

from dataclasses import dataclass
from datetime import date

from reviews import statutory as st
from reviews.models import Review, Step


@dataclass(frozen=True)
class Rule:
    """How the law times one step, in words built from reviews.statutory, and its source."""

    deadline: str
    source: str

    def __str__(self) -> str:
        return f"{self.deadline} ({self.source})"


def _day_and_month(day: date) -> str:
    return f"{day.day} {day:%B}"


def _before(month_and_day: tuple[int, int]) -> str:
    """The words of a step due "before" a date, with its last day: "before D" ends the day
    before D (DESIGN section 3, "Counting")."""
    year = 2001  # any year: neither 15 February nor 31 March moves in a leap year
    last_day = st.day_before(month_and_day, year=year)
    return f"before {_day_and_month(date(year, *month_and_day))} (so by {_day_and_month(last_day)})"


REGS = "SEND Regulations 2014"
RULES = {
    Step.INVITATIONS: Rule(
        f"At least {st.INVITATIONS_WEEKS_BEFORE} weeks before the meeting", f"{REGS} reg 20(3)"
    ),
    Step.ADVICE: Rule(
        f"Circulated at least {st.ADVICE_WEEKS_BEFORE} weeks before the meeting",
        f"{REGS} reg 20(4)",
    ),
    Step.MEETING: Rule(
        f"In the period of {st.REVIEW_PERIOD_MONTHS} months starting with the day the plan was "
        "issued, then with the day of the previous review meeting: by the day before the "
        "anniversary",
        "CFA 2014 s44(1); Code of Practice 9.169",
    ),
    Step.REPORT: Rule(
        f"Within {st.REPORT_WEEKS_AFTER} weeks after the meeting, to the council and everyone "
        "invited",
        f"{REGS} reg 20(7)",
    ),
    Step.DECISION: Rule(
        f"Within {st.DECISION_WEEKS_AFTER} weeks after the meeting, and inside the "
        f"{st.REVIEW_PERIOD_MONTHS}-month review period",
        f"{REGS} reg 20(10); Code of Practice 9.169, 9.176",
    ),
    Step.AMENDMENT_NOTICE: Rule(
        f"With the decision, so within {st.AMENDMENT_NOTICE_WEEKS_AFTER} weeks after the "
        f"meeting; the family then has {st.REPRESENTATIONS_DAYS} days, beginning with the day "
        "it is sent, to give their views",
        f"R (L, M and P) v Devon CC [2022] EWHC 493 (Admin); {REGS} reg 22(2)(c)",
    ),
    Step.FINAL_PLAN: Rule(
        f"Within {st.FINAL_PLAN_WEEKS_AFTER_NOTICE} weeks of the proposed amendments, and so "
        f"within {st.FINAL_PLAN_WEEKS_AFTER_MEETING} weeks of the meeting; or the decision not "
        f"to amend after all, within {st.WITHDRAWAL_WEEKS_AFTER_NOTICE} weeks of the proposed "
        "amendments",
        f"{REGS} reg 22(3), 22(4); Devon 2022",
    ),
    Step.PHASE_TRANSFER: Rule(
        f"Reviewed, and amended to name the next setting, {_before(st.PHASE_TRANSFER_BEFORE)} "
        "in the year of transfer; from Year "
        f"{st.LAST_YEAR_BEFORE_POST16} to post-16, {_before(st.POST16_TRANSFER_BEFORE)}; a move "
        f"between post-16 institutions at another time, at least {st.POST16_MOVE_MONTHS_BEFORE} "
        "months before it",
        f"{REGS} reg 18(1), 18(2)",
    ),
}
# A child or young person who attends no school or other institution: the council invites,
# circulates the advice and writes the report itself (reg 21).
RULES_NOT_AT_A_SCHOOL = {
    Step.INVITATIONS: Rule(RULES[Step.INVITATIONS].deadline, f"{REGS} reg 21(3)"),
    Step.ADVICE: Rule(RULES[Step.ADVICE].deadline, f"{REGS} reg 21(4)"),
    Step.REPORT: Rule(
        "For a child or young person at no school or other institution, the council prepares "
        f"the report itself, within {st.REPORT_WEEKS_AFTER} weeks after the meeting",
        f"{REGS} reg 21(7)",
    ),
}


def attends_no_school(review: Review) -> bool:
    """No school or other institution is recorded for the plan: reg 21 applies, not reg 20.
    Every recorded setting is a school, college or early-years provider with a URN."""
    return review.plan.setting_id is None


def step_rules(review: Review) -> dict[Step, Rule]:
    """The rule of each step for this review, in words."""
    rules = dict(RULES)
    if attends_no_school(review):
        rules.update(RULES_NOT_AT_A_SCHOOL)
    if review.planned_move_on is not None and review.phase_transfer_override_on is None:
        rules[Step.PHASE_TRANSFER] = Rule(
            f"At least {st.POST16_MOVE_MONTHS_BEFORE} months before the planned move to another "
            f"post-16 institution on {review.planned_move_on.day} "
            f"{review.planned_move_on:%B %Y}",
            f"{REGS} reg 18(2)",
        )
    return rules


# Each step as a thing still to do, as the queue names the step a review waits on.
STEP_TO_DO = {
    Step.INVITATIONS: "Send the invitations",
    Step.ADVICE: "Circulate the advice",
    Step.MEETING: "Hold the review meeting",
    Step.REPORT: "Receive the meeting's report",
    Step.DECISION: "Notify the decision",
    Step.AMENDMENT_NOTICE: "Send the proposed amendments",
    Step.FINAL_PLAN: "Issue the final amended plan",
    Step.PHASE_TRANSFER: "Amend the plan before the phase transfer",
}


@dataclass(frozen=True)
class ClockRow:
    step: Step
    due_on: date | None
    state: str | None
    state_label: str
    done_on: date | None
    rule: Rule
    done_note: str = ""

    @property
    def to_do(self) -> str:
        return STEP_TO_DO[self.step]


# A step never recorded whose moment has passed: said in the words of that step.
NOT_DONE_LABELS = {Step.REPORT: "Not received"}
DOES_NOT_APPLY = "Does not apply"


def _state_label(step: Step, state: str | None) -> str:
    if state is None:
        return DOES_NOT_APPLY
    if state == st.StepState.NOT_DONE:
        return NOT_DONE_LABELS.get(step, st.StepState.NOT_DONE.label)
    return st.StepState(state).label


def _closed_state(due_on: date | None, done_on: date | None) -> str | None:
    """A step of a concluded review, which the recompute no longer judges: done on time or
    late, or never recorded (its moment has passed with the review); no deadline and not
    done, it does not apply."""
    if done_on is None:
        return st.StepState.NOT_DONE if due_on is not None else None
    return st.step_state(due_on=due_on, done_on=done_on, today=done_on, warning_days=0)


def review_clock(review: Review) -> list[ClockRow]:
    """Each statutory step of the review: its deadline, state, the date done and its rule."""
    withdrawn = review.amendments_withdrawn_on is not None and review.final_plan_issued_on is None
    rows = [
        (Step.INVITATIONS, review.invitations_due_on, "invitations", review.invitations_sent_on),
        (Step.ADVICE, review.advice_due_on, "advice", review.advice_circulated_on),
        (Step.MEETING, review.due_on, "meeting", review.meeting_on),
        (Step.REPORT, review.report_due_on, "report", review.report_received_on),
        (Step.DECISION, review.decision_due_on, "decision", review.decision_notified_on),
        (
            Step.AMENDMENT_NOTICE,
            review.amendment_notice_due_on,
            "amendment_notice",
            review.amendment_notice_on,
        ),
        (
            Step.FINAL_PLAN,
            review.final_plan_due_on,
            "final_plan",
            review.final_plan_issued_on or review.amendments_withdrawn_on,
        ),
        (
            Step.PHASE_TRANSFER,
            review.phase_transfer_due_on,
            "phase_transfer",
            review.phase_transfer_met_on,
        ),
    ]
    notes = {Step.FINAL_PLAN: "Decided not to amend" if withdrawn else ""}
    rules = step_rules(review)
    clock = []
    for step, due_on, field, done_on in rows:
        state = getattr(review, f"{field}_state")
        if due_on is None and state is None and done_on is None:
            continue
        if not review.is_open:
            state = _closed_state(due_on, done_on)
        clock.append(
            ClockRow(
                step,
                due_on,
                state,
                _state_label(step, state),
                done_on,
                rules[step],
                notes.get(step, ""),
            )
        )
    return clock


def review_next_step(review: Review) -> ClockRow | None:
    """The open step that gives an open review its state (statutory.overall_state: the worst
    open step), the earliest due if several share it; None when no step is open. The queue
    shows this step, so a review whose meeting is held shows its report or decision, not the
    meeting."""
    open_rows = [row for row in review_clock(review) if row.state in st.OPEN_STATES_WORST_FIRST]
    worst = st.overall_state(st.StepState(row.state) for row in open_rows if row.state)
    candidates = [row for row in open_rows if row.state == worst]
    return min(candidates, key=lambda row: row.due_on or date.max, default=None)
