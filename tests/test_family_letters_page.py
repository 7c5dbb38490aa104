"""A family reads the letters and the plan they were sent, as they were sent, each with the
day it was sent: the decision letter (with the proposed changes), the letter not to change
the plan after all and the final plan; nothing else kept with the case. A ceased plan's
letters stay readable for a time, and every download is an event."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from audit.models import Event
from casework.models import CeaseReason, Plan, PlanStatus
from documents.letters import decision_letter_key, withdrawal_letter_key
from documents.models import Document, DocumentKind
from documents.services import document_store
from reviews.models import Decision, Review
from tests.conftest import client_for
from tests.factories import FamilyMemberFactory, PlanFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = date(2026, 11, 23)


def keep(review: Review, kind: DocumentKind, title: str, key: str | None = None) -> Document:
    return document_store(
        plan=review.plan,
        review=review,
        kind=kind,
        title=title,
        filename=f"{title}.pdf",
        data=PDF,
        actor=None,
        source_key=key,
    )


@pytest.fixture
def plan(north, parent) -> Plan:
    plan = PlanFactory.create(area=north)
    FamilyMemberFactory.create(plan=plan, user=parent)
    return plan


@pytest.fixture
def amended(plan) -> Review:
    return ReviewFactory.create(
        plan=plan,
        final_plan=True,
        due_on=date(2026, 9, 1),
        decision_notified_on=date(2026, 9, 20),
        final_plan_issued_on=date(2026, 11, 2),
        recomputed=True,
    )


def letters_page(parent, plan) -> str:
    response = client_for(parent).get(f"/family/plans/{plan.pk}/letters/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_decision_letter_and_the_final_plan_are_listed_with_the_day_each_was_sent(
    parent, plan, amended
):
    keep(amended, DocumentKind.LETTER, "Decision letter", decision_letter_key(amended.pk))
    keep(amended, DocumentKind.PLAN, "Final plan")
    page = letters_page(parent, plan)
    assert "Our decision and the changes we want to make" in page
    assert "Sent on 20 September 2026" in page
    assert "The final plan" in page
    assert "Sent on 2 November 2026" in page
    assert page.index("The final plan") < page.index("Our decision and the changes")


def test_the_letter_not_to_change_the_plan_after_all_is_listed(parent, plan):
    review = ReviewFactory.create(
        plan=plan,
        amended=True,
        due_on=date(2026, 9, 1),
        amendments_withdrawn_on=date(2026, 10, 30),
        amendments_withdrawn_reasons="The school can meet the need.",
    )
    keep(review, DocumentKind.LETTER, "Not amending", withdrawal_letter_key(review.pk))
    page = letters_page(parent, plan)
    assert "We will not change the plan after all" in page
    assert "Sent on 30 October 2026" in page


def test_nothing_else_kept_with_the_case_is_shown(parent, plan, north):
    review = ReviewFactory.create(plan=plan, held=True, due_on=date(2026, 11, 2))
    advice = keep(review, DocumentKind.ADVICE, "Educational psychologist advice")
    draft = keep(review, DocumentKind.PLAN, "Plan before the review")
    other = ReviewFactory.create(plan=PlanFactory.create(area=north), decided=True)
    elsewhere = keep(other, DocumentKind.LETTER, "Decision", decision_letter_key(other.pk))
    page = letters_page(parent, plan)
    assert "We have not sent you any letters yet." in page
    for document in (advice, draft, elsewhere):
        url = f"/family/plans/{plan.pk}/letters/{document.pk}/"
        assert client_for(parent).get(url).status_code == 404


def test_a_plan_kept_before_the_changes_were_proposed_is_not_the_final_plan(parent, plan, amended):
    older = keep(amended, DocumentKind.PLAN, "Plan before the review")
    Document.objects.filter(pk=older.pk).update(
        created_at=timezone.make_aware(timezone.datetime(2026, 9, 1, 9, 0))
    )
    assert "The final plan" not in letters_page(parent, plan)


def test_downloading_a_letter_gives_the_pdf_as_sent_and_is_an_event(parent, plan, amended):
    letter = keep(amended, DocumentKind.LETTER, "Decision letter", decision_letter_key(amended.pk))
    response = client_for(parent).get(f"/family/plans/{plan.pk}/letters/{letter.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    event = Event.objects.get(action="document.downloaded", actor=parent)
    assert event.target_id == str(plan.pk)
    assert event.details["document"] == letter.pk
    assert (
        Event.objects.filter(
            action="plan.viewed", actor=parent, details__page="family letters"
        ).count()
        == 0
    )
    letters_page(parent, plan)
    assert Event.objects.filter(
        action="plan.viewed", actor=parent, details__page="family letters"
    ).exists()


def test_a_letter_of_another_childs_plan_is_not_found_through_ones_own(parent, plan, north):
    other_plan = PlanFactory.create(area=north)
    other = ReviewFactory.create(plan=other_plan, decided=True)
    letter = keep(other, DocumentKind.LETTER, "Decision", decision_letter_key(other.pk))
    for path in (
        f"/family/plans/{plan.pk}/letters/{letter.pk}/",
        f"/family/plans/{other_plan.pk}/letters/{letter.pk}/",
    ):
        assert client_for(parent).get(path).status_code == 404
    assert not Event.objects.filter(action="document.downloaded").exists()


def _cease(plan: Plan, *, days_ago: int) -> None:
    Plan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.CEASED,
        ceased_on=TODAY - timedelta(days=days_ago),
        cease_reason=CeaseReason.NEEDS_MET,
    )


def test_a_ceased_plans_letters_stay_readable_for_the_set_time_then_go(parent, plan, settings):
    settings.FAMILY_READ_AFTER_CEASE_DAYS = 30
    review = ReviewFactory.create(
        plan=plan, concluded=True, decision=Decision.CEASE, due_on=date(2026, 9, 1)
    )
    letter = keep(review, DocumentKind.LETTER, "Decision", decision_letter_key(review.pk))
    _cease(plan, days_ago=30)
    url = f"/family/plans/{plan.pk}/letters/{letter.pk}/"
    assert "Our decision: we will stop the plan" in letters_page(parent, plan)
    assert client_for(parent).get(url).status_code == 200
    _cease(plan, days_ago=31)
    assert client_for(parent).get(f"/family/plans/{plan.pk}/letters/").status_code == 404
    assert client_for(parent).get(url).status_code == 404


def test_the_progress_page_links_to_the_letters_once_there_are_some(parent, plan, amended):
    page = client_for(parent).get(f"/family/plans/{plan.pk}/").content.decode()
    assert "We have not sent you any letters yet." in page
    keep(amended, DocumentKind.LETTER, "Decision letter", decision_letter_key(amended.pk))
    page = client_for(parent).get(f"/family/plans/{plan.pk}/").content.decode()
    assert f'href="/family/plans/{plan.pk}/letters/"' in page
