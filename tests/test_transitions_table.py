"""The one table of review steps (reviews/transitions.py): the case page offers a step
exactly when the service accepts it, and every step is recorded from the case page and
from the API."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from audit.models import Event
from organisation.models import SettingPhase
from reviews import services
from reviews import transitions as table
from reviews.forms import StepForm
from reviews.models import Decision, Review, ReviewStatus
from reviews.recompute import recompute_reviews
from reviews.transitions import Transition
from tests.conftest import client_for
from tests.factories import PlanFactory, SettingFactory
from tests.review_states import S, review_in
from workbench.review_api import SERIALIZERS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


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
