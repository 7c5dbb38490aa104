"""The family's pages (DESIGN section 9): the plans a parent, carer or young person follows.

What a person sees comes from contributions.family_access (their places on plans), never
from their role alone; each read of a child's record is an event.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from audit.services import event_record
from contributions.family_access import family_place_list_for_user


@role_required(Role.FAMILY)
def family_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    places = family_place_list_for_user(user, today=timezone.localdate())
    if places:
        event_record(
            actor=user,
            action="plan.listed",
            details={"page": "family home", "plan_refs": [place.plan.plan_ref for place in places]},
        )
    return render(request, "portal/family/home.html", {"places": places})
