"""Pages that bring SENCOs into the volunteer programme: the programme overview, where staff
see the volunteers and the registrations of interest; invitations; a manager's decision on an
offer to volunteer; the public page where a SENCO offers; and the page where an invited SENCO
joins.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.http import require_http_methods

from accounts.access import role_required, signed_in_user
from accounts.models import Role, User
from accounts.ratelimits import posted_email, posts_wait_seconds
from common.forms import form_add_validation_error, form_status
from volunteers import joining
from volunteers.forms import InterestDecisionForm, InterestForm, InviteForm, JoinForm
from volunteers.models import InterestStatus, ReleaseAgreement, VolunteerInterest
from volunteers.selectors import volunteer_list_for_user

STAFF = (Role.CASE_OFFICER, Role.MANAGER)


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
            form_add_validation_error(form, error)
        else:
            messages.success(request, f"{invited} has been sent an invitation to join.")
            return redirect("volunteers:programme")
    return render(
        request,
        "volunteers/invite.html",
        {"form": form, "heading": "Invite a SENCO to volunteer"},
        status=form_status(form),
    )


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
            form_add_validation_error(form, error)
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
        {"interest": found, "form": form, "heading": "An offer to volunteer"},
        status=form_status(form),
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
        request,
        "volunteers/register_interest.html",
        {"form": form, "heading": "Volunteer to check annual reviews"},
        status=form_status(form),
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
            form_add_validation_error(form, error)
        else:
            messages.success(request, "You have joined the programme. Sign in to continue.")
            return redirect("accounts:sign-in")
    return render(
        request,
        "volunteers/join.html",
        {"form": form, "invited": user, "heading": "Join the volunteer programme"},
        status=form_status(form),
    )
