"""Decision letters as worker jobs: each is a LetterJob row, queued when the decision is
recorded, written by the worker (documents.tasks), and queued again by the sweeper
(documents/jobs.py) if it stops moving: a statutory letter must not be lost to a dead worker
or a queue that was down when the decision was saved."""

import logging

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from common.jobs import job_claim, job_enqueue_on_commit
from common.save_errors import TRANSIENT_ERRORS
from documents.letter_language import LetterTemplateError
from documents.letters import review_letters_store
from documents.models import LetterJob, LetterJobStatus

logger = logging.getLogger(__name__)

WORDING_UNUSABLE = (
    "The decision letter could not be written because its wording cannot be used: "
    "{problems} A manager can correct the wording under Decision letters; the decision "
    "itself is saved."
)
LETTER_FAILED = (
    "The decision letter could not be written. Check the letter's wording, then tell the "
    "service's support team; the decision itself is saved."
)


def decision_letter_request(*, review_id: int, actor: User | None) -> LetterJob:
    """Queue the review's decision letter once the decision is saved. If the queue cannot be
    reached the job stays queued and the sweeper hands it to the worker when it can."""
    job, _ = LetterJob.objects.update_or_create(
        review_id=review_id,
        defaults={"status": LetterJobStatus.QUEUED, "attempts": 0, "error": "",
                  "actor": actor, "updated_at": timezone.now()},
    )  # fmt: skip
    job_enqueue_on_commit(lambda: letter_job_send(job), on_failure=lambda: None)
    return job


def letter_job_send(job: LetterJob) -> None:
    from documents.tasks import render_decision_letter

    render_decision_letter.delay(job.review_id, job.actor_id)


def letter_jobs_fail(jobs: QuerySet[LetterJob], *, reason: str) -> int:
    return jobs.filter(status=LetterJobStatus.QUEUED).update(
        status=LetterJobStatus.FAILED, error=reason, updated_at=timezone.now()
    )


def letter_jobs_requeue(jobs: QuerySet[LetterJob]) -> int:
    """Queue stuck letters again (the sweeper); those tried JOB_MAX_ATTEMPTS times fail."""
    failed = letter_jobs_fail(
        jobs.filter(attempts__gte=settings.JOB_MAX_ATTEMPTS), reason=LETTER_FAILED
    )
    queued = 0
    for job in jobs.filter(status=LetterJobStatus.QUEUED)[:1000]:
        moved = LetterJob.objects.filter(pk=job.pk, updated_at=job.updated_at).update(
            updated_at=timezone.now()
        )
        if moved:
            letter_job_send(job)
            queued += 1
    return failed + queued


def decision_letter_job_run(review_id: int, *, actor: User | None) -> int | None:
    """Write the letter for a queued job (the worker's task); the document's id, or None if
    there was nothing to do. A task without a job row (queued before jobs existed) writes
    the letter as it always did; writing is idempotent either way."""
    jobs = LetterJob.objects.filter(review_id=review_id)
    if not jobs.exists():
        return review_letters_store(review_id, actor=actor).pk
    queued = jobs.filter(status=LetterJobStatus.QUEUED)
    if not job_claim(queued):
        letter_jobs_fail(queued, reason=LETTER_FAILED)
        return None
    try:
        document = review_letters_store(review_id, actor=actor)
    except TRANSIENT_ERRORS:
        raise
    except LetterTemplateError as error:  # trying again would meet the same wording
        letter_jobs_fail(queued, reason=WORDING_UNUSABLE.format(problems=error))
        return None
    except Exception:  # left queued: the sweeper tries again, up to JOB_MAX_ATTEMPTS
        logger.exception("The decision letter of review %s could not be written", review_id)
        return None
    queued.update(status=LetterJobStatus.PRINTED, error="", updated_at=timezone.now())
    return document.pk
