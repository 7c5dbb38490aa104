"""Pages to import Local Offer services from a file: upload, preview, import, result.

The upload only stores the file and queues its check (`localoffer.import_jobs`): the worker
reads it within the IMPORT_* limits and checks every row, and these pages show the job as it
moves, refreshing themselves while the worker is at it. Confirming checks the file again,
in the worker, against the services as they are then, and saves its valid rows. Only the
uploader sees their file (`service_import_job_get_for_user`).
"""

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from common.downloads import attachment
from common.forms import UploadForm
from localoffer.import_jobs import (
    service_import_job_cancel,
    service_import_job_confirm,
    service_import_job_create,
    service_import_job_result,
)
from localoffer.importing import COLUMNS, service_import_template
from localoffer.models import ServiceImportJob, ServiceImportStatus
from localoffer.selectors import service_import_job_get_for_user

IMPORTERS = (Role.LOCALOFFER_EDITOR, Role.MANAGER)
PREVIEWED = {ServiceImportStatus.CHECKING, ServiceImportStatus.CHECKED}


class ServiceUploadForm(UploadForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Upload a file of services"
        self.fields[
            "file"
        ].help_text = "A CSV or XLSX file with one row per service and the columns of the template."


def _job_page(
    request: HttpRequest, job: ServiceImportJob, template: str, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "token": job.pk,
            "job": job,
            "filename": job.filename,
            "result": service_import_job_result(job),
            "working": job.status in {ServiceImportStatus.CHECKING, ServiceImportStatus.IMPORTING},
            **context,
        },
    )


@role_required(*IMPORTERS)
def upload(request: HttpRequest) -> HttpResponse:
    form = ServiceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        job = service_import_job_create(
            user=signed_in_user(request), filename=file.name, data=file.read()
        )
        return redirect("localoffer-import:preview", token=job.pk)
    return render(request, "localoffer/import/upload.html", {"form": form, "columns": COLUMNS})


@role_required(*IMPORTERS)
def preview(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    job = service_import_job_get_for_user(signed_in_user(request), token)
    if job.status not in PREVIEWED and not job.file_error:
        return redirect("localoffer-import:result", token=token)
    return _job_page(request, job, "localoffer/import/preview.html")


@role_required(*IMPORTERS)
@require_POST
def confirm(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    job = service_import_job_get_for_user(signed_in_user(request), token)
    if job.status == ServiceImportStatus.CHECKING:
        messages.error(request, "The file is still being checked: import it once it has been.")
        return redirect("localoffer-import:preview", token=token)
    # Claimed with a conditional update, so that a second click cannot import the file twice.
    if service_import_job_confirm(job):
        return redirect("localoffer-import:result", token=token)
    if job.status == ServiceImportStatus.FAILED:
        messages.error(request, "Nothing from this file can be imported: upload a corrected file.")
    else:
        messages.error(request, "This file has already been imported.")
    return redirect("localoffer-import:result", token=token)


@role_required(*IMPORTERS)
def result(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    job = service_import_job_get_for_user(signed_in_user(request), token)
    if job.status in PREVIEWED or job.file_error:
        return redirect("localoffer-import:preview", token=token)
    return _job_page(request, job, "localoffer/import/result.html")


@role_required(*IMPORTERS)
@require_POST
def cancel(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    job = service_import_job_get_for_user(signed_in_user(request), token)
    if service_import_job_cancel(job):
        messages.info(request, f"Nothing from {job.filename} was imported.")
        return redirect("localoffer-import:upload")
    return redirect("localoffer-import:result", token=token)


@role_required(*IMPORTERS)
def template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(service_import_template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment("local-offer-services.csv")
    return response
