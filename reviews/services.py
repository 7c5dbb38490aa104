"""The review lifecycle as guarded transitions.

Each transition locks the review row, checks the state it is allowed from and the dates it
is given, writes the change and an event in one transaction, and recomputes that review
(the same SQL as the nightly recompute). A transition from the wrong state raises
`TransitionNotAllowed`, which the API answers with 409; bad dates raise `ValidationError`.
What each step is allowed from, leads to and checks is its row of `reviews.transitions`;
the functions here name the steps for their callers.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction

from accounts.models import User
from audit.services import event_record
from casework.models import CeaseReason
from reviews import statutory, transitions
from reviews.models import Decision, Review, ReviewStatus
from reviews.recompute import recompute_reviews
from reviews.transitions import Transition


class TransitionNotAllowed(Exception):
    """The review is not in a state this step can follow."""


class StaleReview(Exception):
    """Someone else changed the review since the form was shown; `current` is how it is now."""

    def __init__(self, current: Review) -> None:
        super().__init__(
            "Someone else changed this review while you were working on it. "
            "Check its current details below, then record your change again."
        )
        self.current = current


def review_transition(
    transition: Transition,
    review_id: int,
    *,
    actor: User | None,
    expected_version: int | None = None,
    **values: Any,
) -> Review:
    """Record one step of the review as its row of the table says; `values` are its inputs."""
    with transaction.atomic():
        review = Review.objects.select_for_update().select_related("plan").get(pk=review_id)
        if expected_version is not None and review.version != expected_version:
            raise StaleReview(review)
        if review.status not in transition.from_states:
            allowed = ", ".join(sorted(s.label.lower() for s in transition.from_states))
            raise TransitionNotAllowed(
                f"Cannot record '{transition.action.replace('_', ' ')}' while the review is "
                f"'{ReviewStatus(review.status).label.lower()}'; it needs: {allowed}."
            )
        transition.check(review, values["on"])
        details = transition.change(review, **values)
        if transition.to_status is not None:
            review.status = transition.to_status
        review.version += 1
        review.save()
        event_record(
            actor=actor,
            action=f"review.{transition.action}",
            target=review,
            details={"status": review.status, **details},
        )
        recompute_reviews(review_ids=[review.pk])
        if transition.opens_next_review:
            _open_next_review(review, actor=actor)
    review.refresh_from_db()
    return review


def review_plan_meeting(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """Record the date the meeting is planned for; invitations and advice are due 2 weeks before."""
    return review_transition(
        transitions.PLAN_MEETING, review_id, actor=actor, expected_version=expected_version, on=on
    )


def review_send_invitations(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """Invitations to the meeting sent (SEND Regulations 2014 reg 20(3))."""
    return review_transition(
        transitions.SEND_INVITATIONS,
        review_id,
        actor=actor,
        expected_version=expected_version,
        on=on,
    )


def review_circulate_advice(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """Advice and information circulated to invitees (reg 20(4))."""
    return review_transition(
        transitions.CIRCULATE_ADVICE,
        review_id,
        actor=actor,
        expected_version=expected_version,
        on=on,
    )


def review_hold_meeting(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """The review meeting was held (CFA 2014 s44; reg 20)."""
    return review_transition(
        transitions.HOLD_MEETING, review_id, actor=actor, expected_version=expected_version, on=on
    )


def review_receive_report(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """The report of the meeting reached the LA and every invitee (reg 20(7))."""
    return review_transition(
        transitions.RECEIVE_REPORT, review_id, actor=actor, expected_version=expected_version, on=on
    )


def review_notify_decision(
    review_id: int,
    *,
    decision: Decision,
    on: date,
    actor: User | None,
    notes: str = "",
    expected_version: int | None = None,
) -> Review:
    """The LA notified the family that it will maintain, amend or cease the plan (reg 20(10));
    a decision to amend or cease needs its `notes`, which the letter quotes."""
    return review_transition(
        transitions.NOTIFY_DECISION,
        review_id,
        actor=actor,
        expected_version=expected_version,
        on=on,
        decision=decision,
        notes=notes,
    )


def review_send_amendment_notice(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """Proposed amendments sent with the decision (reg 22(2); Devon [2022] EWHC 493)."""
    return review_transition(
        transitions.SEND_AMENDMENT_NOTICE,
        review_id,
        actor=actor,
        expected_version=expected_version,
        on=on,
    )


def review_issue_final_plan(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """The final amended plan was issued (reg 22(3)-(4)), after the representation period."""
    return review_transition(
        transitions.ISSUE_FINAL_PLAN,
        review_id,
        actor=actor,
        expected_version=expected_version,
        on=on,
    )


def review_withdraw_amendments(
    review_id: int,
    *,
    on: date,
    actor: User | None,
    reasons: str,
    expected_version: int | None = None,
) -> Review:
    """After proposing amendments, the LA decided not to amend after all and told the family
    its decision and its reasons (reg 22(4)), within 8 weeks of the notice; it meets the
    final-plan step. The reasons are kept on the review, and the letter quotes them."""
    return review_transition(
        transitions.WITHDRAW_AMENDMENTS,
        review_id,
        actor=actor,
        expected_version=expected_version,
        on=on,
        reasons=reasons,
    )


def review_plan_post16_move(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """A move to another post-16 institution is planned for `on`, outside the usual phase
    transfers: the review must be held and the plan amended at least 5 months before it
    (reg 18(2)), which becomes the review's phase-transfer deadline."""
    return review_transition(
        transitions.PLAN_POST16_MOVE,
        review_id,
        actor=actor,
        expected_version=expected_version,
        on=on,
    )


def review_conclude(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """Close the review and open the next one, due 12 months after this meeting (CFA s44(1)(b))."""
    return review_transition(
        transitions.CONCLUDE, review_id, actor=actor, expected_version=expected_version, on=on
    )


def review_cease_plan(
    review_id: int,
    *,
    on: date,
    reason: CeaseReason,
    actor: User | None,
    expected_version: int | None = None,
) -> Review:
    """The plan ceases after a decision to cease (CFA 2014 s45); no further review opens."""
    return review_transition(
        transitions.CEASE_PLAN,
        review_id,
        actor=actor,
        expected_version=expected_version,
        on=on,
        reason=reason,
    )


def _open_next_review(concluded: Review, *, actor: User | None) -> Review:
    meeting_on = concluded.meeting_on
    assert meeting_on is not None
    with transaction.atomic():
        review = Review.objects.create(
            plan_id=concluded.plan_id,
            is_first_review=False,
            previous_meeting_on=meeting_on,
            due_on=statutory.next_review_due(previous_meeting_on=meeting_on),
        )
        event_record(
            actor=actor, action="review.opened", target=review, details={"due_on": review.due_on}
        )
        recompute_reviews(review_ids=[review.pk])
    return review


# Each step of the table by its service function, named `review_<name>` after its row.
STEP_FUNCTIONS: dict[str, Callable[..., Review]] = {
    transition.slug: globals()[f"review_{transition.name}"]
    for transition in transitions.TRANSITIONS
}
