"""The family's part in their child's review (DESIGN section 9): their views and the
child's before the meeting, and questions to the case officer.

What a person sees comes from contributions.family_access (their places on plans); each read
of a child's record is an event.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from audit.services import event_record
from common.forms import form_add_validation_error
from contributions.family_access import family_place_get_for_user
from contributions.family_forms import QuestionForm, ViewsForm
from contributions.family_questions import question_ask, question_list_for_plan
from contributions.family_views import (
    Upload,
    family_review_get_for_user,
    views_by_person,
    views_file_get_for_user,
    views_open,
    views_save,
)
from contributions.family_views_models import VIEWS_QUESTIONS, ViewsAbout
from documents.filenames import document_filename_safe
from documents.services import document_size_check
from portal.views import SCHOOL_PAGE_ROLES

# Pages for each person's views, and their headings.
VIEWS_PAGES = {
    ViewsAbout.PARENT: "Your views",
    ViewsAbout.CHILD: "Your child's views",
}


def _about(slug: str) -> ViewsAbout:
    if slug not in VIEWS_PAGES:
        raise Http404("No such views.")
    return ViewsAbout(slug)


@role_required(Role.FAMILY)
def family_views(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The views given for the plan's open review, and whether they can still be changed."""
    user = signed_in_user(request)
    today = timezone.localdate()
    place, review = family_review_get_for_user(user, plan_id, today=today)
    event_record(
        actor=user, action="plan.viewed", target=place.plan, details={"page": "family views"}
    )
    given = views_by_person(review)
    return render(
        request,
        "portal/family/views.html",
        {
            "place": place,
            "plan": place.plan,
            "review": review,
            "open": views_open(review, today=today),
            "people": [(about, VIEWS_PAGES[about], given[about]) for about in VIEWS_PAGES],
        },
    )


def _upload(form: ViewsForm) -> Upload | None:
    """The form's file, read once its size is known to be within the limit."""
    file = form.cleaned_data.get("file")
    if not file:
        return None
    try:
        document_size_check(file.size)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    return Upload(filename=file.name, data=file.read(), title=form.cleaned_data["file_title"])


@role_required(Role.FAMILY)
@require_http_methods(["GET", "POST"])
def family_views_give(request: HttpRequest, plan_id: int, about: str) -> HttpResponse:
    """Give or change one person's views: the guided questions, and a file."""
    user = signed_in_user(request)
    whose = _about(about)
    today = timezone.localdate()
    place, review = family_review_get_for_user(user, plan_id, today=today, write=True)
    current = views_by_person(review)[whose]
    initial = (
        {name: getattr(current, name) for name, _, _ in VIEWS_QUESTIONS[whose]} if current else {}
    )
    form = ViewsForm(request.POST or None, request.FILES or None, about=whose, initial=initial)
    if request.method == "GET":
        event_record(
            actor=user, action="plan.viewed", target=place.plan, details={"page": "family views"}
        )
    if request.method == "POST" and form.is_valid():
        try:
            views_save(
                review_id=review.pk,
                about=whose,
                answers=form.answers(),
                today=today,
                upload=_upload(form),
                member=place.member,
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        else:
            messages.success(
                request, f"{VIEWS_PAGES[whose]}: saved. You can change them until the meeting."
            )
            return redirect("portal:family-views", plan_id=place.plan.pk)
    return render(
        request,
        "portal/family/views_give.html",
        {
            "plan": place.plan,
            "review": review,
            "form": form,
            "title": VIEWS_PAGES[whose],
            "about": whose,
            "views": current,
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.FAMILY)
@require_http_methods(["GET", "POST"])
def family_questions(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The family's questions to the case officer and the answers; and a form to ask one."""
    user = signed_in_user(request)
    today = timezone.localdate()
    place = family_place_get_for_user(user, plan_id, today=today, write=request.method == "POST")
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question_ask(
                plan=place.plan, text=form.cleaned_data["text"], today=today, member=place.member
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(
                request, "Your question is sent. We will tell you by email when it has an answer."
            )
            return redirect("portal:family-questions", plan_id=place.plan.pk)
    if request.method == "GET":
        event_record(
            actor=user,
            action="plan.viewed",
            target=place.plan,
            details={"page": "family questions"},
        )
    return render(
        request,
        "portal/family/questions.html",
        {
            "plan": place.plan,
            "form": form,
            "questions": question_list_for_plan(place.plan),
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.FAMILY, *SCHOOL_PAGE_ROLES, Role.CASE_OFFICER, Role.MANAGER)
@require_GET
def views_file(request: HttpRequest, file_id: int) -> FileResponse:
    """A file given with views, to those who may read the views; each opening is an event."""
    user = signed_in_user(request)
    document = views_file_get_for_user(user, file_id, today=timezone.localdate())
    try:
        stored = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    event_record(
        actor=user,
        action="document.viewed" if document.shows_inline else "document.downloaded",
        target=document.plan,
        details={"document": document.pk, "title": document.title},
    )
    response = FileResponse(stored, content_type=document.content_type)
    disposition = content_disposition_header(
        not document.shows_inline, document_filename_safe(document.download_name)
    )
    # As documents.views serves a case's files: never cached, never sniffed, and shown in a
    # sandbox so that a crafted file cannot run script on this site.
    response["Content-Disposition"] = disposition or "attachment"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response
