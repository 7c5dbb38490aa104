"""Pages of the volunteer programme: the volunteer's and headteacher's home pages, release
requests and decisions (including the emailed link). Joining the programme, and its overview,
are in volunteers.joining_views.

Headteachers see release agreements of their own school's staff and nothing of any case.
Volunteers see the minimised record of the reviews assigned to them, while assigned.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.access import role_required, signed_in_user
from accounts.models import Role, User
from audit.selectors import event_list_for_targets
from audit.services import event_record
from common.forms import form_add_validation_error, form_status
from documents.selectors import document_list_for_user
from reviews.selectors import (
    NOT_READY_FOR_CHECKING,
    review_get_for_user,
    review_ready_for_checking,
)
from volunteers import agreements
from volunteers.forms import DecisionForm, ReleaseRequestForm
from volunteers.links import LinkProblem, approval_link_resolve
from volunteers.models import AgreementStatus, Assignment, ProgrammeSettings
from volunteers.selectors import (
    agreement_get_for_user,
    agreement_list_for_user,
    agreement_may_decide,
    assignment_list_for_user,
)
from volunteers.services import volunteer_next_release_day

# The volunteer's pages -----------------------------------------------------------------------


@role_required(Role.VOLUNTEER)
def volunteer_home(request: HttpRequest) -> HttpResponse:
    """Today's and upcoming reviews, drafts, what was returned, and their release."""
    user = signed_in_user(request)
    today = timezone.localdate()
    # A volunteer's own open assignments, through the assignments' access rule.
    open_assignments = list(
        assignment_list_for_user(user)
        .select_related("review__plan__child", "review__plan__setting")
        .order_by("release_day", "id")
    )
    return render(
        request,
        "volunteers/volunteer_home.html",
        {
            "heading": "Your volunteer reviews",
            "today": today,
            "todays": [a for a in open_assignments if a.release_day == today],
            "upcoming": [a for a in open_assignments if a.release_day > today],
            "earlier": [a for a in open_assignments if a.release_day < today],
            "drafts": [a for a in open_assignments if _checklist_status(a) == "draft"],
            "returned": [a for a in open_assignments if _checklist_status(a) == "returned"],
            "agreements": list(agreement_list_for_user(user)),
            "next_release": volunteer_next_release_day(user, today=today),
        },
    )


def _checklist_status(assignment: Assignment) -> str | None:
    checklist = getattr(assignment, "checklist", None)
    return checklist.status if checklist is not None else None


@role_required(Role.VOLUNTEER)
def volunteer_review(request: HttpRequest, review_id: int) -> HttpResponse:
    """The minimised record of an assigned review (DESIGN section 4): plan reference, the
    child's initials, year group, primary need and setting type, and the documents. Never
    names, addresses or contact details. 404 once the assignment has closed."""
    user = signed_in_user(request)
    review = review_get_for_user(user, review_id)
    assignment = assignment_list_for_user(user).filter(review=review).first()
    plan = review.plan
    event_record(
        actor=user, action="plan.viewed", target=plan, details={"page": "volunteer review"}
    )
    return render(
        request,
        "volunteers/review.html",
        {
            "review": review,
            "plan": plan,
            "initials": plan.child.initials,
            "assignment": assignment,
            "checklist": getattr(assignment, "checklist", None) if assignment else None,
            "documents": document_list_for_user(user).filter(review=review),
            "ready": review_ready_for_checking(review),
            "not_ready": NOT_READY_FOR_CHECKING,
            "area_officers": []
            if plan.case_officer_id
            else User.objects.filter(
                role=Role.CASE_OFFICER, is_active=True, areas=plan.area_id
            ).order_by("full_name")[:3],
        },
    )


@role_required(Role.VOLUNTEER)
@require_http_methods(["GET", "POST"])
def request_release(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    programme = ProgrammeSettings.current()
    form = (
        ReleaseRequestForm(request.POST, max_weeks=programme.max_weeks)
        if request.method == "POST"
        else ReleaseRequestForm(max_weeks=programme.max_weeks)
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = agreements.agreement_request(
                volunteer=user,
                weekday=form.cleaned_data["weekday"],
                start_on=form.cleaned_data["start_on"],
                weeks=form.cleaned_data["weeks"],
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        else:
            heads = User.objects.filter(
                role=Role.HEADTEACHER, is_active=True, setting=user.setting
            ).exists()
            messages.success(
                request,
                "Your request has been sent to your headteacher."
                if heads
                else "Your request is saved. Your school's headteacher has no account yet: "
                "the programme's manager will contact them.",
            )
            return redirect("volunteers:agreement", pk=agreement.pk)
    return render(
        request,
        "volunteers/request_release.html",
        {"form": form, "programme": programme, "heading": "Ask your headteacher to release you"},
        status=form_status(form),
    )


# Release agreements --------------------------------------------------------------------------


@role_required(Role.HEADTEACHER)
def headteacher_home(request: HttpRequest) -> HttpResponse:
    """Requests waiting for the headteacher, and their staff's agreements."""
    user = signed_in_user(request)
    found = list(agreement_list_for_user(user))
    return render(
        request,
        "volunteers/headteacher_home.html",
        {
            "heading": "Releasing your SENCO",
            "waiting": [a for a in found if a.status == AgreementStatus.REQUESTED],
            "others": [a for a in found if a.status != AgreementStatus.REQUESTED],
        },
    )


@role_required(Role.HEADTEACHER, Role.VOLUNTEER, Role.CASE_OFFICER, Role.MANAGER)
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    """One release agreement with its history; its headteacher decides here."""
    user = signed_in_user(request)
    found = agreement_get_for_user(user, pk, write=request.method == "POST")
    transitions = (
        agreements.agreement_transitions_open(found) if agreement_may_decide(user, found) else []
    )
    form = None
    if transitions:
        form = (
            DecisionForm(request.POST, transitions=transitions)
            if request.method == "POST"
            else DecisionForm(transitions=transitions)
        )
    if request.method == "POST":
        if form is None:
            messages.error(request, "This release can no longer be changed.")
            return redirect("volunteers:agreement", pk=found.pk)
        if form.is_valid():
            try:
                decided = agreements.agreement_decide(
                    actor=user,
                    agreement_id=found.pk,
                    verb=form.cleaned_data["decision"],
                    reason=form.cleaned_data.get("reason", ""),
                    resume_on=form.cleaned_data.get("resume_on"),
                )
            except ValidationError as error:
                form_add_validation_error(form, error)
            except agreements.AgreementTransitionNotAllowed as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"The release is {decided.get_status_display().lower()}. "
                    f"{decided.volunteer} and the programme's manager have been told.",
                )
                return redirect("volunteers:agreement", pk=found.pk)
    return render(
        request,
        "volunteers/agreement.html",
        {
            "agreement": found,
            "form": form,
            "history": event_list_for_targets([found], include_reads=False),
        },
        status=form_status(form) if form is not None else 200,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def decide_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The page an emailed link opens. The signed token is the headteacher's authority for
    this one decision; opening the page changes nothing, deciding uses the link up."""
    user = request.user if request.user.is_authenticated else None
    try:
        link = approval_link_resolve(token, user=user)
    except LinkProblem as problem:
        return render(request, "volunteers/link_problem.html", {"problem": problem}, status=410)
    found = link.agreement
    transitions = [
        t for t in agreements.agreement_transitions_open(found) if t.verb in {"approve", "decline"}
    ]
    form = (
        DecisionForm(request.POST, transitions=transitions)
        if request.method == "POST"
        else DecisionForm(transitions=transitions)
    )
    if request.method == "POST" and form.is_valid():
        try:
            decided = agreements.agreement_decide(
                actor=link.headteacher,
                agreement_id=found.pk,
                verb=form.cleaned_data["decision"],
                reason=form.cleaned_data.get("reason", ""),
                via="email link",
                link=link,
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        except agreements.AgreementTransitionNotAllowed as error:
            form.add_error(None, str(error))
        else:
            return render(request, "volunteers/link_done.html", {"agreement": decided})
    return render(
        request,
        "volunteers/decide_by_link.html",
        {"agreement": found, "headteacher": link.headteacher, "form": form},
        status=form_status(form),
    )
