"""Uploaded files of Local Offer services: checked, previewed, confirmed and imported by the
worker (`localoffer.tasks`), never read in the web request.

The request only stores the file and queues its check; the worker reads it within the IMPORT_*
limits (docs/decisions/0006) and checks every row, and the uploader sees the preview on the
job's page. Every step ends with the job at rest (checked, imported, or failed with a reason
the uploader can act on): a refused file, a database refusal, a queue that cannot be reached
or a step past its time limit each fail it; the sweeper (localoffer.jobs) fails one whose
worker died without a word.
"""

from typing import Any
from uuid import UUID

from django.db import IntegrityError
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from audit.services import event_record
from common.jobs import QUEUE_UNAVAILABLE, job_claim, job_enqueue_on_commit, upload_job_create
from common.save_errors import SAVE_ERRORS, TRANSIENT_ERRORS, database_refusal
from common.table_rows import ImportFileError
from localoffer.importing import ServiceImportResult, ServiceOutcome, service_import
from localoffer.models import ServiceImportJob, ServiceImportStatus

CHECK_STOPPED = (
    "The check of this file stopped before it finished, so nothing was saved. Upload the file "
    "again. If it stops again, split it into smaller files and upload each one."
)
IMPORT_STOPPED = (
    "The import stopped before it finished, so nothing from this file was saved. Upload the "
    "file again to check it and import it."
)
CHECK_NOT_QUEUED = (
    f"{QUEUE_UNAVAILABLE}, so this file was not checked and nothing was saved. "
    "Upload the file again in a few minutes."
)
IMPORT_NOT_QUEUED = (
    f"{QUEUE_UNAVAILABLE}, so the import did not start and nothing was saved. "
    "Import the file again in a few minutes."
)
SERVICES_CHANGED = (
    "The services changed while this file was being imported, so nothing was saved. Upload "
    "the file again to check it against the services as they are now."
)
IN_PROGRESS = [ServiceImportStatus.CHECKING, ServiceImportStatus.IMPORTING]


def _job_update(job_id: str | UUID, **fields: Any) -> int:
    """Write to the job and move its `updated_at`, which the sweeper watches."""
    return ServiceImportJob.objects.filter(pk=job_id).update(updated_at=timezone.now(), **fields)


def service_import_jobs_fail(jobs: QuerySet[ServiceImportJob], *, reason: str) -> int:
    """End checks or imports that cannot go on: the file is discarded, the reason kept for
    the uploader. A job at rest (checked, imported, failed) is left as it is."""
    return jobs.filter(status__in=IN_PROGRESS).update(
        status=ServiceImportStatus.FAILED, error=reason, data=b"", updated_at=timezone.now()
    )


def service_import_job_fail(job_id: str | UUID, *, reason: str) -> None:
    service_import_jobs_fail(ServiceImportJob.objects.filter(pk=job_id), reason=reason)


def service_import_job_create(*, user: User, filename: str, data: bytes) -> ServiceImportJob:
    """Store the upload and queue its check; returns at once, without reading the file."""
    from localoffer.tasks import check_service_import

    return upload_job_create(
        ServiceImportJob,
        user=user,
        filename=filename,
        data=data,
        check=check_service_import.delay,
        on_not_queued=lambda job: service_import_job_fail(job.pk, reason=CHECK_NOT_QUEUED),
    )


def _claim(job_id: str, status: ServiceImportStatus) -> ServiceImportJob | None:
    """The job, if it is at `status` and a worker may take it up (again); a job that has
    stopped its worker JOB_MAX_ATTEMPTS times is failed instead."""
    at_status = ServiceImportJob.objects.filter(pk=job_id, status=status)
    if not job_claim(at_status):
        stopped = CHECK_STOPPED if status == ServiceImportStatus.CHECKING else IMPORT_STOPPED
        service_import_jobs_fail(at_status, reason=stopped)
        return None
    return at_status.select_related("uploaded_by").first()


def _storable(text: str) -> str:
    """A message quoting a cell may quote a NUL, which the database cannot keep: show it."""
    return text.replace("\x00", "\N{REPLACEMENT CHARACTER}")


def _store(job_id: str, result: ServiceImportResult, status: ServiceImportStatus) -> None:
    _job_update(
        job_id,
        status=status,
        warnings=[_storable(w) for w in result.warnings],
        counts=result.counts,
        outcomes=[
            [o.row, _storable(o.service), o.outcome, [_storable(m) for m in o.messages]]
            for o in result.outcomes
        ],
    )


def _refused_by_database(error: Exception) -> str:
    return (
        f"{database_refusal(error)} Nothing from this file was saved. Correct the file and "
        "upload it again."
    )


def _read(job: ServiceImportJob, *, dry_run: bool) -> ServiceImportResult | None:
    """Check (or import) the job's file; None when the job was failed with the reason."""
    try:
        return service_import(
            data=bytes(job.data),
            filename=job.filename,
            actor=job.uploaded_by,
            dry_run=dry_run,
            save_valid_rows=not dry_run,
        )
    except ImportFileError as error:
        _job_update(
            job.pk, status=ServiceImportStatus.FAILED, file_error=_storable(str(error)), data=b""
        )
        event_record(
            actor=job.uploaded_by,
            action="localoffer.service_import_refused",
            target=job,
            details={"file": job.filename, "sha256": job.sha256, "reason": str(error)},
        )
    except IntegrityError:
        # An editor or another import changed the same services meanwhile; nothing was saved.
        service_import_job_fail(job.pk, reason=SERVICES_CHANGED)
    except TRANSIENT_ERRORS:
        raise  # the connection dropped and the transaction with it: the task tries again
    except SAVE_ERRORS as error:
        service_import_job_fail(job.pk, reason=_refused_by_database(error))
    return None


def service_import_job_check(job_id: str) -> None:
    """Read and check the file (a dry run) so the uploader can see the preview."""
    job = _claim(job_id, ServiceImportStatus.CHECKING)
    if job is None:
        return  # already checked (the task ran twice), or given up
    result = _read(job, dry_run=True)
    if result is not None:
        _store(job_id, result, ServiceImportStatus.CHECKED)


def service_import_job_confirm(job: ServiceImportJob) -> bool:
    """Claim a checked file for import; False if it was already confirmed or cancelled."""
    from localoffer.tasks import run_service_import

    claimed = ServiceImportJob.objects.filter(pk=job.pk, status=ServiceImportStatus.CHECKED).update(
        status=ServiceImportStatus.IMPORTING, error="", attempts=0, updated_at=timezone.now()
    )
    if claimed:
        job_enqueue_on_commit(
            lambda: run_service_import.delay(str(job.pk)),
            on_failure=lambda: _import_not_queued(job.pk),
        )
    return bool(claimed)


def _import_not_queued(job_id: UUID) -> None:
    """The confirmed file goes back to checked, so the uploader can confirm it again."""
    _job_update(job_id, status=ServiceImportStatus.CHECKED, error=IMPORT_NOT_QUEUED)


def service_import_job_run(job_id: str) -> None:
    """Import the valid rows of a confirmed file; the file is then discarded, the outcome
    of every row kept."""
    job = _claim(job_id, ServiceImportStatus.IMPORTING)
    if job is None or not job.data:
        return
    result = _read(job, dry_run=False)
    if result is not None:
        saved = ServiceImportStatus.IMPORTED if result.saved else ServiceImportStatus.FAILED
        _store(job_id, result, saved)
        _job_update(job_id, data=b"")


def service_import_job_cancel(job: ServiceImportJob) -> bool:
    """Forget a file that has not been imported; False if its import has begun."""
    waiting = [ServiceImportStatus.CHECKING, ServiceImportStatus.CHECKED]
    deleted, _ = ServiceImportJob.objects.filter(pk=job.pk, status__in=waiting).delete()
    return bool(deleted)


def service_import_job_result(job: ServiceImportJob) -> ServiceImportResult:
    """The job's outcome in the shape the pages show: counts, warnings and each row."""
    return ServiceImportResult(
        filename=job.filename,
        sha256=job.sha256,
        outcomes=[
            ServiceOutcome(row, name, outcome, messages)
            for row, name, outcome, messages in job.outcomes
        ],
        warnings=list(job.warnings),
        saved=job.status == ServiceImportStatus.IMPORTED,
    )
