"""Every figure of one review, worked out from the statutory rules (`reviews.statutory`).

A pure module like the rules it applies: standard library only, no Django, no database, no
clock. `review_figures` gives every deadline, step state, days overdue and the backlog flag
of one open review; `reviews.recompute` computes the same in SQL for all of them, and
`tests/test_recompute_parity.py` checks the two agree. The last part works out the reviews
an imported caseload row implies: the one held, and the one now open.
"""

from dataclasses import dataclass
from datetime import date

from reviews.statutory import (
    StepState,
    advice_due,
    amendment_notice_due,
    decision_due,
    decision_outside_period,
    final_plan_due,
    first_review_due,
    invitations_due,
    is_under_five,
    national_curriculum_year,
    next_review_due,
    overall_state,
    owns_phase_transfer,
    phase_transfer_due,
    phase_transfer_met_on,
    post16_move_due,
    report_due,
    step_state_unless_passed,
)

# --- Every computed figure of one open review --------------------------------------------------


@dataclass(frozen=True)
class ReviewFacts:
    """What is recorded about one open review, its child and its setting."""

    due_on: date
    is_first_review: bool
    previous_meeting_on: date | None
    date_of_birth: date
    ncy_override: int | None
    last_year_of_phase: int | None  # the current setting's; None: no automatic transfer
    meeting_planned_on: date | None = None
    invitations_sent_on: date | None = None
    advice_circulated_on: date | None = None
    meeting_on: date | None = None
    report_received_on: date | None = None
    decision: str = ""
    decision_notified_on: date | None = None
    amendment_notice_on: date | None = None
    amendments_withdrawn_on: date | None = None
    final_plan_issued_on: date | None = None
    phase_transfer_override_on: date | None = None
    planned_move_on: date | None = None


# The steps in the order of the sequence; each has a `<step>_due_on`-like deadline and a state.
STEPS = (
    "invitations",
    "advice",
    "meeting",
    "report",
    "decision",
    "amendment_notice",
    "final_plan",
    "phase_transfer",
)


@dataclass(frozen=True)
class ReviewFigures:
    """Every figure the engine computes for one open review (DESIGN section 3).

    `reviews.recompute` computes the same figures in SQL for every open review at once;
    `tests/test_recompute_parity.py` checks the two agree field by field.
    """

    ncy: int
    invitations_due_on: date | None
    advice_due_on: date | None
    report_due_on: date | None
    decision_due_on: date | None
    amendment_notice_due_on: date | None
    final_plan_due_on: date | None
    phase_transfer_due_on: date | None
    phase_transfer_met_on: date | None
    states: dict[str, StepState | None]
    state: StepState | None
    in_backlog: bool
    days_overdue: int
    decision_outside_period: bool
    under_five: bool


def review_figures(facts: ReviewFacts, *, today: date, warning_days: int) -> ReviewFigures:
    """The deadlines, step states, backlog flag and days overdue of one open review."""
    f = facts
    ncy = (
        f.ncy_override
        if f.ncy_override is not None
        else national_curriculum_year(date_of_birth=f.date_of_birth, on=today)
    )
    meeting_or_planned = f.meeting_on or f.meeting_planned_on
    held = f.meeting_on
    amend = f.decision == "amend"
    due: dict[str, date | None] = {
        "invitations": meeting_or_planned and invitations_due(meeting_on=meeting_or_planned),
        "advice": meeting_or_planned and advice_due(meeting_on=meeting_or_planned),
        "meeting": f.due_on,
        "report": held and report_due(meeting_on=held),
        "decision": held and decision_due(meeting_on=held),
        "amendment_notice": (held and amend and amendment_notice_due(meeting_on=held)) or None,
        "final_plan": (
            held
            and amend
            and final_plan_due(amendment_notice_on=f.amendment_notice_on, meeting_on=held)
        )
        or None,
    }
    if f.phase_transfer_override_on is not None:
        due["phase_transfer"] = f.phase_transfer_override_on
    elif f.planned_move_on is not None:
        due["phase_transfer"] = post16_move_due(transfer_on=f.planned_move_on)
    elif owns_phase_transfer(previous_meeting_on=f.previous_meeting_on, on=today):
        due["phase_transfer"] = phase_transfer_due(
            last_year_of_phase=f.last_year_of_phase, ncy=ncy, on=today
        )
    else:
        due["phase_transfer"] = None
    met_on = (
        phase_transfer_met_on(
            decision=f.decision,
            decision_notified_on=f.decision_notified_on,
            final_plan_issued_on=f.final_plan_issued_on,
            amendments_withdrawn_on=f.amendments_withdrawn_on,
        )
        if due["phase_transfer"] is not None
        else None
    )
    done: dict[str, date | None] = {
        "invitations": f.invitations_sent_on,
        "advice": f.advice_circulated_on,
        "meeting": f.meeting_on,
        "report": f.report_received_on,
        "decision": f.decision_notified_on,
        "amendment_notice": f.amendment_notice_on,
        "final_plan": f.final_plan_issued_on or f.amendments_withdrawn_on,
        "phase_transfer": met_on,
    }
    passed = {
        "invitations": held is not None,
        "advice": held is not None,
        "report": f.decision_notified_on is not None,
    }
    states = {
        step: step_state_unless_passed(
            due_on=due[step],
            done_on=done[step],
            passed=passed.get(step, False),
            today=today,
            warning_days=warning_days,
        )
        for step in STEPS
    }
    overdue_by = [
        (today - deadline).days
        for step, deadline in due.items()
        if states[step] == StepState.OVERDUE and deadline is not None
    ]
    period_known = f.is_first_review or f.previous_meeting_on is not None
    return ReviewFigures(
        ncy=ncy,
        invitations_due_on=due["invitations"],
        advice_due_on=due["advice"],
        report_due_on=due["report"],
        decision_due_on=due["decision"],
        amendment_notice_due_on=due["amendment_notice"],
        final_plan_due_on=due["final_plan"],
        phase_transfer_due_on=due["phase_transfer"],
        phase_transfer_met_on=met_on,
        states=states,
        state=overall_state(states.values()),
        in_backlog=StepState.OVERDUE in states.values(),
        days_overdue=max(overdue_by, default=0),
        decision_outside_period=decision_outside_period(
            period_ends_on=f.due_on if period_known else None,
            decision_notified_on=f.decision_notified_on,
            today=today,
        ),
        under_five=is_under_five(date_of_birth=f.date_of_birth, on=today),
    )


# --- The open review implied by an imported caseload row ------------------------------------


@dataclass(frozen=True)
class OpenReview:
    """The open review implied by an imported caseload row (DESIGN section 6)."""

    due_on: date  # the date the review meeting must be held by
    meeting_on: date | None  # set when the meeting is held but no decision is recorded
    previous_meeting_on: date | None
    is_first_review: bool


@dataclass(frozen=True)
class HeldReview:
    """Where a review whose meeting was held stands in the plan's cycle of reviews."""

    due_on: date  # the date its meeting had to be held by, or the meeting itself if unknown
    previous_meeting_on: date | None
    is_first_review: bool


def held_review_from_history(
    *, plan_issued_on: date, meeting_on: date, earlier_meeting_on: date | None = None
) -> HeldReview:
    """The cycle of a review held on `meeting_on`, from the history the council's records hold
    (DESIGN section 6).

    - The meeting of the review before it is known (`earlier_meeting_on`): it is a later
      review, due in the 12 months starting with that meeting (CFA s44(1)(b)).
    - No earlier review is known and it was held by the first review's due date: it is the
      first review, due in the 12 months starting with the issue date (CFA s44(1)(a)).
    - Otherwise the records do not say when it was due: the meeting date stands in for its
      due date, and the 12-month period it belonged to is unknown.
    """
    if meeting_on < plan_issued_on:
        raise ValueError("the review meeting is before the plan was issued")
    if earlier_meeting_on is not None:
        if earlier_meeting_on >= meeting_on:
            raise ValueError("the earlier review meeting is not before this one")
        return HeldReview(
            due_on=next_review_due(previous_meeting_on=earlier_meeting_on),
            previous_meeting_on=earlier_meeting_on,
            is_first_review=False,
        )
    first_due = first_review_due(plan_issued_on=plan_issued_on)
    is_first = meeting_on <= first_due
    return HeldReview(
        due_on=first_due if is_first else meeting_on,
        previous_meeting_on=None,
        is_first_review=is_first,
    )


def open_review_from_history(
    *,
    plan_issued_on: date,
    last_review_meeting_on: date | None,
    last_review_decision_on: date | None,
) -> OpenReview:
    """The open review of a plan, from the review history the council knows (DESIGN section 6).

    - No review meeting yet: the open review is the first, due in the 12 months starting
      with the issue date.
    - A meeting and a decision: that review is concluded; the open review is the next, due
      in the 12 months starting with that meeting.
    - A meeting and no decision: the open review is that one, its meeting held; its report
      and decision deadlines run from the meeting. It is the first review if it was held by
      the first review's due date, and then that is its due date; otherwise the row does not
      say when it was due, so the meeting date stands in for it (and the 12-month period it
      belonged to is unknown).
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
        held = held_review_from_history(
            plan_issued_on=plan_issued_on, meeting_on=last_review_meeting_on
        )
        return OpenReview(
            due_on=held.due_on,
            meeting_on=last_review_meeting_on,
            previous_meeting_on=held.previous_meeting_on,
            is_first_review=held.is_first_review,
        )
    if last_review_decision_on < last_review_meeting_on:
        raise ValueError("the decision is before the review meeting")
    return OpenReview(
        due_on=next_review_due(previous_meeting_on=last_review_meeting_on),
        meeting_on=None,
        previous_meeting_on=last_review_meeting_on,
        is_first_review=False,
    )
