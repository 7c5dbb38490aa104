"""Moderation pages: the case officer's queue of sampled checklists, the moderation of one
(their own response to each item next to the volunteer's, or returning it with comments), and
the agreement report.

Who may see or act is decided once, in qa.moderation.moderation_get_for_user: officers of the
review's area moderate; managers read every moderation and get 403 on the actions; anyone
else gets 404 (or 403 from the page's roles).
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from qa.answers import QuestionAnswer, SectionAnswers, checklist_answers
from qa.models import ChecklistStatus, Moderation, ModerationAnswer, ModerationStatus
from qa.moderation import (
    ModerationIncomplete,
    ModerationLocked,
    moderation_candidates_for_user,
    moderation_complete,
    moderation_get_for_user,
    moderation_list_for_user,
    moderation_may_moderate,
    moderation_may_pick,
    moderation_pick,
    moderation_queue_for_user,
    moderation_return,
)
from qa.moderation_agreement import agreement_by_item, agreement_by_volunteer, agreement_overall
from qa.moderation_forms import ModerationForm, ReturnForm
from qa.selectors import checklist_get_for_user

STAFF = (Role.CASE_OFFICER, Role.MANAGER)
QUEUE_PAGE_SIZE = 25
REPORT_PAGE_SIZE = 50
QUEUE_SORTS: dict[str, tuple[str, list[str]]] = {
    "oldest": ("Waiting longest", ["sampled_at", "id"]),
    "newest": ("Sampled most recently", ["-sampled_at", "-id"]),
    "plan": ("Plan reference", ["checklist__review__plan__plan_ref", "id"]),
    "volunteer": ("Volunteer", ["checklist__volunteer__full_name", "sampled_at", "id"]),
}
VOLUNTEER_SORTS = {
    "name": "Name",
    "lowest": "Lowest agreement first",
}


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# The queue ------------------------------------------------------------------------------------


@role_required(*STAFF)
def moderation_queue(request: HttpRequest) -> HttpResponse:
    """Sampled checklists waiting for a second opinion in the person's areas (all areas for a
    manager), longest waiting first."""
    user = signed_in_user(request)
    sort = request.GET.get("sort", "oldest")
    if sort not in QUEUE_SORTS:
        sort = "oldest"
    moderations = moderation_queue_for_user(user).order_by(*QUEUE_SORTS[sort][1])
    page = Paginator(moderations, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "qa/moderation_queue.html",
        {
            "page": page,
            "sort": sort,
            "sorts": [(key, label) for key, (label, _) in QUEUE_SORTS.items()],
            "completed_count": moderation_list_for_user(user)
            .filter(status=ModerationStatus.COMPLETED)
            .count(),
            "candidates": moderation_candidates_for_user(user)
            .select_related("review__plan__area")
            .order_by("-submitted_at", "-pk")[:PICK_LIST_LENGTH],
        },
    )


PICK_LIST_LENGTH = 20


@role_required(*STAFF)
@require_POST
def moderation_pick_by_hand(request: HttpRequest, checklist_id: int) -> HttpResponse:
    """Put a submitted checklist in the moderation queue, not waiting for the sampling."""
    user = signed_in_user(request)
    checklist = checklist_get_for_user(user, checklist_id)
    if not moderation_may_pick(user, checklist):
        raise PermissionDenied("Only a case officer of the review's area or a manager picks it.")
    try:
        moderation = moderation_pick(actor=user, checklist=checklist)
    except ModerationLocked as locked:
        messages.error(request, str(locked))
        return redirect("qa:checklist", pk=checklist.pk)
    messages.success(
        request,
        f"The checklist for {checklist.review.plan.plan_ref} is in the moderation queue.",
    )
    return redirect("moderation:moderate", pk=moderation.pk)


# One moderation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparedQuestion:
    question: QuestionAnswer
    moderator: ModerationAnswer | None

    @property
    def agrees(self) -> bool | None:
        if self.moderator is None:
            return None
        return self.moderator.response == self.question.response

    @property
    def moderator_label(self) -> str:
        if self.moderator is None:
            return ""
        return str(self.moderator.get_response_display())


def _compared(
    sections: list[SectionAnswers], earlier: dict[int, ModerationAnswer]
) -> list[tuple[SectionAnswers, list[ComparedQuestion]]]:
    return [
        (s, [ComparedQuestion(q, earlier.get(q.item.pk)) for q in s.questions]) for s in sections
    ]


def _is_open(moderation: Moderation) -> bool:
    return (
        moderation.status == ModerationStatus.WAITING
        and moderation.checklist.status == ChecklistStatus.SUBMITTED
    )


def _moderation_page(
    request: HttpRequest,
    moderation: Moderation,
    *,
    form: ModerationForm | None = None,
    return_form: ReturnForm | None = None,
    error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    checklist = moderation.checklist
    sections = checklist_answers(checklist)
    earlier = {a.item_id: a for a in ModerationAnswer.objects.filter(moderation=moderation)}
    may_act = moderation_may_moderate(user, moderation) and _is_open(moderation)
    return_url = reverse("moderation:return", args=[moderation.pk])
    if may_act:
        form = form or ModerationForm(sections=sections, earlier=earlier)
        if checklist.assignment.is_open:
            return_form = return_form or ReturnForm(action=return_url)
    completed = moderation.status == ModerationStatus.COMPLETED
    agreement = (
        agreement_overall(Moderation.objects.filter(pk=moderation.pk)) if completed else None
    )
    context: dict[str, Any] = {
        "moderation": moderation,
        "checklist": checklist,
        "form": form if may_act else None,
        "return_form": return_form if may_act else None,
        "may_act": may_act,
        "compared": _compared(sections, earlier if completed else {}),
        "agreement": agreement,
        "error": error,
    }
    return render(request, "qa/moderation_form.html", context, status=status)


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def moderation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The checklist with the volunteer's answers, and the officer's form to give their own."""
    user = signed_in_user(request)
    moderation = moderation_get_for_user(user, pk, write=request.method == "POST")
    if request.method != "POST":
        return _moderation_page(request, moderation)
    if not _is_open(moderation):
        return _moderation_page(
            request,
            moderation,
            error="This moderation cannot be changed: it has been completed, or the checklist "
            "is back with the volunteer.",
            status=409,
        )
    sections = checklist_answers(moderation.checklist)
    form = ModerationForm(request.POST, sections=sections)
    if form.is_valid():
        try:
            moderation = moderation_complete(
                actor=user,
                moderation=moderation,
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
            )
        except ModerationLocked as locked:
            return _moderation_page(request, moderation, error=str(locked), status=409)
        except ModerationIncomplete as incomplete:
            for missing in incomplete.missing:
                form.add_error(f"item_{missing.item_id}", missing.message)
        except ValidationError as invalid:
            form.add_error(None, _messages_of(invalid))
        else:
            agreement = agreement_overall(Moderation.objects.filter(pk=moderation.pk))
            messages.success(
                request,
                f"Moderation of {moderation.checklist.review.plan.plan_ref} completed: you "
                f"agreed with the volunteer on {agreement.agreed} of {agreement.compared} "
                "questions.",
            )
            return redirect("moderation:queue")
    return _moderation_page(request, moderation, form=form, status=400)


@role_required(*STAFF)
@require_POST
def moderation_return_to_volunteer(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the checklist back to the volunteer with the officer's comments."""
    user = signed_in_user(request)
    moderation = moderation_get_for_user(user, pk, write=True)
    return_form = ReturnForm(request.POST, action=reverse("moderation:return", args=[pk]))
    if return_form.is_valid():
        try:
            moderation = moderation_return(
                actor=user,
                moderation=moderation,
                comment=return_form.cleaned_data["return_comment"],
            )
        except ModerationLocked as locked:
            return _moderation_page(request, moderation, error=str(locked), status=409)
        except ValidationError as invalid:
            return_form.add_error("return_comment", _messages_of(invalid))
        else:
            checklist = moderation.checklist
            messages.success(
                request,
                f"The checklist for {checklist.review.plan.plan_ref} has been returned to "
                f"{checklist.volunteer} with your comments. It comes back to the queue when "
                "they resubmit it.",
            )
            return redirect("moderation:queue")
    return _moderation_page(request, moderation, return_form=return_form, status=400)


# Agreement ------------------------------------------------------------------------------------


@role_required(*STAFF)
def moderation_agreement(request: HttpRequest) -> HttpResponse:
    """How often moderators agreed with volunteers: overall, per volunteer and per item, over
    the completed moderations of the person's areas (all areas for a manager)."""
    user = signed_in_user(request)
    moderations = moderation_list_for_user(user)
    sort = request.GET.get("sort", "name")
    if sort not in VOLUNTEER_SORTS:
        sort = "name"
    volunteers = agreement_by_volunteer(moderations)
    if sort == "lowest":
        volunteers.sort(
            key=lambda v: (v.percent if v.percent is not None else 101, v.volunteer_name)
        )
    page = Paginator(volunteers, REPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    items = agreement_by_item(moderations)
    templates: dict[str, list[Any]] = {}
    for item in items:
        templates.setdefault(item.template, []).append(item)
    return render(
        request,
        "qa/moderation_agreement.html",
        {
            "overall": agreement_overall(moderations),
            "moderations": moderations.filter(status=ModerationStatus.COMPLETED).count(),
            "page": page,
            "sort": sort,
            "sorts": list(VOLUNTEER_SORTS.items()),
            "templates": templates,
        },
    )
