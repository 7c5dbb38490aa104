"""The school's annual review report: a form in parts, each saved as the school goes (save
and return), a page to check it and submit it, and, once submitted, the report read-only."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import role_required, signed_in_user
from audit.services import event_record
from common.forms import form_add_validation_error
from contributions.models import AnnualReviewReport, Recommendation
from contributions.selectors import school_review_get_for_user
from contributions.services import (
    report_missing,
    report_save_outcomes,
    report_save_part,
    report_save_recommendation,
    report_start,
    school_report_get_for_user,
)
from documents.models import DocumentKind
from documents.selectors import document_list_for_user
from documents.services import document_size_check, document_store
from portal.forms import (
    ReportAttachmentForm,
    ReportAttendeesForm,
    ReportOutcomeFormSet,
    ReportRecommendationForm,
    ReportViewsForm,
)
from portal.school_steps import school_report_submit
from portal.views import SCHOOL_PAGE_ROLES

PARTS = {
    "attendees": "Who attended the meeting",
    "views": "The child's and the parents' views",
    "outcomes": "Progress towards the outcomes",
    "recommendation": "The school's recommendation",
}


def _read(request: HttpRequest, review_id: int) -> AnnualReviewReport | None:
    user = signed_in_user(request)
    report = school_report_get_for_user(user, review_id)
    review = school_review_get_for_user(user, review_id)
    event_record(
        actor=user, action="plan.viewed", target=review.plan, details={"page": "school report"}
    )
    return report


@role_required(*SCHOOL_PAGE_ROLES)
def report_overview(request: HttpRequest, review_id: int) -> HttpResponse:
    user = signed_in_user(request)
    review = school_review_get_for_user(user, review_id)
    report = _read(request, review_id)
    done = {}
    if report is not None:
        done = {
            "attendees": bool(report.attendees),
            "views": bool(
                (report.child_views or report.child_views_not_obtained)
                and (report.parent_views or report.parent_views_not_obtained)
            ),
            "outcomes": report.outcomes.exists(),
            "recommendation": bool(report.recommendation),
        }
    return render(
        request,
        "portal/report/overview.html",
        {
            "review": review,
            "plan": review.plan,
            "report": report,
            "parts": [(slug, title, done.get(slug, False)) for slug, title in PARTS.items()],
            "missing": report_missing(report) if report is not None else [],
        },
    )


def _editable_report(request: HttpRequest, review_id: int) -> AnnualReviewReport:
    """The report to change: started on first use; 403 once submitted."""
    user = signed_in_user(request)
    report = school_report_get_for_user(user, review_id, write=True)
    if report is None:
        report = report_start(actor=user, review_id=review_id)
    return report


def _part_page(
    request: HttpRequest,
    review_id: int,
    part: str,
    form: Any,
    save: Callable[[AnnualReviewReport], None],
    report: AnnualReviewReport,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(report)
        except ValidationError as error:
            if hasattr(form, "add_error"):
                form_add_validation_error(form, error)
            else:
                form.non_form_errors().extend(error.messages)
        else:
            messages.success(request, f"{PARTS[part]}: saved.")
            return redirect("portal:school-report", review_id=review_id)
    bound_with_errors = request.method == "POST"
    return render(
        request,
        "portal/report/outcomes.html" if part == "outcomes" else "portal/report/part.html",
        {"review": report.review, "plan": report.review.plan, "form": form, "title": PARTS[part]},
        status=400 if bound_with_errors else 200,
    )


def _started(request: HttpRequest, review_id: int) -> AnnualReviewReport:
    try:
        return _editable_report(request, review_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        raise _NotYet from None


class _NotYet(Exception):
    pass


@role_required(*SCHOOL_PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def report_part(request: HttpRequest, review_id: int, part: str) -> HttpResponse:
    if part not in PARTS:
        raise Http404("No such part of the report.")
    try:
        report = _started(request, review_id)
    except _NotYet:
        return redirect("portal:school-review", review_id=review_id)
    user = signed_in_user(request)
    if request.method == "GET":
        event_record(
            actor=user,
            action="plan.viewed",
            target=report.review.plan,
            details={"page": "school report"},
        )
    data = request.POST if request.method == "POST" else None
    if part == "attendees":
        form: Any = ReportAttendeesForm(data, initial={"attendees": report.attendees})

        def save(r: AnnualReviewReport) -> None:
            report_save_part(actor=user, report_id=r.pk, fields=form.cleaned_data)

    elif part == "views":
        names = ReportViewsForm.base_fields
        form = ReportViewsForm(data, initial={n: getattr(report, n) for n in names})

        def save(r: AnnualReviewReport) -> None:
            report_save_part(actor=user, report_id=r.pk, fields=form.cleaned_data)

    elif part == "outcomes":
        initial = [{"outcome": o.outcome, "progress": o.progress} for o in report.outcomes.all()]
        form = ReportOutcomeFormSet(data, initial=initial, prefix="outcomes")

        def save(r: AnnualReviewReport) -> None:
            pairs = [
                (f.cleaned_data.get("outcome", ""), f.cleaned_data.get("progress", ""))
                for f in form.forms
            ]
            report_save_outcomes(actor=user, report_id=r.pk, outcomes=pairs)

    else:
        values = {"recommendation": report.recommendation}
        values.update({f"section_{k}": v for k, v in (report.proposed_changes or {}).items()})
        form = ReportRecommendationForm(data, initial=values)

        def save(r: AnnualReviewReport) -> None:
            report_save_recommendation(
                actor=user,
                report_id=r.pk,
                recommendation=Recommendation(form.cleaned_data["recommendation"]),
                changes=form.cleaned_data["changes"],
            )

    return _part_page(request, review_id, part, form, save, report)


@role_required(*SCHOOL_PAGE_ROLES)
@require_POST
def report_submit(request: HttpRequest, review_id: int) -> HttpResponse:
    user = signed_in_user(request)
    report = school_report_get_for_user(user, review_id, write=True)
    if report is None:
        raise PermissionDenied("Write the report before submitting it.")
    try:
        school_report_submit(actor=user, report_id=report.pk, on=timezone.localdate())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("portal:school-report", review_id=review_id)
    messages.success(request, "The report is submitted. The council's case officer has been told.")
    return redirect("portal:school-report", review_id=review_id)


@role_required(*SCHOOL_PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def report_attachments(request: HttpRequest, review_id: int) -> HttpResponse:
    """The files the school attaches to its report, kept with the review by the documents'
    rules: content-checked on the way in, opened only by those who may, each opening an
    event."""
    user = signed_in_user(request)
    report = school_report_get_for_user(user, review_id)
    review = school_review_get_for_user(user, review_id)
    editable = report is None or report.is_editable
    form = ReportAttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("The report is submitted: it cannot be changed.")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                document_size_check(upload.size)
                document = document_store(
                    plan=review.plan,
                    review=review,
                    kind=DocumentKind.PAPERWORK,
                    title=form.cleaned_data["title"],
                    filename=upload.name,
                    data=upload.read(),
                    actor=user,
                )
            except ValidationError as error:
                form.add_error("file", " ".join(error.messages))
            else:
                messages.success(request, f"{document.title}: attached.")
                return redirect("portal:school-report-attachments", review_id=review.pk)
    return render(
        request,
        "portal/report/attachments.html",
        {
            "review": review,
            "plan": review.plan,
            "form": form,
            "editable": editable,
            "documents": document_list_for_user(user).filter(review=review),
        },
        status=400 if form.errors else 200,
    )
