"""Uploaded caseload files: checked, previewed, confirmed and imported by Celery tasks."""

import csv
import hashlib
import io
from collections.abc import Callable
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404

from accounts.models import Role, User
from audit.services import event_record
from casework.importing import ImportFileError, ImportResult, caseload_import
from casework.models import ImportJob, ImportStatus


def import_job_get_for_user(user: User, pk: str | UUID, *, write: bool = False) -> ImportJob:
    """The uploader sees and confirms their file; a manager may see it too. Others get 404."""
    job = ImportJob.objects.filter(pk=pk).select_related("uploaded_by").first()
    if job is None or (job.uploaded_by_id != user.pk and user.role != Role.MANAGER):
        raise Http404("No such import.")
    if write and job.uploaded_by_id != user.pk:
        raise PermissionDenied("Only the person who uploaded the file can confirm it.")
    return job


def import_job_create(*, user: User, filename: str, data: bytes) -> ImportJob:
    """Store the upload and queue its check; returns at once."""
    from casework.tasks import check_import

    with transaction.atomic():
        job = ImportJob.objects.create(
            uploaded_by=user, filename=filename, sha256=hashlib.sha256(data).hexdigest(), data=data
        )
        transaction.on_commit(lambda: check_import.delay(str(job.pk)))
    return job


def _store(job_id: str, result: ImportResult, status: ImportStatus) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        status=status,
        progress=100,
        warnings=result.warnings,
        counts=result.counts,
        outcomes=[[o.row, o.plan_ref, o.outcome, o.messages] for o in result.outcomes],
    )


def _progress(job_id: str) -> Callable[[int], None]:
    def update(percent: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(progress=percent)

    return update


def import_job_check(job_id: str) -> None:
    """Read and check the file (a dry run) so the officer can see the preview."""
    job = (
        ImportJob.objects.filter(pk=job_id, status=ImportStatus.CHECKING)
        .select_related("uploaded_by")
        .first()
    )
    if job is None:
        return  # already checked: the task ran twice
    try:
        result = caseload_import(
            data=bytes(job.data),
            filename=job.filename,
            actor=None,
            dry_run=True,
            progress=_progress(job_id),
        )
    except ImportFileError as error:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED, file_error=str(error), data=b"", progress=100
        )
        event_record(
            actor=job.uploaded_by,
            action="caseload.import_refused",
            target=job,
            details={"file": job.filename, "sha256": job.sha256, "reason": str(error)},
        )
        return
    _store(job_id, result, ImportStatus.CHECKED)
    event_record(
        actor=job.uploaded_by,
        action="caseload.import_checked",
        target=job,
        details={"file": job.filename, "sha256": job.sha256, **result.counts},
    )


def import_job_confirm(job: ImportJob, *, save_valid_rows: bool) -> bool:
    """Claim a checked file for import; False if it was already confirmed."""
    from casework.tasks import run_import

    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.IMPORTING, progress=0, save_valid_rows=save_valid_rows
    )
    if claimed:
        transaction.on_commit(lambda: run_import.delay(str(job.pk)))
    return bool(claimed)


def import_job_run(job_id: str) -> None:
    """Import a confirmed file; the file itself is then discarded, the report kept."""
    job = (
        ImportJob.objects.filter(pk=job_id, status=ImportStatus.IMPORTING)
        .select_related("uploaded_by")
        .first()
    )
    if job is None or not job.data:
        return
    try:
        result = caseload_import(
            data=bytes(job.data),
            filename=job.filename,
            actor=job.uploaded_by,
            save_valid_rows=job.save_valid_rows,
            progress=_progress(job_id),
        )
    except ImportFileError as error:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED, file_error=str(error), progress=100
        )
        return
    except IntegrityError:
        # Another import or an officer changed the same records meanwhile; nothing was saved.
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            progress=100,
            file_error="The records changed while this file was being imported, so nothing was "
            "saved. Upload the file again to check it against the records as they are now.",
        )
        return
    _store(job_id, result, ImportStatus.IMPORTED if result.saved else ImportStatus.FAILED)
    ImportJob.objects.filter(pk=job_id).update(data=b"")


def import_job_report(job: ImportJob) -> str:
    """Every row's outcome as CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "plan_ref", "outcome", "details"])
    for row, plan_ref, outcome, messages in job.outcomes:
        writer.writerow([row, plan_ref, outcome, " | ".join(messages)])
    return out.getvalue()
