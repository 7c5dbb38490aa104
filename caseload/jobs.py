"""The caseload import's two worker steps, as the sweeper (common.jobs) sees them.

A check or an import that has not moved for longer than its time limit is failed, not queued
again: the import runs in one transaction, so a step that stopped saved nothing, and the
officer, who is waiting on the page, is told to upload the file again. A file that stopped
the worker once (too large, or a worker restart) is not tried again behind their back.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from caseload.models import ImportJob, ImportStatus
from caseload.services import CHECK_STOPPED, IMPORT_STOPPED, import_jobs_fail
from common.jobs import JobKind


def _failing(reason: str) -> Callable[[QuerySet[Any]], int]:
    return lambda stuck: import_jobs_fail(stuck, reason=reason)


CASELOAD_CHECK = JobKind(
    name="caseload file check",
    in_progress=lambda: ImportJob.objects.filter(status=ImportStatus.CHECKING),
    limit="caseload_check",
    on_stuck=_failing(CHECK_STOPPED),
)
CASELOAD_IMPORT = JobKind(
    name="caseload import",
    in_progress=lambda: ImportJob.objects.filter(status=ImportStatus.IMPORTING),
    limit="caseload_import",
    on_stuck=_failing(IMPORT_STOPPED),
)
