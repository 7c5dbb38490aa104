"""Decision letters are worker jobs too: a decision saved while the queue is down still gets
its letter (the sweeper queues it again), and a letter that cannot be written is failed with
a reason after its attempts, never left "being written" for ever."""

from datetime import date, timedelta

import pytest
import redis
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from common.jobs import job_time_limit
from documents.letter_jobs import LETTER_FAILED
from documents.models import Document, DocumentKind, LetterJob, LetterJobStatus
from documents.tasks import render_decision_letter
from kentsend.celery import sweep_stuck_jobs
from reviews.models import Decision, ReviewStatus
from reviews.services import review_notify_decision, review_withdraw_amendments
from tests.conftest import client_for
from tests.factories import PlanFactory, ReviewFactory
from tests.test_jobs_reliability import broker_down, clean_broker  # noqa: F401  (fixtures)
from workbench.steps import review_step_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def queued_messages() -> int:
    return int(redis.Redis.from_url(settings.REDIS_URL).llen("pdfs"))  # the letters' queue


def meeting_held(north, officer_north):
    return ReviewFactory.create(
        plan=PlanFactory.create(area=north, case_officer=officer_north),
        status=ReviewStatus.MEETING_HELD,
        meeting_on=date(2026, 11, 2),
    )


@pytest.mark.usefixtures("clean_broker")
def test_a_decision_saved_while_the_queue_is_down_gets_its_letter_once_the_sweeper_queues_it(
    north, officer_north, django_capture_on_commit_callbacks, request
):
    review = meeting_held(north, officer_north)
    request.getfixturevalue("broker_down")
    with django_capture_on_commit_callbacks(execute=True):
        review_step_record(
            review_notify_decision,
            review.pk,
            decision=Decision.MAINTAIN,
            on=date(2026, 11, 23),
            actor=officer_north,
        )
    job = LetterJob.objects.get(review=review)
    assert job.status == LetterJobStatus.QUEUED
    request.getfixturevalue("_broker_back")
    LetterJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - timedelta(seconds=job_time_limit("decision_letter") + 5)
    )
    assert sweep_stuck_jobs() == {"decision letter": 1}
    assert queued_messages() == 1
    render_decision_letter(review.pk, officer_north.pk)  # what the worker does with it
    assert LetterJob.objects.get(pk=job.pk).status == LetterJobStatus.PRINTED
    assert Document.objects.filter(review=review, kind=DocumentKind.LETTER).count() == 1


def test_a_letter_tried_too_often_is_failed_with_a_reason(north, officer_north):
    review = meeting_held(north, officer_north)
    job = LetterJob.objects.create(
        review=review,
        attempts=settings.JOB_MAX_ATTEMPTS,
        updated_at=timezone.now() - timedelta(seconds=job_time_limit("decision_letter") + 5),
    )
    assert sweep_stuck_jobs() == {"decision letter": 1}
    job.refresh_from_db()
    assert (job.status, job.error) == (LetterJobStatus.FAILED, LETTER_FAILED)


@pytest.fixture
def _broker_back():
    """Undo `broker_down` in the middle of a test."""
    from tests.test_jobs_reliability import _broker

    _broker(settings.CELERY_BROKER_URL)


def test_the_case_page_says_when_the_decision_letter_could_not_be_written(north, officer_north):
    review = meeting_held(north, officer_north)
    review.decision = Decision.MAINTAIN
    review.save(update_fields=["decision"])
    LetterJob.objects.create(review=review, status=LetterJobStatus.FAILED, error=LETTER_FAILED)
    page = (
        client_for(officer_north)
        .get(reverse("workbench:case", args=[review.plan.plan_ref]))
        .content.decode()
    )
    assert escape(LETTER_FAILED) in page
    assert "The letter to the family is being written" not in page


def test_a_letter_whose_saved_wording_cannot_be_used_fails_at_once_saying_why(north, officer_north):
    from documents.models import LetterTemplate

    review = meeting_held(north, officer_north)
    review.decision = Decision.MAINTAIN
    review.save(update_fields=["decision"])
    # Wording saved before the checks existed, with a value letters cannot use.
    wording = LetterTemplate.for_decision(Decision.MAINTAIN)
    LetterTemplate.objects.filter(pk=wording.pk).update(body="Dear {{ childs_name }},")
    job = LetterJob.objects.create(review=review)

    render_decision_letter(review.pk, officer_north.pk)

    job.refresh_from_db()
    assert job.status == LetterJobStatus.FAILED
    assert "childs_name" in job.error
    assert "A manager can correct the wording under Decision letters" in job.error
    assert not Document.objects.filter(review=review, kind=DocumentKind.LETTER).exists()


def test_deciding_not_to_amend_queues_the_job_again_and_the_worker_writes_that_letter(
    north, officer_north
):
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, case_officer=officer_north),
        status=ReviewStatus.AMENDMENT_NOTICE_SENT,
        meeting_on=date(2026, 10, 5),
        decision=Decision.AMEND,
        decision_notified_on=date(2026, 10, 19),
        decision_notes="Section F: weekly therapy.",
        amendment_notice_on=date(2026, 10, 19),
    )
    job = LetterJob.objects.create(review=review, status=LetterJobStatus.PRINTED, attempts=1)

    review_step_record(
        review_withdraw_amendments,
        review.pk,
        on=date(2026, 11, 20),
        actor=officer_north,
        reasons="No change is needed.",
    )
    job.refresh_from_db()
    assert (job.status, job.attempts) == (LetterJobStatus.QUEUED, 0)
    render_decision_letter(review.pk, officer_north.pk)  # what the worker does with it

    job.refresh_from_db()
    assert job.status == LetterJobStatus.PRINTED
    titles = set(Document.objects.filter(review=review).values_list("title", flat=True))
    assert titles == {
        "Decision letter: amend the plan",
        "Letter: the plan will not be amended after all",
    }
