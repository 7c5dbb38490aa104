"""The case page's form where the officer says a statutory step will be late (issue 19): who
may use it, what it refuses, and what the case page then shows."""

from datetime import date

import pytest
from django.core import mail
from django.test import Client
from django.utils.html import escape

from contributions.models import DeadlineNotice
from reviews.models import Review
from tests.conftest import client_for
from tests.factories import FamilyMemberFactory, PlanFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def held(north, officer_north, parent) -> Review:
    """A North review whose meeting was held on 20 November 2026, followed by a parent."""
    plan = PlanFactory.create(area=north, plan_ref="EHCP-LATE-2", case_officer=officer_north)
    FamilyMemberFactory.create(plan=plan, user=parent)
    return ReviewFactory.create(
        plan=plan, due_on=date(2026, 11, 30), held=True, meeting_on=date(2026, 11, 20),
        recomputed=True,
    )  # fmt: skip


def form_url(review: Review, step: str = "decision") -> str:
    return f"/casework/plans/{review.plan.plan_ref}/reviews/{review.pk}/late/{step}/"


def fields(reason: str = "the school's report came late", day: date = date(2027, 1, 8)):
    return {
        "reason": reason,
        "expected_on_0": str(day.day),
        "expected_on_1": str(day.month),
        "expected_on_2": str(day.year),
    }


# persona: (form GET, form POST)
MATRIX = {
    "officer_north": (200, 302),
    "officer_west": (404, 404),
    "manager": (200, 302),  # a manager works any area's reviews (decision 0015)
    "volunteer": (403, 403),
    "headteacher": (403, 403),
    "editor": (403, 403),
    "senco": (403, 403),
    "parent": (403, 403),  # the family reads what it is told, never records it
    "anonymous": (302, 302),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_only_those_who_work_the_review_may_say_a_step_will_be_late(persona, personas, held):
    client = Client() if persona == "anonymous" else client_for(personas[persona])
    get_status, post_status = MATRIX[persona]

    assert client.get(form_url(held)).status_code == get_status
    assert client.post(form_url(held), fields()).status_code == post_status
    recorded = DeadlineNotice.objects.filter(recorded_at__isnull=False).exists()
    assert recorded == (persona in {"officer_north", "manager"})
    assert bool(mail.outbox) == recorded


def test_the_case_page_offers_the_form_and_then_shows_what_the_family_was_told(officer_north, held):
    client = client_for(officer_north)
    case = client.get(f"/casework/plans/{held.plan.plan_ref}/").content.decode()
    assert form_url(held) in case
    assert "last day on time 18 December 2026" in case

    response = client.post(form_url(held), fields("<script>alert(1)</script> staff illness"))
    assert response.status_code == 302
    case = client.get(response["Location"]).content.decode()
    assert "1 family member told by email." in case
    assert escape("<script>alert(1)</script> staff illness") in case
    assert "<script>alert(1)</script>" not in case
    assert "8 January 2027" in case
    assert form_url(held) not in case  # recorded once: no second offer


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (fields(reason="   "), "Enter the reason, in words the family will understand"),
        (fields(day=date(2026, 11, 20)), "The new expected date must be in the future"),
        (fields(day=date(2026, 12, 10)), "must be after the last day on time, 18 December 2026"),
        (fields(day=date(2028, 1, 1)), "must be no later than 23 May 2027"),
        ({**fields(), "expected_on_0": "31", "expected_on_1": "2"}, "as a real date"),
        (fields(reason="x" * 1001), "The reason must be 1,000 characters or fewer"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    officer_north, held, data, message
):
    response = client_for(officer_north).post(form_url(held), data)

    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not DeadlineNotice.objects.exists()
    assert mail.outbox == []


def test_a_step_already_recorded_is_not_recorded_twice(officer_north, held):
    client = client_for(officer_north)
    client.post(form_url(held), fields())

    assert "already recorded" in client.get(form_url(held)).content.decode()
    assert client.post(form_url(held), fields("again")).status_code == 409
    assert len(mail.outbox) == 1


def test_a_step_that_is_not_watched_or_has_no_deadline_is_not_found(officer_north, held):
    client = client_for(officer_north)
    assert client.get(form_url(held, "meeting")).status_code == 404
    assert client.get(form_url(held, "final_plan")).status_code == 404  # not amending


def test_a_review_of_another_plan_is_not_found(officer_north, held, north):
    other = PlanFactory.create(area=north, plan_ref="EHCP-OTHER")
    url = f"/casework/plans/{other.plan_ref}/reviews/{held.pk}/late/decision/"
    assert client_for(officer_north).get(url).status_code == 404
