"""The factories' states are the states the services write, so a test that starts from a
state starts where a person recording each step would have left the review."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from qa.models import ChecklistStatus, ModerationStatus
from reviews import services
from reviews.models import Decision, Review, ReviewStatus
from tests.factories import ChecklistFactory, PlanFactory, ReleaseAgreementFactory, ReviewFactory
from volunteers.models import AgreementStatus

pytestmark = pytest.mark.django_db

RECORDED = [
    "status",
    "meeting_planned_on",
    "meeting_on",
    "decision",
    "decision_notified_on",
    "amendment_notice_on",
    "final_plan_issued_on",
    "concluded_on",
]
MEETING = date(2025, 1, 15)
DECIDED = date(2025, 2, 5)
FINAL = date(2025, 3, 19)


def recorded(review: Review) -> dict[str, object]:
    return {field: getattr(review, field) for field in RECORDED}


def through_the_services(state: str) -> Review:
    """A review taken to `state` by the transitions, on the dates the factory uses."""
    review = ReviewFactory.create(plan=PlanFactory.create(), due_on=MEETING)
    decision = Decision.AMEND if state in {"amended", "final_plan"} else Decision.MAINTAIN
    with time_machine.travel(date(2025, 6, 1), tick=False):
        steps = {
            "planned": lambda: services.review_plan_meeting(review.pk, on=MEETING, actor=None),
            "held": lambda: services.review_hold_meeting(review.pk, on=MEETING, actor=None),
            "decided": lambda: services.review_notify_decision(
                review.pk,
                decision=decision,
                on=DECIDED,
                actor=None,
                notes="Section F: add weekly speech and language therapy.",
            ),
            "amended": lambda: services.review_send_amendment_notice(
                review.pk, on=DECIDED, actor=None
            ),
            "final_plan": lambda: services.review_issue_final_plan(review.pk, on=FINAL, actor=None),
            "concluded": lambda: services.review_conclude(review.pk, on=DECIDED, actor=None),
        }
        path = {
            "planned": ["planned"],
            "held": ["held"],
            "decided": ["held", "decided"],
            "amended": ["held", "decided", "amended"],
            "final_plan": ["held", "decided", "amended", "final_plan"],
            "concluded": ["held", "decided", "concluded"],
        }[state]
        for step in path:
            steps[step]()
    return Review.objects.get(pk=review.pk)


@pytest.mark.parametrize(
    "state", ["planned", "held", "decided", "amended", "final_plan", "concluded"]
)
def test_each_review_state_of_the_factory_is_the_one_its_transitions_write(state):
    made = ReviewFactory.create(due_on=MEETING, **{state: True})
    assert recorded(made) == recorded(through_the_services(state))


def test_a_decided_review_quotes_the_reasons_its_decision_needs():
    assert ReviewFactory.create(decided=True).decision_notes == ""
    ceased = ReviewFactory.create(decided=True, decision=Decision.CEASE)
    assert (ceased.status, ceased.decision_notes) == (
        ReviewStatus.DECISION_NOTIFIED,
        "The outcomes of the plan have been met.",
    )


def test_a_recomputed_review_has_its_deadlines_and_states():
    review = ReviewFactory.create(held=True, due_on=MEETING, recomputed=date(2025, 1, 20))
    assert (review.report_due_on, review.decision_due_on, review.recomputed_on) == (
        date(2025, 1, 29),
        date(2025, 2, 12),
        date(2025, 1, 20),
    )


def test_a_paused_release_is_decided_and_gives_its_reason(frozen_today):
    paused = ReleaseAgreementFactory.create(paused=True)
    assert (paused.status, paused.decided_at, paused.reason) == (
        AgreementStatus.PAUSED,
        datetime(2026, 11, 23, 10, tzinfo=UTC),
        "An inspection this half term.",
    )
    assert ReleaseAgreementFactory.create(requested=True).status == AgreementStatus.REQUESTED


def test_a_moderated_checklist_is_submitted_and_its_moderation_completed():
    checklist = ChecklistFactory.create(moderated=True)
    assert checklist.status == ChecklistStatus.SUBMITTED
    assert checklist.moderation.status == ModerationStatus.COMPLETED
    assert checklist.review == checklist.assignment.review
