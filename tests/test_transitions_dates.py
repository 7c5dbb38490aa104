"""The review lifecycle's dates: impossible dates refused with a message, proposed
amendments only after a decision to amend, and the final plan after the 15 days for
representations."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from audit.models import Event
from reviews import services
from reviews.models import Decision, Review
from tests.review_states import S, review_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.mark.parametrize(
    ("state", "transition", "arguments", "message"),
    [
        (
            S.PLANNING,
            services.review_hold_meeting,
            {"on": date(2026, 11, 24)},
            "The meeting date cannot be in the future (24 November 2026).",
        ),
        (
            S.PLANNING,
            services.review_hold_meeting,
            {"on": date(2023, 5, 1)},
            "The meeting date (1 May 2023) cannot be before the date the plan was issued (15 January 2024).",
        ),
        (
            S.PLANNING,
            services.review_send_invitations,
            {"on": date(2026, 12, 1)},
            "The invitations date cannot be in the future (1 December 2026).",
        ),
        (
            S.MEETING_HELD,
            services.review_receive_report,
            {"on": date(2026, 9, 30)},
            "The report date (30 September 2026) cannot be before the meeting (1 October 2026).",
        ),
        (
            S.MEETING_HELD,
            services.review_notify_decision,
            {"on": date(2026, 9, 1), "decision": Decision.AMEND},
            "The decision date (1 September 2026) cannot be before the meeting (1 October 2026).",
        ),
        (
            S.AMENDMENT_NOTICE_SENT,
            services.review_issue_final_plan,
            {"on": date(2026, 10, 19)},
            "The final plan date (19 October 2026) cannot be before the amendment notice (20 October 2026).",
        ),
        (
            S.AMENDMENT_NOTICE_SENT,
            services.review_issue_final_plan,
            {"on": date(2026, 11, 3)},
            "The family has until 3 November 2026 to make representations",
        ),
        (
            S.AMENDMENT_NOTICE_SENT,
            services.review_withdraw_amendments,
            {"on": date(2026, 10, 19), "reasons": "No change is needed."},
            "cannot be before the amendment notice (20 October 2026)",
        ),
    ],
)
def test_impossible_dates_are_refused_with_a_message_and_change_nothing(
    state, transition, arguments, message, officer_north
):
    review = review_in(state)
    before = Review.objects.filter(pk=review.pk).values().get()
    with pytest.raises(ValidationError) as error:
        transition(review.pk, actor=officer_north, **arguments)
    assert message in " ".join(error.value.messages)
    assert Review.objects.filter(pk=review.pk).values().get() == before
    assert not Event.objects.exists()


def test_proposed_amendments_need_a_decision_to_amend(officer_north):
    review = review_in(S.DECISION_NOTIFIED, decision=Decision.MAINTAIN)
    with pytest.raises(ValidationError, match="only a decision to amend"):
        services.review_send_amendment_notice(review.pk, on=date(2026, 11, 20), actor=officer_north)


def test_the_final_plan_may_be_issued_the_day_after_the_15_days_for_representations(
    officer_north,
):
    review = review_in(S.AMENDMENT_NOTICE_SENT)  # notice 20 October: views until 3 November
    issued = services.review_issue_final_plan(review.pk, on=date(2026, 11, 4), actor=officer_north)
    assert issued.final_plan_issued_on == date(2026, 11, 4)
