"""Pages to import Local Offer services from a file: upload, preview, import, result.

A file of services is small (a Local Offer has hundreds or a few thousand), so it is
checked while the upload page waits, and kept with its preview in the shared cache for an
hour under a random token that only the uploader can use. The caseload import's job
record and Celery tasks exist for files of hundreds of thousands of plans; here they would
only add a page that refreshes itself. Confirming checks the file again against the
services as they are then, and saves its valid rows.
"""

import uuid
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from casework.forms import UploadForm
from casework.importing import ImportFileError
from localoffer.importing import COLUMNS, service_import, service_import_template

IMPORTERS = (Role.LOCALOFFER_EDITOR, Role.MANAGER)
KEPT_FOR_SECONDS = 60 * 60


class ServiceUploadForm(UploadForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Upload a file of services"
        self.fields[
            "file"
        ].help_text = "A CSV or XLSX file with one row per service and the columns of the template."


def _key(token: uuid.UUID) -> str:
    return f"localoffer-import:{token}"


def _upload_get(request: HttpRequest, token: uuid.UUID) -> dict[str, Any]:
    """The uploader's file and its preview; 404 for anyone else, or once it has expired."""
    upload = cache.get(_key(token))
    if upload is None or upload["user_id"] != signed_in_user(request).pk:
        raise Http404("No such import: it may have expired. Upload the file again.")
    return dict(upload)


@role_required(*IMPORTERS)
def upload(request: HttpRequest) -> HttpResponse:
    form = ServiceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        data = file.read()
        user = signed_in_user(request)
        try:
            checked = service_import(data=data, filename=file.name, actor=user, dry_run=True)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = uuid.uuid4()
            cache.set(
                _key(token),
                {"user_id": user.pk, "filename": file.name, "data": data, "checked": checked,
                 "imported": None},
                KEPT_FOR_SECONDS,
            )  # fmt: skip
            return redirect("localoffer-import:preview", token=token)
    return render(request, "localoffer/import/upload.html", {"form": form, "columns": COLUMNS})


@role_required(*IMPORTERS)
def preview(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    upload = _upload_get(request, token)
    if upload["imported"] is not None:
        return redirect("localoffer-import:result", token=token)
    return render(
        request,
        "localoffer/import/preview.html",
        {"token": token, "filename": upload["filename"], "result": upload["checked"]},
    )


@role_required(*IMPORTERS)
@require_POST
def confirm(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    upload = _upload_get(request, token)
    # Claimed atomically in the cache, so that a second click cannot import the file twice.
    if not cache.add(f"{_key(token)}:claimed", True, KEPT_FOR_SECONDS):
        messages.error(request, "This file has already been imported.")
        return redirect("localoffer-import:result", token=token)
    upload["imported"] = service_import(
        data=upload["data"],
        filename=upload["filename"],
        actor=signed_in_user(request),
        save_valid_rows=True,
    )
    upload["data"] = b""
    cache.set(_key(token), upload, KEPT_FOR_SECONDS)
    return redirect("localoffer-import:result", token=token)


@role_required(*IMPORTERS)
def result(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    upload = _upload_get(request, token)
    if upload["imported"] is None:
        return redirect("localoffer-import:preview", token=token)
    return render(
        request,
        "localoffer/import/result.html",
        {"filename": upload["filename"], "result": upload["imported"]},
    )


@role_required(*IMPORTERS)
@require_POST
def cancel(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    upload = _upload_get(request, token)
    if upload["imported"] is None:
        cache.delete(_key(token))
        messages.info(request, f"Nothing from {upload['filename']} was imported.")
    return redirect("localoffer-import:upload")


@role_required(*IMPORTERS)
def template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(service_import_template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="local-offer-services.csv"'
    return response
