"""The school's staff list: who may do its annual-review work, kept by its headteacher or the
council; and the page where an invited member sets their password."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import role_required, signed_in_user
from accounts.models import Role, SchoolJob, SchoolStaff
from accounts.selectors import school_places_for, school_staff_list, school_staff_may_manage
from common.forms import form_add_validation_error, form_status
from organisation.models import Setting
from portal import staff
from portal.forms import SchoolStaffAddForm
from workbench.people_views import join_page

# Who may reach a school's staff list at all; school_staff_may_manage decides which school.
STAFF_LIST_ROLES = (Role.HEADTEACHER, Role.SCHOOL, Role.VOLUNTEER, Role.CASE_OFFICER, Role.MANAGER)


def _school_or_404(request: HttpRequest, urn: str) -> Setting:
    """The school whose staff list the person keeps; 404 for any other (or no such school)."""
    setting = Setting.objects.select_related("area").filter(urn=urn).first()
    if setting is None or not school_staff_may_manage(signed_in_user(request), setting):
        raise Http404("No such school.")
    return setting


@role_required(*STAFF_LIST_ROLES)
def own_school_staff(request: HttpRequest) -> HttpResponse:
    """A headteacher's way in: their own school's staff list."""
    user = signed_in_user(request)
    schools = [user.setting] if user.setting else []
    schools += [place.setting for place in school_places_for(user)]
    for setting in schools:
        if setting is not None and school_staff_may_manage(user, setting):
            return redirect("portal:school-staff", urn=setting.urn)
    raise Http404("You do not keep a school's staff list.")


@role_required(*STAFF_LIST_ROLES)
def school_staff(request: HttpRequest, urn: str) -> HttpResponse:
    setting = _school_or_404(request, urn)
    return render(
        request,
        "portal/staff/list.html",
        {"school": setting, "places": school_staff_list(setting)},
    )


@role_required(*STAFF_LIST_ROLES)
@require_http_methods(["GET", "POST"])
def school_staff_add(request: HttpRequest, urn: str) -> HttpResponse:
    setting = _school_or_404(request, urn)
    form = SchoolStaffAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            place = staff.school_staff_add(
                actor=signed_in_user(request),
                setting=setting,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                job=SchoolJob(form.cleaned_data["job"]),
            )
        except ValidationError as error:
            form_add_validation_error(form, error)
        else:
            invited = "" if place.user.has_usable_password() else " We have emailed them a link."
            messages.success(
                request, f"{place.user} is now on {setting.name}'s staff list.{invited}"
            )
            return redirect("portal:school-staff", urn=setting.urn)
    return render(
        request,
        "portal/staff/add.html",
        {"school": setting, "form": form},
        status=form_status(form),
    )


@role_required(*STAFF_LIST_ROLES)
@require_POST
def school_staff_remove(request: HttpRequest, urn: str, pk: int) -> HttpResponse:
    setting = _school_or_404(request, urn)
    try:
        place = staff.school_staff_remove(
            actor=signed_in_user(request), place_id=pk, setting=setting
        )
    except SchoolStaff.DoesNotExist:
        raise Http404("No such member of staff.") from None
    messages.success(request, f"{place.user} is no longer on {setting.name}'s staff list.")
    return redirect("portal:school-staff", urn=setting.urn)


@login_not_required
@require_http_methods(["GET", "POST"])
def school_join(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """An invited member of a school's staff sets their password, then signs in."""
    return join_page(request, uidb64, token, roles={Role.SCHOOL}, join=staff.school_staff_join)
