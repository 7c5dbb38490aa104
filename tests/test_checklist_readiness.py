"""A plan is checked against the review it had: no checklist is started or submitted for a
review whose meeting is not recorded and whose report is not in."""

from datetime import date

import pytest
from django.utils.html import escape

from audit.models import Event
from qa import services
from qa.models import Checklist, ChecklistStatus
from reviews.models import Review, ReviewStatus
from reviews.selectors import NOT_READY_FOR_CHECKING
from tests.checklist_cases import (
    complete,
    fixture_assignment,  # noqa: F401  (a fixture)
    fixture_checklist,  # noqa: F401  (a fixture)
    fixture_review,  # noqa: F401  (a fixture)
    fixture_small_template,  # noqa: F401  (a fixture)
    url,
)
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def no_meeting_yet(review: Review) -> None:
    Review.objects.filter(pk=review.pk).update(
        status=ReviewStatus.PLANNING, meeting_on=None, report_received_on=None
    )


def test_a_checklist_is_not_started_before_the_meeting_or_report(
    small_template, assignment, volunteer
):
    no_meeting_yet(assignment.review)

    with pytest.raises(services.ReviewNotReady, match="its meeting has not been recorded"):
        services.checklist_start_for_assignment(actor=volunteer, assignment=assignment)
    assert not Checklist.objects.exists()


def test_a_report_in_without_a_recorded_meeting_is_enough_to_start(
    small_template, assignment, volunteer
):
    no_meeting_yet(assignment.review)
    Review.objects.filter(pk=assignment.review_id).update(report_received_on=date(2026, 11, 2))

    checklist = services.checklist_start_for_assignment(actor=volunteer, assignment=assignment)

    assert checklist.status == ChecklistStatus.DRAFT


def test_a_draft_is_not_submitted_once_its_review_has_no_meeting_or_report(checklist):
    complete(checklist)
    no_meeting_yet(checklist.review)

    with pytest.raises(services.ReviewNotReady):
        services.checklist_submit(actor=checklist.volunteer, checklist=checklist)

    checklist.refresh_from_db()
    assert (checklist.status, checklist.grade) == (ChecklistStatus.DRAFT, "")
    assert not Event.objects.filter(action="checklist.submitted").exists()


def test_the_start_page_says_why_and_offers_no_start_button(small_template, assignment, volunteer):
    no_meeting_yet(assignment.review)
    client = client_for(volunteer)

    shown = client.get(url("checklist-start", assignment.review_id)).content.decode()
    pressed = client.post(url("checklist-start", assignment.review_id))

    assert "its meeting has not been recorded" in shown
    assert "Start the checklist" not in shown
    assert pressed.status_code == 409
    assert not Checklist.objects.exists()


def test_the_check_page_puts_the_reason_in_the_error_summary(checklist):
    complete(checklist)
    no_meeting_yet(checklist.review)

    response = client_for(checklist.volunteer).post(url("checklist-check", checklist.pk), {})

    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert "its meeting has not been recorded" in page
    assert f'href="/volunteer/reviews/{checklist.review_id}/"' in page


def test_the_volunteer_review_page_names_the_case_officer_and_says_it_is_not_ready(
    assignment, volunteer, officer_north
):
    no_meeting_yet(assignment.review)

    page = client_for(volunteer).get(f"/volunteer/reviews/{assignment.review_id}/")

    text = page.content.decode()
    assert escape(officer_north.full_name) in text
    assert f'href="mailto:{officer_north.email}"' in text
    assert escape(NOT_READY_FOR_CHECKING) in text
    assert "Start the checklist" not in text


def test_the_volunteer_review_page_gives_the_case_officers_phone_when_they_have_one(
    assignment, volunteer, officer_north
):
    officer_north.phone = "03000 412 345"
    officer_north.save(update_fields=["phone"])

    page = client_for(volunteer).get(f"/volunteer/reviews/{assignment.review_id}/")

    assert "Phone: 03000 412 345" in page.content.decode()
