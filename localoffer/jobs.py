"""The Local Offer service import's two worker steps, as the sweeper (common.jobs) sees them.

A check or an import that has not moved for longer than its time limit is failed, not queued
again: the import saves in one transaction, so a step that stopped saved nothing, and the
editor, who is waiting on the page, is told to upload the file again. A file that stopped the
worker once is not tried again behind their back.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from common.jobs import JobKind
from localoffer.import_jobs import CHECK_STOPPED, IMPORT_STOPPED, service_import_jobs_fail
from localoffer.models import ServiceImportJob, ServiceImportStatus


def _failing(reason: str) -> Callable[[QuerySet[Any]], int]:
    return lambda stuck: service_import_jobs_fail(stuck, reason=reason)


SERVICE_IMPORT_CHECK = JobKind(
    name="Local Offer service file check",
    in_progress=lambda: ServiceImportJob.objects.filter(status=ServiceImportStatus.CHECKING),
    limit="service_import_check",
    on_stuck=_failing(CHECK_STOPPED),
)
SERVICE_IMPORT = JobKind(
    name="Local Offer service import",
    in_progress=lambda: ServiceImportJob.objects.filter(status=ServiceImportStatus.IMPORTING),
    limit="service_import",
    on_stuck=_failing(IMPORT_STOPPED),
)
