"""The steps an officer records on the case page, and the statutory clock it shows.

Each step names the service transition that records it and the review states it may follow,
so the page offers only what the law's sequence allows next; the transition still checks.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from reviews import services
from reviews.models import Decision, Review, ReviewStatus, Step

S = ReviewStatus


@dataclass(frozen=True)
class StepAction:
    slug: str
    title: str
    date_label: str
    transition: Callable[..., Review]
    allowed_from: frozenset[ReviewStatus]
    after_decision: Decision | None = None
    date_may_be_future: bool = False

    def is_open_for(self, review: Review) -> bool:
        if review.status not in self.allowed_from:
            return False
        return self.after_decision is None or review.decision == self.after_decision


STEP_ACTIONS = [
    StepAction(
        "plan-meeting",
        "Plan the review meeting",
        "Date of the meeting",
        services.review_plan_meeting,
        frozenset({S.PLANNING}),
        date_may_be_future=True,
    ),
    StepAction(
        "send-invitations",
        "Record the invitations sent",
        "Date the invitations were sent",
        services.review_send_invitations,
        frozenset({S.PLANNING}),
    ),
    StepAction(
        "circulate-advice",
        "Record the advice circulated",
        "Date the advice and information were circulated",
        services.review_circulate_advice,
        frozenset({S.PLANNING}),
    ),
    StepAction(
        "hold-meeting",
        "Record the meeting",
        "Date the meeting was held",
        services.review_hold_meeting,
        frozenset({S.PLANNING}),
    ),
    StepAction(
        "receive-report",
        "Record the report received",
        "Date the report reached the council and every invitee",
        services.review_receive_report,
        frozenset({S.MEETING_HELD}),
    ),
    StepAction(
        "notify-decision",
        "Record the decision",
        "Date the family was told of the decision",
        services.review_notify_decision,
        frozenset({S.MEETING_HELD, S.REPORT_RECEIVED}),
    ),
    StepAction(
        "send-amendment-notice",
        "Record the proposed amendments sent",
        "Date the proposed amendments were sent",
        services.review_send_amendment_notice,
        frozenset({S.DECISION_NOTIFIED}),
        after_decision=Decision.AMEND,
    ),
    StepAction(
        "issue-final-plan",
        "Record the final amended plan issued",
        "Date the final amended plan was issued",
        services.review_issue_final_plan,
        frozenset({S.AMENDMENT_NOTICE_SENT}),
    ),
    StepAction(
        "withdraw-amendments",
        "Record a decision not to amend after all",
        "Date the family was told the plan will not be amended",
        services.review_withdraw_amendments,
        frozenset({S.AMENDMENT_NOTICE_SENT}),
    ),
    StepAction(
        "conclude",
        "Conclude the review",
        "Date the review concluded",
        services.review_conclude,
        frozenset({S.DECISION_NOTIFIED, S.FINAL_PLAN_ISSUED, S.AMENDMENTS_WITHDRAWN}),
    ),
    StepAction(
        "cease-plan",
        "Record that the plan has ceased",
        "Date the plan ceased",
        services.review_cease_plan,
        frozenset({S.DECISION_NOTIFIED}),
        after_decision=Decision.CEASE,
    ),
]
STEP_ACTIONS_BY_SLUG = {action.slug: action for action in STEP_ACTIONS}


def step_actions_open_for(review: Review) -> list[StepAction]:
    """The steps that may be recorded next; concluding after an amend waits for the final plan."""
    actions = [a for a in STEP_ACTIONS if a.is_open_for(review)]
    if review.status == S.DECISION_NOTIFIED and review.decision != Decision.MAINTAIN:
        actions = [a for a in actions if a.slug != "conclude"]
    return actions


@dataclass(frozen=True)
class ClockRow:
    step: Step
    due_on: date | None
    state: str | None
    state_label: str
    done_on: date | None
    rule: str


RULES = {
    Step.MEETING: "CFA 2014 s44(1); Code of Practice 9.169",
    Step.INVITATIONS: "SEND Regulations 2014 reg 20(3): at least 2 weeks before the meeting",
    Step.ADVICE: "SEND Regulations 2014 reg 20(4): at least 2 weeks before the meeting",
    Step.REPORT: "SEND Regulations 2014 reg 20(7): within 2 weeks of the meeting",
    Step.DECISION: "SEND Regulations 2014 reg 20(10); Code of Practice 9.176: within 4 weeks",
    Step.AMENDMENT_NOTICE: "With the decision notice: R (L, M and P) v Devon CC [2022]",
    Step.FINAL_PLAN: "SEND Regulations 2014 reg 22(3)-(4): 8 weeks from the notice",
    Step.PHASE_TRANSFER: "SEND Regulations 2014 reg 18: by 15 February (31 March post-16)",
}


def review_clock(review: Review) -> list[ClockRow]:
    """Each statutory step of the review: its deadline, state, the date done and its rule."""
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
        (Step.FINAL_PLAN, review.final_plan_due_on, "final_plan", review.final_plan_issued_on),
        (Step.PHASE_TRANSFER, review.phase_transfer_due_on, "phase_transfer", None),
    ]
    clock = []
    for step, due_on, field, done_on in rows:
        state = getattr(review, f"{field}_state")
        if due_on is None and state is None and done_on is None:
            continue
        label = dict(Review._meta.get_field("state").choices or []).get(state, "Not applicable")
        clock.append(ClockRow(step, due_on, state, str(label), done_on, RULES[step]))
    return clock
