"""Pages of the volunteer programme: the volunteer's and headteacher's home pages, release
requests and decisions (including the emailed link), joining, and the programme overview.

Headteachers see release agreements of their own school's staff and nothing of any case.
Volunteers see the minimised record of the reviews assigned to them, while assigned.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.http import require_http_methods

from accounts.access import role_required, signed_in_user
from accounts.models import Role, User
from accounts.ratelimits import posted_email, posts_wait_seconds
from audit.selectors import event_list_for_targets
from audit.services import event_record
from documents.selectors import document_list_for_user
from reviews.selectors import review_get_for_user
from volunteers import agreements, joining
from volunteers.forms import (
    DecisionForm,
    InterestDecisionForm,
    InterestForm,
    InviteForm,
    JoinForm,
    ReleaseRequestForm,
)
from volunteers.links import LinkProblem, approval_link_resolve
from volunteers.models import (
    AgreementStatus,
    Assignment,
    InterestStatus,
    ProgrammeSettings,
    ReleaseAgreement,
    VolunteerInterest,
)
from volunteers.selectors import (
    agreement_get_for_user,
    agreement_list_for_user,
    agreement_may_decide,
    assignment_list_for_user,
    volunteer_list_for_user,
)
from volunteers.services import volunteer_next_release_day

STAFF = (Role.CASE_OFFICER, Role.MANAGER)


def _form_status(form: Form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _apply_validation_error(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e.messages[0])
    else:
        form.add_error(None, error.messages[0])


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
            _apply_validation_error(form, error)
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
        {"form": form, "programme": programme},
        status=_form_status(form),
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
                _apply_validation_error(form, error)
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
        status=_form_status(form) if form is not None else 200,
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
            _apply_validation_error(form, error)
        except agreements.AgreementTransitionNotAllowed as error:
            form.add_error(None, str(error))
        else:
            return render(request, "volunteers/link_done.html", {"agreement": decided})
    return render(
        request,
        "volunteers/decide_by_link.html",
        {"agreement": found, "headteacher": link.headteacher, "form": form},
        status=_form_status(form),
    )


# Joining -------------------------------------------------------------------------------------


@role_required(*STAFF)
def programme(request: HttpRequest) -> HttpResponse:
    """The programme at a glance: volunteers, their release, and registrations of interest."""
    user = signed_in_user(request)
    volunteers = (
        volunteer_list_for_user(user)
        .select_related("volunteer_profile")
        .prefetch_related(
            Prefetch(
                "release_agreements",
                queryset=ReleaseAgreement.objects.order_by("-start_on", "-id"),
                to_attr="agreements",
            )
        )
    )
    rows = [
        {
            "volunteer": v,
            "profile": getattr(v, "volunteer_profile", None),
            "agreement": v.agreements[0] if v.agreements else None,
        }
        for v in volunteers
    ]
    return render(
        request,
        "volunteers/programme.html",
        {
            "rows": rows,
            "interests": VolunteerInterest.objects.filter(
                status=InterestStatus.PENDING
            ).select_related("setting"),
            "may_decide_interest": user.role == Role.MANAGER,
        },
    )


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = InviteForm(request.POST) if request.method == "POST" else InviteForm()
    if request.method == "POST" and form.is_valid():
        try:
            invited = joining.volunteer_invite(
                actor=user,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                school=form.cleaned_data["school"],
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(request, f"{invited} has been sent an invitation to join.")
            return redirect("volunteers:programme")
    return render(request, "volunteers/invite.html", {"form": form}, status=_form_status(form))


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def interest(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = get_object_or_404(VolunteerInterest.objects.select_related("setting"), pk=pk)
    form = (
        InterestDecisionForm(request.POST) if request.method == "POST" else InterestDecisionForm()
    )
    if request.method == "POST" and form.is_valid():
        try:
            decided = joining.interest_decide(
                actor=user,
                interest_id=found.pk,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(
                request,
                f"{decided.full_name} has been sent an invitation."
                if decided.status == InterestStatus.ACCEPTED
                else f"{decided.full_name} has been told their offer was declined.",
            )
            return redirect("volunteers:programme")
    return render(
        request,
        "volunteers/interest.html",
        {"interest": found, "form": form},
        status=_form_status(form),
    )


# How often the public volunteer form may be sent, from one address and for one email
# address (which may get an email each time); past a rate, wait this many seconds.
INTEREST_RATES_PER_ADDRESS = {"5/m": 60, "20/h": 60 * 60}
INTEREST_RATES_PER_EMAIL = {"3/h": 60 * 60}


def _interest_wait_seconds(request: HttpRequest) -> int:
    return max(
        posts_wait_seconds(
            request,
            group="volunteers:interest:address",
            key="ip",
            rates=INTEREST_RATES_PER_ADDRESS,
        ),
        posts_wait_seconds(
            request,
            group="volunteers:interest:email",
            key=posted_email,
            rates=INTEREST_RATES_PER_EMAIL,
        ),
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def register_interest(request: HttpRequest) -> HttpResponse:
    """The public page where a SENCO offers to volunteer. It answers every address alike."""
    if request.method == "POST" and (wait := _interest_wait_seconds(request)):
        response = render(
            request,
            "volunteers/register_interest_limited.html",
            {"wait": "a minute" if wait <= 60 else "an hour"},
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    form = InterestForm(request.POST) if request.method == "POST" else InterestForm()
    if request.method == "POST" and form.is_valid():
        joining.interest_register(
            full_name=form.cleaned_data["full_name"],
            email=form.cleaned_data["email"],
            school=form.cleaned_data["school"],
            message=form.cleaned_data["message"],
        )
        return render(request, "volunteers/interest_registered.html")
    return render(
        request, "volunteers/register_interest.html", {"form": form}, status=_form_status(form)
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """An invited SENCO sets a password and confirms their details, then signs in."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        pk = None
    user = User.objects.filter(pk=pk, role=Role.VOLUNTEER, is_active=True).first() if pk else None
    if user is None or not joining.join_token_generator.check_token(user, token):
        return render(request, "volunteers/join_invalid.html", status=410)
    if request.user.is_authenticated and request.user.pk != user.pk:
        logout(request)
    form = (
        JoinForm(user, request.POST)
        if request.method == "POST"
        else JoinForm(user, initial={"full_name": user.full_name})
    )
    if request.method == "POST" and form.is_valid():
        try:
            joining.volunteer_join(
                user=user,
                full_name=form.cleaned_data["full_name"],
                trained_on=form.cleaned_data["trained_on"],
                password=form.cleaned_data["new_password1"],
            )
        except ValidationError as error:
            _apply_validation_error(form, error)
        else:
            messages.success(request, "You have joined the programme. Sign in to continue.")
            return redirect("accounts:sign-in")
    return render(
        request, "volunteers/join.html", {"form": form, "invited": user}, status=_form_status(form)
    )
