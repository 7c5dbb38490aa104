"""The review lifecycle: each step only from the states it may follow, with sane dates."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from audit.models import Event
from casework.models import CeaseReason, PlanStatus
from organisation.models import SettingPhase
from reviews import services
from reviews import transitions as table
from reviews.forms import StepForm
from reviews.models import Decision, Review, ReviewStatus
from reviews.recompute import recompute_reviews
from reviews.transitions import Transition
from tests.conftest import client_for
from tests.factories import PlanFactory, ReviewFactory, SettingFactory
from workbench.review_api import SERIALIZERS

pytestmark = pytest.mark.django_db

S = ReviewStatus
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-23 10:00:00+00:00", tick=False):
        yield


def review_in(status: ReviewStatus, **fields) -> Review:
    """A review that has reached `status`, with the dates that state implies."""
    dates: dict[str, object] = {}
    if status != S.PLANNING:
        dates["meeting_on"] = date(2026, 10, 1)
    if status in {
        S.REPORT_RECEIVED,
        S.DECISION_NOTIFIED,
        S.AMENDMENT_NOTICE_SENT,
        S.AMENDMENTS_WITHDRAWN,
        S.FINAL_PLAN_ISSUED,
        S.CONCLUDED,
    }:
        dates["report_received_on"] = date(2026, 10, 8)
    if status in {
        S.DECISION_NOTIFIED,
        S.AMENDMENT_NOTICE_SENT,
        S.AMENDMENTS_WITHDRAWN,
        S.FINAL_PLAN_ISSUED,
        S.CONCLUDED,
    }:
        dates["decision"] = Decision.AMEND
        dates["decision_notified_on"] = date(2026, 10, 20)
    if status in {
        S.AMENDMENT_NOTICE_SENT,
        S.AMENDMENTS_WITHDRAWN,
        S.FINAL_PLAN_ISSUED,
        S.CONCLUDED,
    }:
        dates["amendment_notice_on"] = date(2026, 10, 20)
    if status == S.AMENDMENTS_WITHDRAWN:
        dates["amendments_withdrawn_on"] = date(2026, 11, 5)
    if status in {S.FINAL_PLAN_ISSUED, S.CONCLUDED}:
        dates["final_plan_issued_on"] = date(2026, 11, 10)
    if status == S.CONCLUDED:
        dates["concluded_on"] = date(2026, 11, 12)
    return ReviewFactory.create(status=status, **{**dates, **fields})


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


def test_each_step_writes_an_event_with_who_and_what(officer_north):
    review = review_in(S.PLANNING)
    services.review_hold_meeting(review.pk, on=date(2026, 11, 20), actor=officer_north)
    event = Event.objects.get(action="review.meeting_held")
    assert event.actor == officer_north
    assert event.details == {"status": "meeting_held", "meeting_on": "2026-11-20"}


def test_if_the_next_review_cannot_open_the_conclusion_is_undone_too(officer_north, monkeypatch):
    review = review_in(S.FINAL_PLAN_ISSUED)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_open_next_review", broken)
    with pytest.raises(RuntimeError):
        services.review_conclude(review.pk, on=date(2026, 11, 20), actor=officer_north)
    review.refresh_from_db()
    assert review.status == S.FINAL_PLAN_ISSUED
    assert not Event.objects.exists()


def test_a_change_made_from_a_stale_version_is_refused_and_changes_nothing():
    review = review_in(S.PLANNING)
    services.review_plan_meeting(review.pk, on=date(2026, 12, 10), actor=None, expected_version=1)
    events_before = Event.objects.count()

    with pytest.raises(services.StaleReview) as raised:
        services.review_hold_meeting(
            review.pk, on=date(2026, 11, 20), actor=None, expected_version=1
        )

    assert raised.value.current.meeting_planned_on == date(2026, 12, 10)
    review.refresh_from_db()
    assert (review.status, review.meeting_on, review.version) == (S.PLANNING, None, 2)
    assert Event.objects.count() == events_before


def test_each_recorded_step_raises_the_version_by_one():
    review = review_in(S.PLANNING)
    services.review_send_invitations(review.pk, on=date(2026, 11, 20), actor=None)
    services.review_circulate_advice(
        review.pk, on=date(2026, 11, 20), actor=None, expected_version=2
    )
    review.refresh_from_db()
    assert review.version == 3


# The one table: every step on the case page and in the API, from the states the service keeps

# A date and inputs every step accepts from any state it is open from (as `review_in` dates it).
ON = date(2026, 11, 20)
INPUTS = {"decision": Decision.MAINTAIN, "notes": "", "reasons": "No change.", "reason": "age_25"}
# The reviews worth telling apart: each state, with each decision once a decision is made.
BEFORE_A_DECISION = {S.PLANNING, S.MEETING_HELD, S.REPORT_RECEIVED}
SITUATIONS = [
    (status, decision)
    for status in S
    for decision in ([""] if status in BEFORE_A_DECISION else list(Decision))
]


def north_review_in(north, status: ReviewStatus, decision: str, *, post16: bool) -> Review:
    phase = SettingPhase.POST16 if post16 else SettingPhase.PRIMARY
    plan = PlanFactory.create(area=north, setting=SettingFactory.create(area=north, phase=phase))
    review = review_in(status, plan=plan, decision=decision)
    recompute_reviews(review_ids=[review.pk])
    review.refresh_from_db()
    return review


def inputs_of(transition: Transition) -> dict[str, object]:
    return {"on": ON, **{name: INPUTS[name] for name in transition.fields}}


class _Undone(Exception):
    pass


def service_accepts(transition: Transition, review: Review, actor) -> bool:
    """Whether the service records the step, with good inputs; undone either way."""
    try:
        with transaction.atomic():
            services.STEP_FUNCTIONS[transition.slug](
                review.pk, actor=actor, **inputs_of(transition)
            )
            raise _Undone
    except _Undone:
        return True
    except (services.TransitionNotAllowed, ValidationError):
        return False


def step_url(review: Review, transition: Transition) -> str:
    return reverse("workbench:case-step", args=[review.plan.plan_ref, review.pk, transition.slug])


@pytest.mark.parametrize(("status", "decision"), SITUATIONS)
@pytest.mark.parametrize("post16", [True, False], ids=["post16", "younger"])
def test_the_case_page_offers_a_step_exactly_when_the_service_accepts_it(
    officer_north, north, status, decision, post16
):
    review = north_review_in(north, status, decision, post16=post16)

    page = client_for(officer_north).get(f"/casework/plans/{review.plan.plan_ref}/")

    assert page.status_code == 200
    offered = {t.slug for t in table.TRANSITIONS if f'href="{step_url(review, t)}"' in page.text}
    accepted = {t.slug for t in table.TRANSITIONS if service_accepts(t, review, officer_north)}
    assert offered == accepted


def a_review_open_for(north, transition: Transition) -> Review:
    for post16 in [True, False]:
        for status, decision in SITUATIONS:
            review = north_review_in(north, status, decision, post16=post16)
            if transition.is_open_for(review):
                return review
    raise AssertionError(f"No review is open for {transition.slug}")


@pytest.mark.parametrize("transition", table.TRANSITIONS, ids=lambda t: t.slug)
def test_every_step_in_the_table_is_recorded_from_the_case_page_and_from_the_api(
    officer_north, north, transition
):
    page_review = a_review_open_for(north, transition)
    api_review = a_review_open_for(north, transition)
    form = StepForm(action=transition)
    api = APIClient()
    api.force_authenticate(officer_north)
    values = inputs_of(transition)
    posted: dict[str, object] = {
        "on_0": ON.day, "on_1": ON.month, "on_2": ON.year, "version": page_review.version,
        **{name: values[name] for name in transition.fields},
    }  # fmt: skip

    shown = client_for(officer_north).get(step_url(page_review, transition))
    saved = client_for(officer_north).post(step_url(page_review, transition), posted)
    answer = api.post(
        f"/api/v1/reviews/{api_review.pk}/{transition.slug}/",
        {**values, "on": ON.isoformat()},
        format="json",
    )

    assert set(form.fields) == {*transition.fields, "on", "version"}
    assert set(SERIALIZERS[transition.fields]().fields) == {*transition.fields, "on", "version"}
    assert (shown.status_code, saved.status_code, answer.status_code) == (200, 302, 200)
    assert escape(transition.title) in shown.text
    for review in [page_review, api_review]:
        before = review.status
        review.refresh_from_db()
        assert review.status == (transition.to_status or before)
        assert Event.objects.filter(
            target_id=str(review.pk), action=f"review.{transition.action}"
        ).exists()
