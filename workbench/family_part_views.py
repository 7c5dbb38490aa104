"""The family's part in a review, on the officer's side (DESIGN section 9): recording views
and questions that came on paper, by phone, in person or through an advocate, so no family
is left out, and answering the family's questions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from audit.services import event_record
from casework.selectors import plan_get_for_user
from common.forms import form_add_validation_error
from contributions.family_forms import AnswerForm, QuestionForm, ViewsForm
from contributions.family_questions import question_answer, question_ask
from contributions.family_views import Upload, views_by_person, views_save
from contributions.family_views_models import VIEWS_QUESTIONS, Channel, FamilyQuestion, ViewsAbout
from documents.services import document_size_check
from reviews.selectors import review_get_for_user

OFFICER_ROLES = (Role.CASE_OFFICER, Role.MANAGER)
VIEWS_TITLES = {
    ViewsAbout.PARENT: "Record the parent's or carer's views",
    ViewsAbout.CHILD: "Record the child's views",
}


def _case_url(plan_ref: str, anchor: str) -> str:
    return f"{reverse('workbench:case', args=[plan_ref])}#{anchor}"


@role_required(*OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def case_views_record(
    request: HttpRequest, plan_ref: str, review_id: int, about: str
) -> HttpResponse:
    """Record one person's views that came on paper, by phone, in person or through an
    advocate; the same until-the-meeting rule as the family's own form."""
    user = signed_in_user(request)
    if about not in VIEWS_TITLES:
        raise Http404("No such views.")
    whose = ViewsAbout(about)
    plan = plan_get_for_user(user, plan_ref)
    review = review_get_for_user(user, review_id, write=True)
    if review.plan_id != plan.pk:
        raise Http404("No such review on this plan.")
    current = views_by_person(review)[whose]
    initial = (
        {name: getattr(current, name) for name, _, _ in VIEWS_QUESTIONS[whose]} if current else {}
    )
    form = ViewsForm(
        request.POST or None, request.FILES or None, about=whose, recorded=True, initial=initial
    )
    if request.method == "GET":
        event_record(
            actor=user, action="plan.viewed", target=plan, details={"page": "record views"}
        )
    if request.method == "POST" and form.is_valid():
        try:
            upload = None
            if file := form.cleaned_data.get("file"):
                try:
                    document_size_check(file.size)
                except ValidationError as error:
                    raise ValidationError({"file": error.messages}) from None
                upload = Upload(
                    filename=file.name, data=file.read(), title=form.cleaned_data["file_title"]
                )
            views_save(
                review_id=review.pk,
                about=whose,
                answers=form.answers(),
                today=timezone.localdate(),
                upload=upload,
                recorded_by=user,
                channel=Channel(form.cleaned_data["channel"]),
                given_by_name=form.cleaned_data["given_by_name"],
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        else:
            messages.success(request, f"{VIEWS_TITLES[whose]}: saved.")
            return redirect(_case_url(plan.plan_ref, "family-views"))
    return render(
        request,
        "workbench/family_record.html",
        {"plan": plan, "form": form, "title": VIEWS_TITLES[whose]},
        status=400 if form.errors else 200,
    )


@role_required(*OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def case_question_record(request: HttpRequest, plan_ref: str) -> HttpResponse:
    """Record a question the family asked by phone, on paper or in person."""
    user = signed_in_user(request)
    plan = plan_get_for_user(user, plan_ref, write=True)
    form = QuestionForm(request.POST or None, recorded=True)
    if request.method == "GET":
        event_record(
            actor=user, action="plan.viewed", target=plan, details={"page": "record a question"}
        )
    if request.method == "POST" and form.is_valid():
        try:
            question_ask(
                plan=plan,
                text=form.cleaned_data["text"],
                today=timezone.localdate(),
                recorded_by=user,
                channel=Channel(form.cleaned_data["channel"]),
                asker_name=form.cleaned_data["given_by_name"],
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, "The question is recorded. Answer it on the case page.")
            return redirect(_case_url(plan.plan_ref, "family-questions"))
    return render(
        request,
        "workbench/family_record.html",
        {"plan": plan, "form": form, "title": "Record a question from the family"},
        status=400 if form.errors else 200,
    )


@role_required(*OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def case_question_answer(request: HttpRequest, plan_ref: str, question_id: int) -> HttpResponse:
    """Answer a question from the family; they are told by email that it is answered."""
    user = signed_in_user(request)
    plan = plan_get_for_user(user, plan_ref, write=True)
    question = (
        FamilyQuestion.objects.filter(pk=question_id, plan=plan)
        .select_related("asked_by__user", "recorded_by")
        .first()
    )
    if question is None:
        raise Http404("No such question.")
    form = AnswerForm(request.POST or None)
    if request.method == "GET":
        event_record(
            actor=user, action="plan.viewed", target=plan, details={"page": "answer a question"}
        )
    if request.method == "POST" and form.is_valid():
        try:
            question_answer(
                question_id=question.pk, plan=plan, actor=user, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your answer is sent.")
            return redirect(_case_url(plan.plan_ref, "family-questions"))
    return render(
        request,
        "workbench/family_answer.html",
        {"plan": plan, "form": form, "question": question},
        status=400 if form.errors else 200,
    )
