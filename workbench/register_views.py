"""The manager's page that loads the schools register from a GIAS extract (DESIGN section 6):
upload, read the check (row errors; new, changed, unchanged and closed schools), then save.

The check saves nothing. The file waits in the cache, under a key only its uploader's
session can name, until they save it or REGISTER_CHECK_SECONDS pass; saving checks it again
and saves it whole, or nothing if it now has a row in error (caseload.schools).
"""

import secrets
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from caseload.schools import COLUMNS, RegisterResult, schools_register_import
from common.council import council_la_code
from common.forms import form_status
from common.table_rows import ImportFileError
from organisation.models import AreaTeam
from workbench.people_forms import SchoolsRegisterForm

REGISTER_CHECK_SECONDS = 60 * 60
SHOWN_ERRORS = 500


def _key(request: HttpRequest, token: str) -> str:
    return f"schools-register:{signed_in_user(request).pk}:{token}"


def _check_page(
    request: HttpRequest, result: RegisterResult, token: str, area: AreaTeam | None
) -> HttpResponse:
    errors = [
        (o.row, o.urn, message)
        for o in result.outcomes
        if o.outcome == "error"
        for message in o.messages
    ]
    return render(
        request,
        "workbench/schools_register_check.html",
        {
            "result": result,
            "counts": result.counts,
            "errors": errors[:SHOWN_ERRORS],
            "more_errors": max(len(errors) - SHOWN_ERRORS, 0),
            "token": token,
            "area": area,
        },
    )


@role_required(Role.MANAGER)
def schools_register(request: HttpRequest) -> HttpResponse:
    """Upload a GIAS extract and see its check; nothing is saved yet."""
    form = SchoolsRegisterForm(
        request.POST or None, request.FILES or None, initial={"la_code": council_la_code()}
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        area = form.cleaned_data["area"]
        la_code = form.cleaned_data["la_code"]
        try:
            result = schools_register_import(
                data=data,
                filename=upload.name,
                la_code=la_code,
                actor=signed_in_user(request),
                area_for_new=area,
                dry_run=True,
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = secrets.token_urlsafe(16)
            stored: dict[str, Any] = {
                "data": data,
                "filename": upload.name,
                "la_code": la_code,
                "area": area.pk if area else None,
            }
            cache.set(_key(request, token), stored, REGISTER_CHECK_SECONDS)
            return _check_page(request, result, token, area)
    return render(
        request,
        "workbench/schools_register.html",
        {"form": form, "columns": list(COLUMNS.values())},
        status=form_status(form),
    )


@role_required(Role.MANAGER)
@require_POST
def schools_register_save(request: HttpRequest) -> HttpResponse:
    """Save the file checked on the page before, whole, or nothing if it now has errors."""
    token = request.POST.get("token", "")
    stored = cache.get(_key(request, token)) if token else None
    if stored is None:
        messages.error(request, "The check of that file has expired: upload it again.")
        return redirect("workbench:schools-register")
    area = AreaTeam.objects.filter(pk=stored["area"]).first() if stored["area"] else None
    try:
        result = schools_register_import(
            data=stored["data"],
            filename=stored["filename"],
            la_code=stored["la_code"],
            actor=signed_in_user(request),
            area_for_new=area,
        )
    except ImportFileError as error:  # read once already; kept for a changed limit
        messages.error(request, str(error))
        return redirect("workbench:schools-register")
    if result.counts["error"]:
        return _check_page(request, result, token, area)
    cache.delete(_key(request, token))
    counts = result.counts
    if result.saved:
        messages.success(
            request,
            f"The schools register is saved: {counts['new']} new school{pluralize(counts['new'])}, "
            f"{counts['changed']} changed, {counts['closed']} closed.",
        )
    else:
        messages.success(request, "The schools register already matched the file: nothing changed.")
    return redirect("workbench:settings")
