"""How a review ends: deciding not to amend after all, concluding and opening the next
review, a decision to maintain, amend or cease, and ceasing the plan."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from audit.models import Event
from casework.models import CeaseReason, PlanStatus
from reviews import services
from reviews.models import Decision, Review
from tests.review_states import S, review_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_deciding_not_to_amend_after_all_meets_the_final_plan_step_and_lets_the_review_conclude(
    officer_north,
):
    review = review_in(S.AMENDMENT_NOTICE_SENT)
    services.review_withdraw_amendments(
        review.pk, on=date(2026, 11, 10), actor=officer_north, reasons="No change is needed."
    )
    review.refresh_from_db()
    assert review.amendments_withdrawn_reasons == "No change is needed."
    assert review.status == S.AMENDMENTS_WITHDRAWN
    assert review.final_plan_state == "done_on_time"
    assert Event.objects.filter(action="review.amendments_withdrawn").count() == 1
    services.review_conclude(review.pk, on=date(2026, 11, 12), actor=officer_north)
    assert Review.objects.get(pk=review.pk).status == S.CONCLUDED


def test_deciding_not_to_amend_without_reasons_is_refused_and_changes_nothing(officer_north):
    review = review_in(S.AMENDMENT_NOTICE_SENT)
    before = Review.objects.filter(pk=review.pk).values().get()
    with pytest.raises(ValidationError, match="Enter the reasons"):
        services.review_withdraw_amendments(
            review.pk, on=date(2026, 11, 10), actor=officer_north, reasons="  "
        )
    assert Review.objects.filter(pk=review.pk).values().get() == before
    assert not Event.objects.exists()


def test_concluding_opens_the_next_review_due_the_day_before_the_meetings_anniversary(
    officer_north,
):
    review = review_in(S.FINAL_PLAN_ISSUED)
    services.review_conclude(review.pk, on=date(2026, 11, 20), actor=officer_north)
    next_review = Review.objects.exclude(pk=review.pk).get(plan=review.plan)
    assert next_review.status == S.PLANNING
    assert next_review.is_first_review is False
    assert next_review.previous_meeting_on == date(2026, 10, 1)
    assert next_review.due_on == date(2027, 9, 30)
    assert next_review.state == "not_yet_due"


def test_a_decision_to_maintain_concludes_at_once(officer_north):
    review = review_in(S.DECISION_NOTIFIED, decision=Decision.MAINTAIN)
    concluded = services.review_conclude(review.pk, on=date(2026, 11, 20), actor=officer_north)
    assert concluded.status == S.CONCLUDED


def test_a_decision_to_amend_cannot_skip_the_final_plan(officer_north):
    review = review_in(S.DECISION_NOTIFIED)
    with pytest.raises(ValidationError, match="an amendment needs its final plan"):
        services.review_conclude(review.pk, on=date(2026, 11, 20), actor=officer_north)


def test_ceasing_the_plan_closes_the_review_without_opening_another(officer_north):
    review = review_in(S.DECISION_NOTIFIED, decision=Decision.CEASE)
    services.review_cease_plan(
        review.pk, on=date(2026, 11, 20), reason=CeaseReason.NEEDS_MET, actor=officer_north
    )
    review.plan.refresh_from_db()
    assert review.plan.status == PlanStatus.CEASED
    assert review.plan.cease_reason == CeaseReason.NEEDS_MET
    assert Review.objects.filter(plan=review.plan).count() == 1
    assert Event.objects.filter(action="review.plan_ceased").exists()


def test_only_a_decision_to_cease_ends_the_plan(officer_north):
    review = review_in(S.DECISION_NOTIFIED, decision=Decision.MAINTAIN)
    with pytest.raises(ValidationError, match="only after a decision to cease"):
        services.review_cease_plan(
            review.pk, on=date(2026, 11, 20), reason=CeaseReason.OTHER, actor=officer_north
        )
    review.plan.refresh_from_db()
    assert review.plan.status == PlanStatus.ACTIVE
