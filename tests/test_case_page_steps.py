"""Recording a review's steps from the case page: each step's deadline, state and rule, the
steps offered next, bad dates and decisions refused with an error summary, and the
conflict when two officers save the same review."""

import re
from datetime import date

import pytest
from django.utils.html import escape

from reviews import services
from reviews.models import Decision, Review, ReviewStatus
from tests.case_page_cases import (
    case_url,
    date_fields,
    fixture_review,  # noqa: F401  (a fixture)
    step_url,
)
from tests.conftest import client_for
from tests.factories import PlanFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_the_case_page_shows_each_steps_deadline_state_and_rule(officer_north, review):
    services.review_plan_meeting(review.pk, on=date(2026, 11, 30), actor=None)
    page = client_for(officer_north).get(case_url(review)).content.decode()

    assert "Statutory clock" in page
    assert "1 Dec 2026" in page  # the meeting deadline
    assert "CFA 2014 s44(1)" in page
    assert "reg 20(3)" in page
    assert "16 Nov 2026" in page  # invitations: 2 weeks before the planned meeting
    assert "Overdue" in page
    assert escape(review.plan.child.surname) in page


def test_a_step_from_another_plans_url_is_not_found(officer_north, review, north):
    other = ReviewFactory.create(plan=PlanFactory.create(area=north))
    url = f"/casework/plans/{other.plan.plan_ref}/reviews/{review.pk}/hold-meeting/"

    assert client_for(officer_north).get(url).status_code == 404


def test_an_unknown_step_is_not_found(officer_north, review):
    assert client_for(officer_north).get(step_url(review, "shred")).status_code == 404


def test_recording_the_meeting_moves_the_review_on_and_shows_on_the_timeline(officer_north, review):
    client = client_for(officer_north)
    response = client.post(
        step_url(review, "hold-meeting"), date_fields(date(2026, 11, 20), review.version)
    )

    assert response.status_code == 302
    assert response["Location"] == case_url(review)
    review.refresh_from_db()
    assert (review.status, review.meeting_on) == (ReviewStatus.MEETING_HELD, date(2026, 11, 20))
    page = client.get(case_url(review)).content.decode()
    assert "Review meeting held" in page
    assert "Record the decision" in page


def test_the_case_page_offers_only_the_steps_the_review_may_take_next(officer_north, review):
    page = client_for(officer_north).get(case_url(review)).content.decode()

    assert "Record the meeting" in page
    assert "Record the decision" not in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"on_0": "", "on_1": "", "on_2": ""}, "Enter the date the meeting was held"),
        ({"on_0": "31", "on_1": "2", "on_2": "2026"}, "as a real date"),
        ({"on_0": "1", "on_1": "1", "on_2": "2027"}, "cannot be in the future"),
    ],
)
def test_a_bad_date_is_refused_with_an_error_summary_and_nothing_saved(
    officer_north, review, fields, message
):
    response = client_for(officer_north).post(
        step_url(review, "hold-meeting"), {"version": review.version, **fields}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    review.refresh_from_db()
    assert (review.status, review.version) == (ReviewStatus.PLANNING, 1)


def test_an_amend_decision_without_the_proposed_amendments_is_refused(officer_north, review):
    Review.objects.filter(pk=review.pk).update(
        status=ReviewStatus.MEETING_HELD, meeting_on=date(2026, 11, 2)
    )
    response = client_for(officer_north).post(
        step_url(review, "notify-decision"),
        date_fields(date(2026, 11, 20), review.version, decision=Decision.AMEND),
    )

    assert "Enter the proposed amendments" in response.content.decode()
    assert Review.objects.get(pk=review.pk).decision == ""


def test_a_cease_decision_without_reasons_is_refused_by_the_service_and_shown_at_its_field(
    officer_north, review
):
    Review.objects.filter(pk=review.pk).update(
        status=ReviewStatus.MEETING_HELD, meeting_on=date(2026, 11, 2)
    )
    response = client_for(officer_north).post(
        step_url(review, "notify-decision"),
        date_fields(date(2026, 11, 20), review.version, decision=Decision.CEASE, notes="  "),
    )

    page = response.content.decode()
    message = "Enter the reasons: the letter to the family must give them."
    assert f'<a href="#id_notes">{message}</a>' in page  # the error summary
    at_the_field = r'id="id_notes\w*_error" class="govuk-error-message">\s*<span[^>]*>Error:</span>'
    assert re.search(at_the_field + r"\s*" + re.escape(message), page)
    assert Review.objects.get(pk=review.pk).decision == ""


def test_the_second_of_two_officers_saving_the_same_review_sees_a_conflict_and_the_current_values(
    officer_north, review, north
):
    from tests.factories import CaseOfficerFactory

    colleague = CaseOfficerFactory.create(areas=[north])
    version_both_read = review.version
    client_for(colleague).post(
        step_url(review, "plan-meeting"), date_fields(date(2026, 11, 30), version_both_read)
    )

    response = client_for(officer_north).post(
        step_url(review, "hold-meeting"), date_fields(date(2026, 11, 20), version_both_read)
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this review" in page
    assert "meeting planned for 30 November 2026" in page
    review.refresh_from_db()
    assert (review.status, review.meeting_on) == (ReviewStatus.PLANNING, None)
    # Sending the form again, now carrying the current version, records the meeting.
    again = client_for(officer_north).post(
        step_url(review, "hold-meeting"), date_fields(date(2026, 11, 20), review.version)
    )
    assert again.status_code == 302
