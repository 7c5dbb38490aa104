from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from caseload.models import ImportStatus
from caseload.services import (
    import_job_confirm,
    import_job_create,
    import_job_get_for_user,
    import_job_report,
)
from casework.models import PLAN_REF_RULE
from common.forms import UploadForm

IMPORTERS = (Role.CASE_OFFICER, Role.MANAGER)
REPORT_NAME_STEM = 100  # characters of the uploaded file's name kept in the report's name


@role_required(*IMPORTERS)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_job_create(
            user=signed_in_user(request), filename=upload.name, data=upload.read()
        )
        return redirect("caseload:import-job", pk=job.pk)
    return render(
        request, "caseload/import_upload.html", {"form": form, "plan_ref_rule": PLAN_REF_RULE}
    )


@role_required(*IMPORTERS)
def import_job(request: HttpRequest, pk: str) -> HttpResponse:
    job = import_job_get_for_user(signed_in_user(request), pk)
    errors = [
        (row, plan_ref, message)
        for row, plan_ref, outcome, msgs in job.outcomes
        if outcome == "error"
        for message in msgs
    ]
    working = job.status in {ImportStatus.CHECKING, ImportStatus.IMPORTING}
    return render(
        request, "caseload/import_job.html", {"job": job, "errors": errors, "working": working}
    )


@role_required(*IMPORTERS)
@require_POST
def import_confirm(request: HttpRequest, pk: str) -> HttpResponse:
    job = import_job_get_for_user(signed_in_user(request), pk, write=True)
    save_valid_rows = request.POST.get("save_valid_rows") == "yes"
    if job.counts.get("error") and not save_valid_rows:
        messages.error(
            request,
            "The file has rows in error: fix them and upload it again, or choose to save only the valid rows.",
        )
    elif not import_job_confirm(job, save_valid_rows=save_valid_rows):
        messages.error(request, "This file has already been confirmed.")
    return redirect("caseload:import-job", pk=job.pk)


@role_required(*IMPORTERS)
def import_report(request: HttpRequest, pk: str) -> HttpResponse:
    job = import_job_get_for_user(signed_in_user(request), pk)
    response = HttpResponse(import_job_report(job), content_type="text/csv; charset=utf-8")
    # The name comes from the uploaded file: encoded (RFC 6266), never spliced into the header.
    stem = job.filename.rsplit(".", 1)[0][:REPORT_NAME_STEM]
    disposition = content_disposition_header(
        as_attachment=True, filename=f"import-report-{stem}.csv"
    )
    assert disposition is not None  # a file name is always given
    response["Content-Disposition"] = disposition
    return response
