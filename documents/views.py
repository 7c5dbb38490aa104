"""Uploading a case's documents and reading them, only through an access-checked view.

Every read is an event: who opened which document of which child, and how."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.access import any_role, signed_in_user
from audit.services import event_record
from casework.selectors import plan_get_for_user
from documents.forms import DocumentUploadForm
from documents.models import DocumentKind
from documents.responses import document_file_response
from documents.selectors import document_check_may_add, document_get_for_user
from documents.services import document_size_check, document_store
from reviews.selectors import review_current_for_plan


@any_role
def document_upload(request: HttpRequest, plan_ref: str) -> HttpResponse:
    """Add review paperwork or a plan to the case."""
    user = signed_in_user(request)
    plan = plan_get_for_user(user, plan_ref)
    document_check_may_add(user, plan)
    form = (
        DocumentUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else DocumentUploadForm()
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document_size_check(upload.size)
            document = document_store(
                plan=plan,
                review=review_current_for_plan(plan),
                kind=DocumentKind(form.cleaned_data["kind"]),
                title=form.cleaned_data["title"],
                filename=upload.name,
                data=upload.read(),
                actor=user,
            )
        except ValidationError as error:
            form.add_error("file", " ".join(error.messages))
        else:
            messages.success(request, f"{document.title}: uploaded.")
            return redirect("workbench:case", plan_ref=plan.plan_ref)
    return render(
        request,
        "documents/upload.html",
        {"plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


def _serve(request: HttpRequest, plan_ref: str, pk: int, *, inline: bool) -> FileResponse:
    user = signed_in_user(request)
    document = document_get_for_user(user, pk, plan_ref=plan_ref)
    inline = inline and document.shows_inline
    response = document_file_response(document, inline=inline)
    event_record(
        actor=user,
        action="document.viewed" if inline else "document.downloaded",
        target=document.plan,
        details={"document": document.pk, "title": document.title},
    )
    return response


@require_GET
@any_role
def document_view(request: HttpRequest, plan_ref: str, pk: int) -> FileResponse:
    """Open the document in the browser (PDFs and images; Word documents download)."""
    return _serve(request, plan_ref, pk, inline=True)


@require_GET
@any_role
def document_download(request: HttpRequest, plan_ref: str, pk: int) -> FileResponse:
    """Download the document under the name it was uploaded with."""
    return _serve(request, plan_ref, pk, inline=False)
