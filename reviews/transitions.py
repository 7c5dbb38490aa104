"""The steps of a review, in one table: the one place each step's states are written.

A row says where a step may be recorded from (`from_states`, and any `requires` beyond the
state), where it leads (`to_status`, or None for a fact recorded without moving the review
on), the event it writes (`review.<action>`), the dates it accepts, what it changes, the
inputs it takes beyond its date, and its words for the case page. `reviews.services` records
a step by its row; the case page offers a step, and the API answers for it, from the same row.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.models import CeaseReason, Plan, PlanStatus
from common.dates import long_date
from organisation.models import SettingPhase
from reviews import statutory as st
from reviews.models import DECISION_NOTES_MAX_CHARS, Decision, Review, ReviewStatus

S = ReviewStatus


@dataclass(frozen=True)
class Earlier:
    """A date recorded before, which a step's date cannot precede."""

    what: str
    on: Callable[[Review], date | None]


PLAN_ISSUED = Earlier("date the plan was issued", lambda review: review.plan.issued_on)
PREVIOUS_MEETING = Earlier("previous review meeting", lambda review: review.previous_meeting_on)
MEETING = Earlier("meeting", lambda review: review.meeting_on)
DECISION = Earlier("decision", lambda review: review.decision_notified_on)
AMENDMENT_NOTICE = Earlier("amendment notice", lambda review: review.amendment_notice_on)


@dataclass(frozen=True)
class DateRule:
    """The dates a step accepts: the one home of "not in the future" and "not before X"."""

    what: str
    may_be_future: bool = False
    not_before: tuple[Earlier, ...] = ()

    def check(self, review: Review, on: date) -> None:
        if not self.may_be_future and on > timezone.localdate():
            raise ValidationError(
                f"The {self.what} date cannot be in the future ({long_date(on)})."
            )
        for earlier in self.not_before:
            earlier_on = earlier.on(review)
            if earlier_on is not None and on < earlier_on:
                raise ValidationError(
                    f"The {self.what} date ({long_date(on)}) cannot be before the "
                    f"{earlier.what} ({long_date(earlier_on)})."
                )


@dataclass(frozen=True)
class Requirement:
    """What a review must be, beyond its state, for a step to follow; `unmet` says why not."""

    holds: Callable[[Review], bool]
    unmet: str


@dataclass(frozen=True)
class Transition:
    name: str
    title: str
    date_label: str
    from_states: frozenset[ReviewStatus]
    to_status: ReviewStatus | None
    action: str
    dates: DateRule
    change: Callable[..., dict[str, object]]
    fields: tuple[str, ...] = ()
    requires: Requirement | None = None
    guidance: str = ""
    # False for a fact recorded beside the sequence (a planned post-16 move), not a step of it.
    in_sequence: bool = True
    opens_next_review: bool = False

    @property
    def slug(self) -> str:
        return self.name.replace("_", "-")

    def is_open_for(self, review: Review) -> bool:
        """May the step follow now? The case page offers it, and the service accepts it, iff so."""
        in_state = review.status in self.from_states
        return in_state and (self.requires is None or self.requires.holds(review))

    def check(self, review: Review, on: date) -> None:
        """The step's requirement and dates; the state is checked before, under the row lock."""
        if self.requires is not None and not self.requires.holds(review):
            raise ValidationError(self.requires.unmet)
        self.dates.check(review, on)


def review_is_post16(review: Review) -> bool:
    """A young person past Year 11, or at a post-16 institution: a move between post-16
    institutions at another time than the usual transfer is theirs to plan (reg 18(2))."""
    setting = review.plan.setting
    past_year_11 = review.ncy is not None and review.ncy > st.LAST_YEAR_BEFORE_POST16
    return past_year_11 or (setting is not None and setting.phase == SettingPhase.POST16)


# What each step changes, beyond the checks of its row ---------------------------------------


def _plan_meeting(review: Review, *, on: date) -> dict[str, object]:
    review.meeting_planned_on = on
    return {"meeting_planned_on": on}


def _send_invitations(review: Review, *, on: date) -> dict[str, object]:
    review.invitations_sent_on = on
    return {"invitations_sent_on": on}


def _circulate_advice(review: Review, *, on: date) -> dict[str, object]:
    review.advice_circulated_on = on
    return {"advice_circulated_on": on}


def _hold_meeting(review: Review, *, on: date) -> dict[str, object]:
    review.meeting_on = on
    return {"meeting_on": on}


def _receive_report(review: Review, *, on: date) -> dict[str, object]:
    review.report_received_on = on
    return {"report_received_on": on}


def _notify_decision(
    review: Review, *, on: date, decision: Decision, notes: str = ""
) -> dict[str, object]:
    if decision != Decision.MAINTAIN and not notes.strip():
        what = "proposed amendments" if decision == Decision.AMEND else "reasons"
        raise ValidationError(
            {"notes": f"Enter the {what}: the letter to the family must give them."}
        )
    if len(notes.strip()) > DECISION_NOTES_MAX_CHARS:
        raise ValidationError(
            {
                "notes": f"The decision notes must be {DECISION_NOTES_MAX_CHARS:,} characters or fewer."
            }
        )
    review.decision = decision
    review.decision_notified_on = on
    review.decision_notes = notes.strip()
    return {"decision": decision, "decision_notified_on": on}


def _send_amendment_notice(review: Review, *, on: date) -> dict[str, object]:
    review.amendment_notice_on = on
    return {"amendment_notice_on": on}


def _issue_final_plan(review: Review, *, on: date) -> dict[str, object]:
    notice = review.amendment_notice_on
    assert notice is not None  # guaranteed by the from-state
    close = st.representations_close(amendment_notice_on=notice)
    if on <= close:
        raise ValidationError(
            f"The family has until {long_date(close)} to make representations on the proposed "
            f"amendments ({st.REPRESENTATIONS_DAYS} days beginning with the day of the notice); "
            "the final plan can be issued from the day after."
        )
    review.final_plan_issued_on = on
    return {"final_plan_issued_on": on}


def _withdraw_amendments(review: Review, *, on: date, reasons: str) -> dict[str, object]:
    given = reasons.strip()
    if not given:
        raise ValidationError(
            {
                "reasons": "Enter the reasons for deciding not to amend the plan: the letter to "
                "the family must give them (regulation 22(4))."
            }
        )
    review.amendments_withdrawn_on = on
    review.amendments_withdrawn_reasons = given
    return {"amendments_withdrawn_on": on, "reasons": given}


def _plan_post16_move(review: Review, *, on: date) -> dict[str, object]:
    review.planned_move_on = on
    return {"planned_move_on": on}


def _conclude(review: Review, *, on: date) -> dict[str, object]:
    review.concluded_on = on
    return {"concluded_on": on}


def _cease_plan(review: Review, *, on: date, reason: CeaseReason) -> dict[str, object]:
    review.concluded_on = on
    Plan.objects.filter(pk=review.plan_id).update(
        status=PlanStatus.CEASED, ceased_on=on, cease_reason=reason
    )
    return {"ceased_on": on, "cease_reason": reason}


# The table ---------------------------------------------------------------------------------

PLAN_MEETING = Transition(
    "plan_meeting",
    "Plan the review meeting",
    "Date of the meeting",
    from_states=frozenset({S.PLANNING}),
    to_status=None,
    action="meeting_planned",
    dates=DateRule("meeting", may_be_future=True, not_before=(PLAN_ISSUED,)),
    change=_plan_meeting,
)
SEND_INVITATIONS = Transition(
    "send_invitations",
    "Record the invitations sent",
    "Date the invitations were sent",
    from_states=frozenset({S.PLANNING}),
    to_status=None,
    action="invitations_sent",
    dates=DateRule("invitations"),
    change=_send_invitations,
)
CIRCULATE_ADVICE = Transition(
    "circulate_advice",
    "Record the advice circulated",
    "Date the advice and information were circulated",
    from_states=frozenset({S.PLANNING}),
    to_status=None,
    action="advice_circulated",
    dates=DateRule("advice"),
    change=_circulate_advice,
)
HOLD_MEETING = Transition(
    "hold_meeting",
    "Record the meeting",
    "Date the meeting was held",
    from_states=frozenset({S.PLANNING}),
    to_status=S.MEETING_HELD,
    action="meeting_held",
    dates=DateRule("meeting", not_before=(PLAN_ISSUED, PREVIOUS_MEETING)),
    change=_hold_meeting,
)
RECEIVE_REPORT = Transition(
    "receive_report",
    "Record the report received",
    "Date the report reached the council and every invitee",
    from_states=frozenset({S.MEETING_HELD}),
    to_status=S.REPORT_RECEIVED,
    action="report_received",
    dates=DateRule("report", not_before=(MEETING,)),
    change=_receive_report,
)
NOTIFY_DECISION = Transition(
    "notify_decision",
    "Record the decision",
    "Date the family was told of the decision",
    from_states=frozenset({S.MEETING_HELD, S.REPORT_RECEIVED}),
    to_status=S.DECISION_NOTIFIED,
    action="decision_notified",
    dates=DateRule("decision", not_before=(MEETING,)),
    change=_notify_decision,
    fields=("decision", "notes"),
)
SEND_AMENDMENT_NOTICE = Transition(
    "send_amendment_notice",
    "Record the proposed amendments sent",
    "Date the proposed amendments were sent",
    from_states=frozenset({S.DECISION_NOTIFIED}),
    to_status=S.AMENDMENT_NOTICE_SENT,
    action="amendment_notice_sent",
    dates=DateRule("amendment notice", not_before=(MEETING,)),
    change=_send_amendment_notice,
    requires=Requirement(
        lambda review: review.decision == Decision.AMEND,
        "Proposed amendments follow only a decision to amend the plan.",
    ),
)
ISSUE_FINAL_PLAN = Transition(
    "issue_final_plan",
    "Record the final amended plan issued",
    "Date the final amended plan was issued",
    from_states=frozenset({S.AMENDMENT_NOTICE_SENT}),
    to_status=S.FINAL_PLAN_ISSUED,
    action="final_plan_issued",
    dates=DateRule("final plan", not_before=(AMENDMENT_NOTICE,)),
    change=_issue_final_plan,
)
WITHDRAW_AMENDMENTS = Transition(
    "withdraw_amendments",
    "Decide not to amend the plan after all",
    "Date the family was told the plan will not be amended",
    from_states=frozenset({S.AMENDMENT_NOTICE_SENT}),
    to_status=S.AMENDMENTS_WITHDRAWN,
    action="amendments_withdrawn",
    dates=DateRule("decision not to amend", not_before=(AMENDMENT_NOTICE,)),
    change=_withdraw_amendments,
    fields=("reasons",),
    guidance=(
        "After proposing amendments, the council may decide not to amend the plan after "
        "all. It must tell the family its decision and its reasons within "
        f"{st.WITHDRAWAL_WEEKS_AFTER_NOTICE} weeks of sending the proposed amendments "
        "(SEND Regulations 2014 reg 22(4)). This meets the final-plan step, and the "
        "service writes the letter to the family, with their right of appeal."
    ),
)
CONCLUDE = Transition(
    "conclude",
    "Conclude the review",
    "Date the review concluded",
    from_states=frozenset({S.DECISION_NOTIFIED, S.FINAL_PLAN_ISSUED, S.AMENDMENTS_WITHDRAWN}),
    to_status=S.CONCLUDED,
    action="concluded",
    dates=DateRule("conclusion", not_before=(DECISION,)),
    change=_conclude,
    requires=Requirement(
        # After an amend the review waits for its final plan; a cessation ends the plan.
        lambda review: review.status != S.DECISION_NOTIFIED or review.decision == Decision.MAINTAIN,
        "Only a decision to maintain the plan concludes the review now: "
        "an amendment needs its final plan, and a cessation ends the plan.",
    ),
    # The conclusion and the next review are one change: never a plan without an open review.
    opens_next_review=True,
)
CEASE_PLAN = Transition(
    "cease_plan",
    "Record that the plan has ceased",
    "Date the plan ceased",
    from_states=frozenset({S.DECISION_NOTIFIED}),
    to_status=S.CONCLUDED,
    action="plan_ceased",
    dates=DateRule("cessation", not_before=(DECISION,)),
    change=_cease_plan,
    fields=("reason",),
    requires=Requirement(
        lambda review: review.decision == Decision.CEASE,
        "A plan ceases here only after a decision to cease it.",
    ),
)
PLAN_POST16_MOVE = Transition(
    "plan_post16_move",
    "Record a planned move to another post-16 institution",
    "Date of the planned move",
    from_states=frozenset(S) - {S.CONCLUDED},
    to_status=None,
    action="post16_move_planned",
    dates=DateRule("planned move", may_be_future=True, not_before=(PLAN_ISSUED,)),
    change=_plan_post16_move,
    requires=Requirement(
        review_is_post16,
        "A move between post-16 institutions is planned only for a young person past "
        "Year 11 or at a post-16 institution.",
    ),
    guidance=(
        "When a young person is to move from one post-16 institution to another at a time "
        "other than the usual phase transfer, the plan must be reviewed and, where "
        f"necessary, amended at least {st.POST16_MOVE_MONTHS_BEFORE} months before the "
        "move (SEND Regulations 2014 reg 18(2)). Recording the move sets the review's "
        "phase-transfer deadline."
    ),
    in_sequence=False,
)

TRANSITIONS = (
    PLAN_MEETING,
    SEND_INVITATIONS,
    CIRCULATE_ADVICE,
    HOLD_MEETING,
    RECEIVE_REPORT,
    NOTIFY_DECISION,
    SEND_AMENDMENT_NOTICE,
    ISSUE_FINAL_PLAN,
    WITHDRAW_AMENDMENTS,
    CONCLUDE,
    CEASE_PLAN,
    PLAN_POST16_MOVE,
)
TRANSITIONS_BY_SLUG = {transition.slug: transition for transition in TRANSITIONS}


def transitions_open_for(review: Review) -> list[Transition]:
    """The steps that may be recorded next, in the order of the law's sequence."""
    return [transition for transition in TRANSITIONS if transition.is_open_for(review)]
