"""The case officer invites a child's family to follow the plan, and removes them (DESIGN
section 9). Only those who may change the plan may do either (plan_get_for_user with
write=True: 404 if they may not see the plan, 403 if they may see but not change it)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import any_role, signed_in_user
from casework.selectors import plan_get_for_user
from common.council import council_details
from contributions.family_access import YOUNG_PERSON_FROM_AGE, young_person_may_be_invited
from contributions.family_models import FamilyMember
from contributions.family_services import family_member_invite, family_member_remove
from workbench.family_forms import FamilyInviteForm


def _case_family_url(plan_ref: str) -> str:
    return f"{reverse('workbench:case', args=[plan_ref])}#family"


@any_role
def family_invite(request: HttpRequest, plan_ref: str) -> HttpResponse:
    user = signed_in_user(request)
    plan = plan_get_for_user(user, plan_ref, write=True)
    today = timezone.localdate()
    form = FamilyInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = family_member_invite(actor=user, plan=plan, today=today, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                f"{member.user.full_name} is invited. We have emailed them how to sign in.",
            )
            return redirect(_case_family_url(plan.plan_ref))
    return render(
        request,
        "workbench/family_invite.html",
        {
            "plan": plan,
            "form": form,
            "young_person_may_be_invited": young_person_may_be_invited(plan, today=today),
            "young_person_from_age": YOUNG_PERSON_FROM_AGE,
            "council": council_details(),
        },
    )


@any_role
def family_remove(request: HttpRequest, plan_ref: str, member_id: int) -> HttpResponse:
    user = signed_in_user(request)
    plan = plan_get_for_user(user, plan_ref, write=True)
    member = (
        FamilyMember.objects.current()
        .filter(pk=member_id, plan=plan)
        .select_related("user")
        .first()
    )
    if member is None:
        raise Http404("No such family member on this plan.")
    if request.method == "POST":
        family_member_remove(actor=user, plan=plan, member_id=member.pk)
        messages.success(
            request, f"{member.user.full_name} can no longer see {plan.child.forename}'s plan."
        )
        return redirect(_case_family_url(plan.plan_ref))
    return render(request, "workbench/family_remove.html", {"plan": plan, "member": member})
