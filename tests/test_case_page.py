"""The case page: who may see it, the statutory clock, recording steps, and conflicts."""

import re
from datetime import date

import pytest
from django.test import Client
from django.utils.html import escape

from audit.models import Event
from documents.models import LetterJob, LetterJobStatus
from organisation.models import SettingPhase
from reviews import services
from reviews.models import Decision, Review, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory, ReviewFactory, SettingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def review(north) -> Review:
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-CASE-1"), due_on=date(2026, 12, 1)
    )
    recompute_reviews()
    review.refresh_from_db()
    return review


def case_url(review: Review) -> str:
    return f"/casework/plans/{review.plan.plan_ref}/"


def step_url(review: Review, step: str) -> str:
    return f"{case_url(review)}reviews/{review.pk}/{step}/"


def date_fields(day: date, version: int, **extra: str) -> dict[str, str | int]:
    return {
        "on_0": str(day.day),
        "on_1": str(day.month),
        "on_2": str(day.year),
        "version": version,
        **extra,
    }


def client_as(persona: str, personas) -> Client:
    return Client() if persona == "anonymous" else client_for(personas[persona])


# persona: (case page, step form GET, step form POST)
MATRIX = {
    "officer_north": (200, 200, 302),
    "officer_west": (404, 404, 404),
    "manager": (200, 403, 403),
    "volunteer": (404, 404, 404),
    "headteacher": (404, 404, 404),
    "editor": (404, 404, 404),
    "anonymous": (302, 302, 302),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_the_case_page_and_its_step_forms_follow_the_area_rule(persona, personas, review):
    client = client_as(persona, personas)
    case_status, form_status, post_status = MATRIX[persona]

    assert client.get(case_url(review)).status_code == case_status
    assert client.get(step_url(review, "hold-meeting")).status_code == form_status
    response = client.post(
        step_url(review, "hold-meeting"), date_fields(date(2026, 11, 20), review.version)
    )
    assert response.status_code == post_status
    review.refresh_from_db()
    assert (review.meeting_on is not None) == (persona == "officer_north")


def test_reading_the_case_page_records_who_read_the_childs_record(officer_north, review):
    client_for(officer_north).get(case_url(review))

    event = Event.objects.get(action="plan.viewed")
    assert (event.actor, event.target_id) == (officer_north, str(review.plan.pk))


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


# Deciding not to amend after all (reg 22(4)) ------------------------------------------------

WITHDRAW = "Decide not to amend the plan after all"


def amendments_sent(review: Review) -> Review:
    Review.objects.filter(pk=review.pk).update(
        status=ReviewStatus.AMENDMENT_NOTICE_SENT,
        meeting_on=date(2026, 10, 5),
        decision=Decision.AMEND,
        decision_notified_on=date(2026, 10, 19),
        decision_notes="Section F: weekly therapy.",
        amendment_notice_on=date(2026, 10, 20),
    )
    recompute_reviews(review_ids=[review.pk])
    review.refresh_from_db()
    return review


@pytest.mark.parametrize("status", ReviewStatus.values)
def test_deciding_not_to_amend_is_offered_only_once_amendments_were_proposed(
    officer_north, review, status
):
    Review.objects.filter(pk=review.pk).update(status=status, decision=Decision.AMEND)

    page = client_for(officer_north).get(case_url(review)).content.decode()

    assert (WITHDRAW in page) is (status == ReviewStatus.AMENDMENT_NOTICE_SENT)


def test_deciding_not_to_amend_records_it_meets_the_final_plan_step_and_queues_the_letter(
    officer_north, review
):
    review = amendments_sent(review)
    client = client_for(officer_north)
    form = client.get(step_url(review, "withdraw-amendments")).content.decode()

    response = client.post(
        step_url(review, "withdraw-amendments"),
        date_fields(date(2026, 11, 20), review.version, reasons="The new school meets the need."),
    )

    assert WITHDRAW in form
    assert "within 8 weeks of sending the proposed amendments" in form
    assert "Why has the council decided not to amend the plan?" in form
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.amendments_withdrawn_on) == (
        ReviewStatus.AMENDMENTS_WITHDRAWN,
        date(2026, 11, 20),
    )
    assert review.final_plan_state == "done_on_time"  # due 15 December 2026
    event = Event.objects.get(action="review.amendments_withdrawn")
    assert (event.actor, event.details["reasons"]) == (
        officer_north,
        "The new school meets the need.",
    )
    assert LetterJob.objects.filter(review=review, status=LetterJobStatus.QUEUED).exists()
    page = client.get(case_url(review)).content.decode()
    assert "Decided not to amend the plan after all" in page  # the timeline
    assert "Decided not to amend</span>" in page  # the final-plan row of the clock
    assert "20 Nov 2026" in page
    assert "The letter to the family is being written" in page
    assert "Conclude the review" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"on_0": "1", "on_1": "12", "on_2": "2026", "reasons": "No change."},
            "The decision not to amend date cannot be in the future (1 December 2026).",
        ),
        (
            {"on_0": "19", "on_1": "10", "on_2": "2026", "reasons": "No change."},
            "cannot be before the amendment notice (20 October 2026)",
        ),
        (
            {"on_0": "30", "on_1": "2", "on_2": "2026", "reasons": "No change."},
            "Enter the date the family was told the plan will not be amended as a real date",
        ),
        (
            {"on_0": "20", "on_1": "11", "on_2": "2026", "reasons": ""},
            "Enter the reasons: the letter to the family must give them",
        ),
    ],
    ids=["future", "before-the-notice", "not-a-date", "no-reasons"],
)
def test_a_bad_decision_not_to_amend_is_refused_with_a_message_and_nothing_changes(
    officer_north, review, fields, message
):
    review = amendments_sent(review)

    response = client_for(officer_north).post(
        step_url(review, "withdraw-amendments"), {"version": review.version, **fields}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    after = Review.objects.get(pk=review.pk)
    assert (after.status, after.amendments_withdrawn_on, after.version) == (
        ReviewStatus.AMENDMENT_NOTICE_SENT,
        None,
        review.version,
    )
    assert not Event.objects.filter(action="review.amendments_withdrawn").exists()
    assert not LetterJob.objects.exists()


# The clock in words ---------------------------------------------------------------------------


def clock_row(page: str, label: str) -> str:
    """The HTML of the clock's row for one step."""
    return page.split(f'<th scope="row" class="govuk-table__header">{label}</th>', 1)[1].split(
        "</tr>", 1
    )[0]


def test_a_report_that_never_came_reads_not_received_and_other_missed_steps_not_recorded(
    officer_north, review
):
    services.review_hold_meeting(review.pk, on=date(2026, 10, 5), actor=None)
    services.review_notify_decision(
        review.pk, decision=Decision.MAINTAIN, on=date(2026, 10, 19), actor=None
    )

    page = client_for(officer_north).get(case_url(review)).content.decode()

    assert "Not received" in clock_row(page, "Report of the meeting")
    assert "Not recorded" in clock_row(page, "Invitations sent")
    assert "Not recorded" in clock_row(page, "Advice circulated")


def test_the_phase_transfer_row_shows_the_day_the_duty_was_met(officer_north, north):
    # Year 6 in 2026/27 at a primary school: the plan must name the next school by 14 February.
    review = ReviewFactory.create(
        plan=PlanFactory.create(
            area=north,
            plan_ref="EHCP-CASE-6",
            child=ChildFactory.create(date_of_birth=date(2016, 1, 10)),
        ),
        due_on=date(2026, 12, 1),
    )
    services.review_hold_meeting(review.pk, on=date(2026, 11, 2), actor=None)
    services.review_notify_decision(
        review.pk, decision=Decision.MAINTAIN, on=date(2026, 11, 20), actor=None
    )

    page = client_for(officer_north).get(case_url(review)).content.decode()

    row = clock_row(page, "Phase transfer plan")
    assert "14 Feb 2027" in row
    assert "20 Nov 2026" in row
    assert "Done on time" in row
    assert "before 15 February (so by 14 February)" in row


def test_for_a_child_at_no_school_the_report_step_says_the_council_writes_it(officer_north, north):
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-CASE-7", setting=None),
        due_on=date(2026, 12, 1),
    )
    services.review_hold_meeting(review.pk, on=date(2026, 11, 20), actor=None)

    page = client_for(officer_north).get(case_url(review)).content.decode()

    row = clock_row(page, "Report of the meeting")
    assert "the council prepares the report itself, within 2 weeks after the meeting" in row
    assert "reg 21(7)" in row
    assert "reg 21(3)" in clock_row(page, "Invitations sent")


def test_a_child_at_a_school_has_the_schools_report_rule(officer_north, review):
    services.review_hold_meeting(review.pk, on=date(2026, 11, 20), actor=None)

    page = client_for(officer_north).get(case_url(review)).content.decode()

    row = clock_row(page, "Report of the meeting")
    assert "Within 2 weeks after the meeting, to the council and everyone invited" in row
    assert "reg 20(7)" in row
    assert "reg 21(7)" not in page


def test_a_decision_after_the_12_month_period_is_flagged_on_the_case_page(officer_north, north):
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-CASE-8"), due_on=date(2026, 10, 1)
    )
    services.review_hold_meeting(review.pk, on=date(2026, 9, 30), actor=None)
    services.review_notify_decision(
        review.pk, decision=Decision.MAINTAIN, on=date(2026, 10, 2), actor=None
    )

    page = client_for(officer_north).get(case_url(review)).content.decode()

    assert "Decision after the 12-month review period (Code of Practice 9.169)" in page


def test_a_decision_inside_the_12_month_period_is_not_flagged(officer_north, north):
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-CASE-9"), due_on=date(2026, 10, 1)
    )
    services.review_hold_meeting(review.pk, on=date(2026, 9, 30), actor=None)
    services.review_notify_decision(
        review.pk, decision=Decision.MAINTAIN, on=date(2026, 10, 1), actor=None
    )

    page = client_for(officer_north).get(case_url(review)).content.decode()

    assert "12-month review period (Code" not in page


# A planned move between post-16 institutions (reg 18(2)) -------------------------------------


@pytest.fixture
def post16_review(north) -> Review:
    # Year 12 in 2026/27, at a post-16 institution.
    review = ReviewFactory.create(
        plan=PlanFactory.create(
            area=north,
            plan_ref="EHCP-CASE-16",
            child=ChildFactory.create(date_of_birth=date(2010, 1, 10)),
            setting=SettingFactory.create(area=north, phase=SettingPhase.POST16),
        ),
        due_on=date(2027, 3, 1),
    )
    recompute_reviews()
    review.refresh_from_db()
    return review


def test_an_officer_records_a_planned_post16_move_and_the_review_is_due_5_months_before(
    officer_north, post16_review
):
    client = client_for(officer_north)
    before = client.get(case_url(post16_review)).content.decode()

    response = client.post(
        step_url(post16_review, "plan-post16-move"),
        date_fields(date(2027, 9, 1), post16_review.version),
    )

    assert "Record a planned move to another post-16 institution" in before
    assert response.status_code == 302
    post16_review.refresh_from_db()
    assert post16_review.planned_move_on == date(2027, 9, 1)
    assert post16_review.phase_transfer_due_on == date(2027, 4, 1)
    event = Event.objects.get(action="review.post16_move_planned")
    assert (event.actor, event.details["planned_move_on"]) == (officer_north, "2027-09-01")
    page = client.get(case_url(post16_review)).content.decode()
    assert "Planned for 1 September 2027." in page
    row = clock_row(page, "Phase transfer plan")
    assert "1 Apr 2027" in row
    assert "At least 5 months before the planned move to another post-16 institution on " in row
    assert "1 September 2027" in row


def test_a_planned_post16_move_is_not_offered_or_accepted_for_a_younger_child(
    officer_north, review
):
    client = client_for(officer_north)
    page = client.get(case_url(review)).content.decode()

    response = client.post(
        step_url(review, "plan-post16-move"), date_fields(date(2027, 9, 1), review.version)
    )

    assert "planned move" not in page.lower()
    assert response.status_code == 200
    assert "only for a young person past Year 11 or at a post-16 institution" in (
        response.content.decode()
    )
    review.refresh_from_db()
    assert review.planned_move_on is None


def test_the_error_summary_lists_the_reasons_before_the_date_as_the_page_shows_them(
    officer_north, review
):
    review = amendments_sent(review)

    response = client_for(officer_north).post(
        step_url(review, "withdraw-amendments"), {"version": review.version}
    )

    summary = response.content.decode().split("There is a problem", 1)[1].split("</ul>", 1)[0]
    assert summary.index("Enter the reasons") < summary.index("Enter the date the family")
