"""Uploaded caseload files: checked, previewed, confirmed and imported by Celery tasks.

Every step ends with the job in a resting state (checked, imported or failed with a reason):
a database refusal, a queue that cannot be reached, a worker that stops or a step past its
time limit each fail the job with what happened and what to do (common.jobs; the sweeper
handles a worker that died without a word).
"""

import csv
import io
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from audit.services import event_record
from caseload.import_rows import caseload_rows
from caseload.importing import ImportResult, caseload_import
from caseload.models import ImportJob, ImportStatus
from common.jobs import QUEUE_UNAVAILABLE, job_claim, job_enqueue_on_commit, upload_job_create
from common.save_errors import SAVE_ERRORS, TRANSIENT_ERRORS, database_refusal
from common.table_rows import ImportFileError
from common.tabular import formula_safe

CHECK_STOPPED = (
    "The check of this file stopped before it finished, so nothing was saved. Upload the file "
    "again. If it stops again, split the file into smaller parts and upload each one."
)
IMPORT_STOPPED = (
    "The import stopped before it finished, so nothing from this file was saved. Upload the "
    "file again to check it and import it. If it stops again, split the file into smaller parts."
)
REPORT_LOST = "The row-by-row report of this import could not be kept; the counts are below."
CHECK_NOT_QUEUED = (
    f"{QUEUE_UNAVAILABLE}, so this file was not checked and nothing was saved. "
    "Upload the file again in a few minutes."
)
IMPORT_NOT_QUEUED = (
    f"{QUEUE_UNAVAILABLE}, so the import did not start and nothing was saved. "
    "Confirm the import again in a few minutes."
)


def import_job_get_for_user(user: User, pk: str | UUID, *, write: bool = False) -> ImportJob:
    """The uploader sees and confirms their file; a manager may see it too. Others get 404."""
    job = ImportJob.objects.filter(pk=pk).select_related("uploaded_by").first()
    if job is None or (job.uploaded_by_id != user.pk and user.role != Role.MANAGER):
        raise Http404("No such import.")
    if write and job.uploaded_by_id != user.pk:
        raise PermissionDenied("Only the person who uploaded the file can confirm it.")
    return job


def _job_update(job_id: str | UUID, **fields: Any) -> int:
    """Write to the job and move its `updated_at`, which the sweeper watches."""
    return ImportJob.objects.filter(pk=job_id).update(updated_at=timezone.now(), **fields)


def import_jobs_fail(jobs: QuerySet[ImportJob], *, reason: str) -> int:
    """End checks or imports that cannot go on: the file is discarded, the reason kept for
    the officer. A job already at rest (checked, imported, failed) is left as it is."""
    return jobs.filter(status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING]).update(
        status=ImportStatus.FAILED, error=reason, data=b"", progress=100, updated_at=timezone.now()
    )


def import_job_fail(job_id: str | UUID, *, reason: str) -> None:
    import_jobs_fail(ImportJob.objects.filter(pk=job_id), reason=reason)


def import_job_create(*, user: User, filename: str, data: bytes) -> ImportJob:
    """Store the upload and queue its check; returns at once."""
    from caseload.tasks import check_import

    return upload_job_create(
        ImportJob,
        user=user,
        filename=filename,
        data=data,
        check=check_import.delay,
        on_not_queued=lambda job: import_job_fail(job.pk, reason=CHECK_NOT_QUEUED),
    )


def _storable(text: str) -> str:
    """A message quoting a cell may quote a NUL, which the database cannot keep: show it."""
    return text.replace("\x00", "\N{REPLACEMENT CHARACTER}")


def _store(job_id: str, result: ImportResult, status: ImportStatus) -> None:
    outcomes = [
        [o.row, _storable(o.plan_ref), o.outcome, [_storable(m) for m in o.messages]]
        for o in result.outcomes
    ]
    with transaction.atomic():
        _job_update(
            job_id,
            status=status,
            progress=100,
            warnings=[_storable(w) for w in result.warnings],
            counts=result.counts,
            outcomes=outcomes,
        )


def _progress(job_id: str) -> Callable[[int], None]:
    def update(percent: int) -> None:
        _job_update(job_id, progress=percent)

    return update


def _claim(job_id: str, status: ImportStatus) -> ImportJob | None:
    """The job, if it is at `status` and a worker may take it up (again); a job that has
    stopped its worker JOB_MAX_ATTEMPTS times is failed instead."""
    at_status = ImportJob.objects.filter(pk=job_id, status=status)
    if not job_claim(at_status):
        stopped = CHECK_STOPPED if status == ImportStatus.CHECKING else IMPORT_STOPPED
        if at_status.exists():
            import_job_fail(job_id, reason=stopped)
        return None
    return at_status.select_related("uploaded_by").first()


def _refused_by_database(job: ImportJob, error: Exception) -> str:
    """What to tell the officer when the database refused a value the check let through."""
    try:
        _, rows = caseload_rows(bytes(job.data), job.filename, [])
    except ImportFileError:
        rows = []
    return (
        f"{database_refusal(error, rows=rows, limits=_column_limits())} Nothing from this file "
        "was saved. Correct the file and upload it again."
    )


def _column_limits() -> dict[str, int]:
    """The character limit of each caseload file column as the database holds it now (a
    school's columns start `setting_`)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT CASE WHEN table_name = 'casework_setting' THEN 'setting_' ELSE '' END
                   || column_name, character_maximum_length
            FROM information_schema.columns
            WHERE table_schema = current_schema()
              AND table_name IN ('casework_child', 'casework_plan', 'casework_setting')
              AND character_maximum_length IS NOT NULL
            """
        )
        return dict(cursor.fetchall())


def import_job_check(job_id: str) -> None:
    """Read and check the file (a dry run) so the officer can see the preview."""
    job = _claim(job_id, ImportStatus.CHECKING)
    if job is None:
        return  # already checked (the task ran twice), or given up
    try:
        result = caseload_import(
            data=bytes(job.data),
            filename=job.filename,
            actor=job.uploaded_by,
            dry_run=True,
            progress=_progress(job_id),
        )
    except ImportFileError as error:
        _job_update(
            job_id, status=ImportStatus.FAILED, file_error=str(error), data=b"", progress=100
        )
        event_record(
            actor=job.uploaded_by,
            action="caseload.import_refused",
            target=job,
            details={"file": job.filename, "sha256": job.sha256, "reason": str(error)},
        )
        return
    except TRANSIENT_ERRORS:
        raise  # the connection dropped: the task tries again
    except SAVE_ERRORS as error:
        import_job_fail(job_id, reason=_refused_by_database(job, error))
        return
    try:
        _store(job_id, result, ImportStatus.CHECKED)
    except TRANSIENT_ERRORS:
        raise
    except SAVE_ERRORS as error:
        import_job_fail(job_id, reason=_refused_by_database(job, error))
        return
    event_record(
        actor=job.uploaded_by,
        action="caseload.import_checked",
        target=job,
        details={"file": job.filename, "sha256": job.sha256, **result.counts},
    )


def import_job_confirm(job: ImportJob, *, save_valid_rows: bool) -> bool:
    """Claim a checked file for import; False if it was already confirmed."""
    from caseload.tasks import run_import

    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.IMPORTING,
        progress=0,
        save_valid_rows=save_valid_rows,
        attempts=0,
        updated_at=timezone.now(),
    )
    if claimed:
        job_enqueue_on_commit(
            lambda: run_import.delay(str(job.pk)),
            on_failure=lambda: _import_not_queued(job.pk),
        )
    return bool(claimed)


def _import_not_queued(job_id: UUID) -> None:
    """The confirmed file goes back to checked, so the officer can confirm it again."""
    _job_update(job_id, status=ImportStatus.CHECKED, error=IMPORT_NOT_QUEUED)


def _assignment_conflicts_close_soon() -> None:
    """An import may move a child to a volunteer's own school: the access rule hides the
    review at once, and this closes the assignment and tells the officer now rather than at
    the next periodic sweep (which still catches it if the queue cannot be reached)."""
    from volunteers.tasks import close_conflicted_assignments

    job_enqueue_on_commit(close_conflicted_assignments.delay, on_failure=lambda: None)


def import_job_run(job_id: str) -> None:
    """Import a confirmed file; the file itself is then discarded, the report kept."""
    job = _claim(job_id, ImportStatus.IMPORTING)
    if job is None or not job.data:
        return
    _job_update(job_id, error="")
    try:
        result = caseload_import(
            data=bytes(job.data),
            filename=job.filename,
            actor=job.uploaded_by,
            save_valid_rows=job.save_valid_rows,
            progress=_progress(job_id),
        )
    except ImportFileError as error:
        _job_update(job_id, status=ImportStatus.FAILED, file_error=str(error), progress=100)
        return
    except IntegrityError:
        # Another import or an officer changed the same records meanwhile; nothing was saved.
        import_job_fail(
            job_id,
            reason="The records changed while this file was being imported, so nothing was "
            "saved. Upload the file again to check it against the records as they are now.",
        )
        return
    except TRANSIENT_ERRORS:
        raise  # the connection dropped and the transaction with it: the task tries again
    except SAVE_ERRORS as error:
        import_job_fail(job_id, reason=_refused_by_database(job, error))
        return
    status = ImportStatus.IMPORTED if result.saved else ImportStatus.FAILED
    if result.saved:
        _assignment_conflicts_close_soon()
    try:
        _store(job_id, result, status)
    except DatabaseError:
        # The plans are saved (or not) already; only the row-by-row report could not be kept.
        _job_update(
            job_id,
            status=status,
            progress=100,
            counts=result.counts,
            outcomes=[],
            warnings=[REPORT_LOST],
        )
    _job_update(job_id, data=b"")


def import_job_report(job: ImportJob) -> str:
    """Every row's outcome as CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "plan_ref", "outcome", "details"])
    for row, plan_ref, outcome, messages in job.outcomes:
        writer.writerow([row, formula_safe(plan_ref), outcome, formula_safe(" | ".join(messages))])
    return out.getvalue()
