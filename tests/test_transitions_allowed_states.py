"""The review lifecycle: each step only from the states it may follow, to the state it leads
to."""

from datetime import date

import pytest

from audit.models import Event
from reviews import services
from reviews.models import Decision
from tests.review_states import S, review_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


TODAY = date(2026, 11, 23)


# (transition, its arguments, the states it may follow, the state it leads to)
TRANSITIONS = [
    (services.review_plan_meeting, {"on": date(2026, 12, 10)}, {S.PLANNING}, S.PLANNING),
    (services.review_send_invitations, {"on": date(2026, 11, 20)}, {S.PLANNING}, S.PLANNING),
    (services.review_circulate_advice, {"on": date(2026, 11, 20)}, {S.PLANNING}, S.PLANNING),
    (services.review_hold_meeting, {"on": date(2026, 11, 20)}, {S.PLANNING}, S.MEETING_HELD),
    (
        services.review_receive_report,
        {"on": date(2026, 11, 20)},
        {S.MEETING_HELD},
        S.REPORT_RECEIVED,
    ),
    (
        services.review_notify_decision,
        {"on": date(2026, 11, 20), "decision": Decision.MAINTAIN},
        {S.MEETING_HELD, S.REPORT_RECEIVED},
        S.DECISION_NOTIFIED,
    ),
    (
        services.review_send_amendment_notice,
        {"on": date(2026, 11, 20)},
        {S.DECISION_NOTIFIED},
        S.AMENDMENT_NOTICE_SENT,
    ),
    (
        services.review_issue_final_plan,
        {"on": date(2026, 11, 20)},
        {S.AMENDMENT_NOTICE_SENT},
        S.FINAL_PLAN_ISSUED,
    ),
    (
        services.review_withdraw_amendments,
        {"on": date(2026, 11, 20), "reasons": "The current plan already names the school."},
        {S.AMENDMENT_NOTICE_SENT},
        S.AMENDMENTS_WITHDRAWN,
    ),
    (
        services.review_conclude,
        {"on": date(2026, 11, 20)},
        {S.FINAL_PLAN_ISSUED, S.AMENDMENTS_WITHDRAWN, S.DECISION_NOTIFIED},
        S.CONCLUDED,
    ),
]
# The state each transition's review is given, beyond what its status implies.
EXTRA = {services.review_conclude: {"decision": Decision.MAINTAIN}}

CASES = [
    pytest.param(
        transition,
        arguments,
        state,
        state in allowed,
        target,
        id=f"{transition.__name__}-from-{state.value}",
    )
    for transition, arguments, allowed, target in TRANSITIONS
    for state in S
]


@pytest.mark.parametrize(("transition", "arguments", "state", "allowed", "target"), CASES)
def test_each_step_is_allowed_only_from_its_states(
    transition, arguments, state, allowed, target, officer_north
):
    review = review_in(state, **(EXTRA.get(transition, {}) if state != S.PLANNING else {}))
    if allowed:
        changed = transition(review.pk, actor=officer_north, **arguments)
        assert changed.status == target
        assert Event.objects.filter(target_id=str(review.pk), action__startswith="review.").exists()
        if target != S.CONCLUDED:
            assert changed.recomputed_on == TODAY
    else:
        with pytest.raises(services.TransitionNotAllowed, match="while the review is"):
            transition(review.pk, actor=officer_north, **arguments)
        review.refresh_from_db()
        assert review.status == state
        assert not Event.objects.exists()
