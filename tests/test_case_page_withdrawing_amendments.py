"""Deciding not to amend after all (reg 22(4)) from the case page: when it is offered, what
it records and queues, and the bad dates it refuses with their reasons."""

from datetime import date

import pytest

from audit.models import Event
from documents.models import LetterJob, LetterJobStatus
from reviews.models import Decision, Review, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.case_page_cases import (
    case_url,
    date_fields,
    fixture_review,  # noqa: F401  (a fixture)
    step_url,
)
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


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


def test_the_error_summary_lists_the_reasons_before_the_date_as_the_page_shows_them(
    officer_north, review
):
    review = amendments_sent(review)

    response = client_for(officer_north).post(
        step_url(review, "withdraw-amendments"), {"version": review.version}
    )

    summary = response.content.decode().split("There is a problem", 1)[1].split("</ul>", 1)[0]
    assert summary.index("Enter the reasons") < summary.index("Enter the date the family")
