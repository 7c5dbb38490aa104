"""Worker jobs: rows with a status that a Celery task moves along, and what keeps them moving.

Each kind of job declares in one `JobKind` which of its rows are in progress, how long one may
go without moving (its task's hard time limit) and what becomes of one that has gone longer:
failed with a reason the person can act on, or queued again. The sweeper (a beat task, see
kentsend/jobs.py for the registry) applies every kind. Every job row has an `updated_at` that
the job's own writes move, and an `attempts` count its task raises when it claims the row.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

if TYPE_CHECKING:
    from common.models import UploadJob

U = TypeVar("U", bound="UploadJob")

logger = logging.getLogger(__name__)

# Said by every job that could not be handed to the worker.
QUEUE_UNAVAILABLE = "The service's job queue could not be reached"


@dataclass(frozen=True)
class JobKind:
    """One kind of worker job, as the sweeper sees it.

    `in_progress` gives the rows a worker should be moving; `limit` names the job's entry in
    JOB_TIME_LIMITS; `on_stuck` is given the rows that have not moved for longer than that
    (a queryset: update it, so a row that moves meanwhile is left alone) and fails or
    re-queues them, returning how many it handled.
    """

    name: str
    in_progress: Callable[[], QuerySet[Any]]
    limit: str
    on_stuck: Callable[[QuerySet[Any]], int]

    @property
    def time_limit(self) -> int:
        return job_time_limit(self.limit)


def job_time_limit(name: str) -> int:
    """The job's hard time limit in seconds (settings.JOB_TIME_LIMITS)."""
    return int(settings.JOB_TIME_LIMITS[name])


def job_task_options(name: str) -> dict[str, Any]:
    """The Celery options every job's task runs with: retried only when the connection
    dropped, acknowledged late and given back if its worker dies, with the job's limits."""
    from common.save_errors import TRANSIENT_ERRORS

    return {
        "autoretry_for": TRANSIENT_ERRORS,
        "retry_backoff": True,
        "max_retries": 3,
        "acks_late": True,
        "reject_on_worker_lost": True,
        "soft_time_limit": job_soft_time_limit(name),
        "time_limit": job_time_limit(name),
    }


def job_soft_time_limit(name: str) -> int:
    """Thirty seconds before the hard limit (at least half of it), for the job to say why it
    stopped."""
    hard = job_time_limit(name)
    return max(hard - 30, hard // 2)


def jobs_stuck(kind: JobKind, *, now: datetime) -> QuerySet[Any]:
    """The kind's rows in progress that have not moved for longer than its limit."""
    return kind.in_progress().filter(updated_at__lt=now - timedelta(seconds=kind.time_limit))


def jobs_sweep(kinds: list[JobKind], *, now: datetime | None = None) -> dict[str, int]:
    """Fail or re-queue every stuck job of every kind; how many of each kind were handled."""
    moment = now or timezone.now()
    handled = {}
    for kind in kinds:
        count = kind.on_stuck(jobs_stuck(kind, now=moment))
        if count:
            handled[kind.name] = count
            logger.warning("%s: %d job(s) had stopped moving", kind.name, count)
    return handled


def job_claim(queryset: QuerySet[Any]) -> bool:
    """Count one more attempt on the job in `queryset` (its row, filtered to the statuses a
    task may work on) and move its `updated_at`; False if it is not there or has had
    JOB_MAX_ATTEMPTS already (a job that keeps killing its worker is not run again)."""
    claimed = queryset.filter(attempts__lt=settings.JOB_MAX_ATTEMPTS).update(
        attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    return bool(claimed)


def job_enqueue_on_commit(send: Callable[[], object], *, on_failure: Callable[[], None]) -> None:
    """Hand a job to the worker once the transaction that created it commits; if the queue
    cannot be reached, call `on_failure` (which marks the job failed or leaves it for the
    sweeper) instead of losing the job or failing the request."""

    def enqueue() -> None:
        try:
            send()
        except (KombuError, RedisError, OSError):
            logger.exception("A job could not be queued")
            on_failure()

    transaction.on_commit(enqueue)


def upload_job_create(
    model: type[U],
    *,
    user: Any,
    filename: str,
    data: bytes,
    check: Callable[[str], object],
    on_not_queued: Callable[[U], None],
) -> U:
    """Store an uploaded file as a job and hand its check to the worker once it is saved;
    returns at once, without reading the file."""
    with transaction.atomic():
        job = model._default_manager.create(
            uploaded_by=user, filename=filename, sha256=hashlib.sha256(data).hexdigest(), data=data
        )
        job_enqueue_on_commit(lambda: check(str(job.pk)), on_failure=lambda: on_not_queued(job))
    return job
