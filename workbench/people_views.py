"""Managers' pages for staff, area teams and schools, and the page where invited staff set
their password (decision 0015)."""

from collections.abc import Callable, Collection

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import role_required, signed_in_user
from accounts.models import Role, User
from common.forms import form_add_validation_error, form_status
from organisation.models import AreaTeam, Setting
from volunteers.joining import join_token_generator
from workbench import people
from workbench.people_forms import (
    ROLE_HINTS,
    AreaTeamDistrictsForm,
    AreaTeamForm,
    SchoolForm,
    StaffChangeForm,
    StaffInviteForm,
    StaffJoinForm,
)
from workbench.setting_services import setting_create, setting_details_change


def _person_or_404(pk: int) -> User:
    person = people.staff_get(pk)
    if person is None:
        raise Http404("No such member of staff.")
    return person


@role_required(Role.MANAGER)
def people_list(request: HttpRequest) -> HttpResponse:
    """Every member of staff: name, email, role, area teams and whether they can sign in."""
    return render(request, "workbench/people/list.html", {"staff": people.staff_list()})


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def person_invite(request: HttpRequest) -> HttpResponse:
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = people.staff_invite(
                actor=signed_in_user(request),
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                role=Role(form.cleaned_data["role"]),
                areas=form.cleaned_data["areas"],
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        else:
            messages.success(
                request,
                f"{person.full_name} has been invited. We have emailed {person.email} a link "
                "to set their password; it works for 7 days.",
            )
            return redirect("workbench:people")
    return render(
        request,
        "workbench/people/form_page.html",
        {"form": form, "heading": "Invite a member of staff", "role_hints": ROLE_HINTS},
        status=form_status(form),
    )


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """One member of staff: change their role and area teams; their open work; switch off."""
    actor = signed_in_user(request)
    member = _person_or_404(pk)
    initial = {"role": member.role, "areas": list(member.areas.all())}
    form = StaffChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = people.staff_change(
                actor=actor,
                user_id=member.pk,
                role=Role(form.cleaned_data["role"]),
                areas=form.cleaned_data["areas"],
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        else:
            if changed:
                messages.success(request, f"Saved: {member.full_name}'s {'; '.join(changed)}.")
            return redirect("workbench:person", pk=member.pk)
    open_work = people.open_work_of(member)
    return render(
        request,
        "workbench/people/person.html",
        {
            "member": member,
            "form": form,
            "open_work": open_work[:50],
            "open_count": open_work.count(),
            "is_self": member.pk == actor.pk,
        },
        status=form_status(form),
    )


@role_required(Role.MANAGER)
@require_POST
def person_switch(request: HttpRequest, pk: int) -> HttpResponse:
    """Switch a member of staff off (they can no longer sign in) or back on."""
    member = _person_or_404(pk)
    on = request.POST.get("switch") == "on"
    try:
        people.staff_switch(actor=signed_in_user(request), user_id=member.pk, on=on)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if on:
            messages.success(request, f"{member.full_name} can sign in again.")
        else:
            messages.success(request, f"{member.full_name} is switched off and cannot sign in.")
    return redirect("workbench:person", pk=member.pk)


@role_required(Role.MANAGER)
@require_POST
def person_invite_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Send an invited member of staff a new link to set their password."""
    member = _person_or_404(pk)
    try:
        people.staff_invite_again(actor=signed_in_user(request), user_id=member.pk)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"We have emailed {member.email} a new link.")
    return redirect("workbench:person", pk=member.pk)


@login_not_required
@require_http_methods(["GET", "POST"])
def staff_join(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """An invited member of staff sets their password, then signs in."""
    return join_page(request, uidb64, token, roles=people.STAFF_ROLES, join=people.staff_join)


def join_page(
    request: HttpRequest,
    uidb64: str,
    token: str,
    *,
    roles: Collection[str],
    join: Callable[..., object],
) -> HttpResponse:
    """The page of an invitation link: the invited person (active, holding one of `roles`)
    sets their password, `join(user=..., password=...)` records it, and they sign in. A
    link that is altered, used or out of date is refused with its own page (410)."""
    try:
        pk: int | None = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        pk = None
    user = User.objects.filter(pk=pk, role__in=roles, is_active=True).first() if pk else None
    if user is None or not join_token_generator.check_token(user, token):
        return render(request, "workbench/people/join_invalid.html", status=410)
    if request.user.is_authenticated and request.user.pk != user.pk:
        logout(request)
    form = StaffJoinForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        join(user=user, password=form.cleaned_data["new_password1"])
        messages.success(request, "Your password is set. Sign in to continue.")
        return redirect("accounts:sign-in")
    return render(
        request,
        "workbench/people/join.html",
        {"form": form, "heading": "Set your password", "invited": user},
        status=form_status(form),
    )


@role_required(Role.MANAGER)
def area_teams(request: HttpRequest) -> HttpResponse:
    teams = AreaTeam.objects.annotate(
        officers=Count("members", distinct=True), schools=Count("settings", distinct=True)
    ).order_by("name")
    return render(request, "workbench/people/area_teams.html", {"teams": teams})


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def area_team_add(request: HttpRequest) -> HttpResponse:
    form = AreaTeamForm(request.POST or None, button="Add the area team")
    if request.method == "POST" and form.is_valid():
        try:
            area = people.area_team_create(
                actor=signed_in_user(request), name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        else:
            messages.success(request, f"{area.name} area team added.")
            return redirect("workbench:area-teams")
    return render(
        request,
        "workbench/people/form_page.html",
        {"form": form, "heading": "Add an area team", "back": "workbench:area-teams"},
        status=form_status(form),
    )


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def area_team_rename(request: HttpRequest, pk: int) -> HttpResponse:
    area = AreaTeam.objects.filter(pk=pk).first()
    if area is None:
        raise Http404("No such area team.")
    form = AreaTeamForm(
        request.POST or None, initial={"name": area.name}, button="Rename the area team"
    )
    if request.method == "POST" and form.is_valid():
        before = area.name
        try:
            area = people.area_team_rename(
                actor=signed_in_user(request), area_id=area.pk, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        else:
            messages.success(request, f"{before} area team is now called {area.name}.")
            return redirect("workbench:area-teams")
    return render(
        request,
        "workbench/people/form_page.html",
        {
            "form": form,
            "heading": f"Rename {area.name}",
            "caption": "Area teams",
            "back": "workbench:area-teams",
        },
        status=form_status(form),
    )


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def area_team_districts(request: HttpRequest, pk: int) -> HttpResponse:
    area = AreaTeam.objects.filter(pk=pk).first()
    if area is None:
        raise Http404("No such area team.")
    form = AreaTeamDistrictsForm(
        request.POST or None, initial={"districts": "\n".join(area.districts)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            area = people.area_team_districts_change(
                actor=signed_in_user(request),
                area_id=area.pk,
                districts=form.cleaned_data["districts"],
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        else:
            messages.success(request, f"Saved the districts {area.name} area team serves.")
            return redirect("workbench:area-teams")
    return render(
        request,
        "workbench/people/form_page.html",
        {
            "form": form,
            "heading": f"Districts of {area.name}",
            "caption": "Area teams",
            "back": "workbench:area-teams",
        },
        status=form_status(form),
    )


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def school_add(request: HttpRequest) -> HttpResponse:
    form = SchoolForm(request.POST or None, button="Add the school")
    if request.method == "POST" and form.is_valid():
        school = setting_create(actor=signed_in_user(request), setting=form.save(commit=False))
        messages.success(request, f"{school.name} (URN {school.urn}) added.")
        return redirect("workbench:settings")
    return render(
        request,
        "workbench/people/form_page.html",
        {"form": form, "heading": "Add a school", "back": "workbench:settings"},
        status=form_status(form),
    )


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def school_change(request: HttpRequest, urn: str) -> HttpResponse:
    school = Setting.objects.filter(urn=urn).first()
    if school is None:
        raise Http404("No such school.")
    name = school.name
    form = SchoolForm(request.POST or None, instance=school, button="Save changes")
    if request.method == "POST" and form.is_valid():
        recomputed = setting_details_change(
            actor=signed_in_user(request),
            setting=form.save(commit=False),
            changed=form.changed_data,
        )
        saved = f"Saved the details of {school.name}."
        if recomputed:
            saved += f" {recomputed} open review{pluralize(recomputed)} recomputed for its phase."
        messages.success(request, saved)
        return redirect("workbench:settings")
    return render(
        request,
        "workbench/people/form_page.html",
        {
            "form": form,
            "heading": f"Change the details of {name}",
            "caption": f"URN {urn}",
            "back": "workbench:settings",
        },
        status=form_status(form),
    )
