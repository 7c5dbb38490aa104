"""The volunteer's QA checklist pages (GOV.UK task list, one section per page, check your
answers, then submit), and the read-only view officers and managers have of it.

Who may see or change a checklist is decided once, in qa.selectors.checklist_get_for_user:
a volunteer changes their own draft while the assignment is open; officers of the area and
managers may read it (403 on the pages that change it); anyone else gets 404.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from qa.answers import SectionAnswers, checklist_answers, checklist_outcome
from qa.forms import CONTINUE, RecommendationForm, SectionForm, SubmitForm
from qa.models import Checklist, ChecklistStatus, ChecklistTemplate, Recommendation
from qa.moderation import moderation_pickable
from qa.selectors import checklist_get_for_user, checklist_may_change
from qa.services import (
    ChecklistError,
    ChecklistIncomplete,
    ChecklistLocked,
    ReviewNotReady,
    checklist_save_recommendation,
    checklist_save_section,
    checklist_start_for_assignment,
    checklist_submit,
)
from reviews.selectors import (
    NOT_READY_FOR_CHECKING,
    review_get_for_user,
    review_ready_for_checking,
)
from volunteers.selectors import assignment_open_for_review

READERS = (Role.VOLUNTEER, Role.CASE_OFFICER, Role.MANAGER)


def _section_url(checklist: Checklist, position: int) -> str:
    return reverse("qa:checklist-section", args=[checklist.pk, position])


def _recommendation_complete(checklist: Checklist) -> bool:
    if checklist.recommendation == Recommendation.NO_AMENDMENT:
        return True
    return bool(checklist.recommendation and checklist.amend_sections and checklist.amend_reasons)


def _step_url(checklist: Checklist, position: int, sections: list[SectionAnswers]) -> str:
    """The page for a `current_position`: a section, else the recommendation until it is
    made, else the check of answers."""
    if any(s.section.position == position for s in sections):
        return _section_url(checklist, position)
    if not _recommendation_complete(checklist):
        return reverse("qa:checklist-recommendation", args=[checklist.pk])
    return reverse("qa:checklist-check", args=[checklist.pk])


def _locked(request: HttpRequest, checklist: Checklist, error: ChecklistError) -> HttpResponse:
    return render(
        request, "qa/checklist_locked.html", {"checklist": checklist, "error": error}, status=409
    )


@role_required(Role.VOLUNTEER)
def checklist_start(request: HttpRequest, review_id: int) -> HttpResponse:
    """Where the volunteer's review page sends them: start the checklist, or go back to it."""
    user = signed_in_user(request)
    review = review_get_for_user(user, review_id)
    assignment = assignment_open_for_review(review.pk)
    if assignment is None or assignment.volunteer_id != user.pk:
        raise Http404("This review is not assigned to you.")
    existing = Checklist.objects.filter(assignment=assignment).first()
    if existing is not None:
        return redirect("qa:checklist", pk=existing.pk)
    template = ChecklistTemplate.objects.filter(is_active=True).first()
    error = None if review_ready_for_checking(review) else NOT_READY_FOR_CHECKING
    if request.method == "POST" and error is None:
        try:
            checklist = checklist_start_for_assignment(actor=user, assignment=assignment)
        except ChecklistError as refused:
            error = str(refused)
        else:
            return redirect(_section_url(checklist, checklist.current_position))
    context = {
        "review": review,
        "template": template,
        "error": error,
        "not_ready": not review_ready_for_checking(review),
    }
    return render(request, "qa/checklist_start.html", context, status=409 if error else 200)


@role_required(*READERS)
def checklist_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """The task list of a draft, or the grade and answers of a submitted checklist."""
    user = signed_in_user(request)
    checklist = checklist_get_for_user(user, pk)
    sections = checklist_answers(checklist)
    may_change = checklist_may_change(user, checklist)
    submitted = checklist.status == ChecklistStatus.SUBMITTED
    context: dict[str, Any] = {
        "checklist": checklist,
        "sections": sections,
        "may_change": may_change,
        "completed": sum(1 for s in sections if s.progress == "Completed"),
        "recommendation_complete": _recommendation_complete(checklist),
        "resume_url": _step_url(checklist, checklist.current_position, sections),
        "check_url": reverse("qa:checklist-check", args=[checklist.pk]),
        "outcome": checklist_outcome(checklist, sections) if submitted else None,
        "may_pick": moderation_pickable(user, checklist),
    }
    return render(request, "qa/checklist_overview.html", context)


@role_required(*READERS)
def checklist_section(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    """One section's questions. "Save and continue" goes to the next step; "Save as draft"
    back to the task list. Blank answers are allowed until the checklist is submitted."""
    user = signed_in_user(request)
    checklist = checklist_get_for_user(user, pk, write=True)
    sections = checklist_answers(checklist)
    index = next((i for i, s in enumerate(sections) if s.section.position == position), None)
    if index is None:
        raise Http404("This checklist has no such section.")
    current = sections[index]
    questions = current.questions
    form = (
        SectionForm(request.POST, questions=questions)
        if request.method == "POST"
        else SectionForm(questions=questions)
    )
    if request.method == "POST" and form.is_valid():
        go_on = CONTINUE in request.POST
        try:
            checklist = checklist_save_section(
                actor=user,
                checklist=checklist,
                position=position,
                answers=form.answers(),
                continue_to_next=go_on,
            )
        except ChecklistLocked as error:
            return _locked(request, checklist, error)
        except (ChecklistError, ValidationError) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            if go_on:
                return redirect(_step_url(checklist, checklist.current_position, sections))
            messages.success(
                request, f"{current.heading} saved as a draft. You can come back to it any time."
            )
            return redirect("qa:checklist", pk=checklist.pk)
    autosave_url = reverse("qa:checklist-autosave", args=[checklist.pk, position])
    form.helper.attrs["data-autosave-url"] = autosave_url
    context = {
        "checklist": checklist,
        "section": current,
        "number": index + 1,
        "count": len(sections),
        "previous_url": _section_url(checklist, sections[index - 1].section.position)
        if index
        else reverse("qa:checklist", args=[checklist.pk]),
        "form": form,
    }
    return render(request, "qa/checklist_section.html", context, status=400 if form.errors else 200)


@role_required(*READERS)
@require_POST
def checklist_autosave(request: HttpRequest, pk: int, position: int) -> JsonResponse:
    """The section page's script saves the draft here as the volunteer works (JSON)."""
    user = signed_in_user(request)
    checklist = checklist_get_for_user(user, pk, write=True)
    section = next(
        (s for s in checklist_answers(checklist) if s.section.position == position), None
    )
    if section is None:
        raise Http404("This checklist has no such section.")
    form = SectionForm(request.POST, questions=section.questions)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        return JsonResponse({"message": "Not saved: " + "; ".join(errors)}, status=400)
    try:
        checklist_save_section(
            actor=user,
            checklist=checklist,
            position=position,
            answers=form.answers(),
            autosave=True,
        )
    except ChecklistLocked as error:
        return JsonResponse({"message": str(error)}, status=409)
    except (ChecklistError, ValidationError) as error:
        message = " ".join(getattr(error, "messages", [str(error)]))
        return JsonResponse({"message": f"Not saved: {message}"}, status=400)
    saved_at = timezone.localtime()
    return JsonResponse(
        {"message": f"Draft saved at {saved_at:%H:%M}", "saved_at": saved_at.isoformat()}
    )


@role_required(*READERS)
def checklist_recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    """Amend or not; which sections and why."""
    user = signed_in_user(request)
    checklist = checklist_get_for_user(user, pk, write=True)
    sections = checklist_answers(checklist)
    if request.method == "POST":
        form = RecommendationForm(
            request.POST, sections=sections, complete=CONTINUE in request.POST
        )
    else:
        form = RecommendationForm(
            sections=sections,
            complete=False,
            initial={
                "recommendation": checklist.recommendation,
                "amend_sections": checklist.amend_sections,
                "amend_reasons": checklist.amend_reasons,
            },
        )
    if request.method == "POST" and form.is_valid():
        try:
            checklist = checklist_save_recommendation(
                actor=user,
                checklist=checklist,
                recommendation=form.cleaned_data["recommendation"],
                amend_sections=form.cleaned_data["amend_sections"],
                amend_reasons=form.cleaned_data["amend_reasons"],
            )
        except ChecklistLocked as error:
            return _locked(request, checklist, error)
        except (ChecklistError, ValidationError) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            if form.complete:
                return redirect("qa:checklist-check", pk=checklist.pk)
            messages.success(
                request, "Your recommendation is saved as a draft. You can come back to it."
            )
            return redirect("qa:checklist", pk=checklist.pk)
    context = {
        "checklist": checklist,
        "form": form,
        "previous_url": _section_url(checklist, sections[-1].section.position)
        if sections
        else reverse("qa:checklist", args=[checklist.pk]),
    }
    return render(
        request, "qa/checklist_recommendation.html", context, status=400 if form.errors else 200
    )


@role_required(*READERS)
def checklist_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then submit. Anything missing is listed, by section and question,
    with a link to put it right."""
    user = signed_in_user(request)
    checklist = checklist_get_for_user(user, pk, write=True)
    form = SubmitForm(request.POST) if request.method == "POST" else SubmitForm()
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            checklist = checklist_submit(actor=user, checklist=checklist)
        except ChecklistLocked as error:
            return _locked(request, checklist, error)
        except ReviewNotReady as not_ready:
            href = reverse("volunteers:review", args=[checklist.review_id])
            problems.append({"message": str(not_ready), "href": href})
            form.add_error(None, str(not_ready))
        except ChecklistIncomplete as incomplete:
            for problem in incomplete.problems:
                if problem.position is None:
                    href = reverse("qa:checklist-recommendation", args=[checklist.pk])
                else:
                    anchor = f"#item-{problem.item_id}" if problem.item_id else ""
                    href = _section_url(checklist, problem.position) + anchor
                problems.append({"message": problem.message, "href": href})
                form.add_error(None, problem.message)
        else:
            messages.success(request, "Your checklist has been submitted.")
            return redirect("qa:checklist", pk=checklist.pk)
    sections = checklist_answers(checklist)
    headings = {s.section.code: s.heading for s in sections}
    context = {
        "checklist": checklist,
        "sections": sections,
        "amend_headings": [headings.get(c, c) for c in checklist.amend_sections],
        "may_change": True,
        "form": form,
        "problems": problems,
    }
    return render(request, "qa/checklist_check.html", context, status=400 if problems else 200)
