"""The family's pages (DESIGN section 9): the plans a parent, carer or young person follows,
each review's progress in plain English, and the letters and plans they were sent.

What a person sees comes from contributions.family_access (their places on plans), never
from their role alone; each read of a child's record is an event.
"""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from audit.services import event_record, plans_listed_record
from common.council import council_details
from contributions.family_access import (
    family_member_list_for_plan,
    family_member_sees_who_follows,
    family_place_get_for_user,
    family_place_list_for_user,
)
from contributions.family_letters import family_letter_get, family_letter_list_for_plan
from contributions.family_progress import (
    family_contact,
    family_current_reviews,
    family_reviews_for_plan,
)
from documents.responses import document_file_response


@role_required(Role.FAMILY)
def family_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = timezone.localdate()
    places = family_place_list_for_user(user, today=today)
    reviews = family_current_reviews(
        [place.plan for place in places if not place.letters_only], today=today
    )
    plans_listed_record(
        actor=user, page="family home", plan_refs=[place.plan.plan_ref for place in places]
    )
    return render(
        request,
        "portal/family/home.html",
        {"places": [(place, reviews.get(place.plan.pk)) for place in places]},
    )


@require_GET
@role_required(Role.FAMILY)
def family_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    """How the child's review is going: each step, what happens next and who to ask."""
    user = signed_in_user(request)
    today = timezone.localdate()
    place = family_place_get_for_user(user, plan_id, today=today)
    current, earlier = family_reviews_for_plan(place.plan, today=today)
    followers = (
        [m for m in family_member_list_for_plan(place.plan) if m.user_id != user.pk]
        if family_member_sees_who_follows(place)
        else None
    )
    event_record(
        actor=user, action="plan.viewed", target=place.plan, details={"page": "family progress"}
    )
    return render(
        request,
        "portal/family/plan.html",
        {
            "place": place,
            "plan": place.plan,
            "child": place.plan.child,
            "current": current,
            "earlier": earlier,
            "contact": family_contact(place.plan),
            "council": council_details(),
            "followers": followers,
            "letter_count": len(family_letter_list_for_plan(place.plan)),
        },
    )


@require_GET
@role_required(Role.FAMILY)
def family_letters(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The letters and plans sent to the family, as they were sent; still readable for a
    time after the plan ceased."""
    user = signed_in_user(request)
    place = family_place_get_for_user(user, plan_id, today=timezone.localdate(), letters=True)
    event_record(
        actor=user, action="plan.viewed", target=place.plan, details={"page": "family letters"}
    )
    return render(
        request,
        "portal/family/letters.html",
        {
            "place": place,
            "plan": place.plan,
            "child": place.plan.child,
            "letters": family_letter_list_for_plan(place.plan),
            "contact": family_contact(place.plan),
        },
    )


@require_GET
@role_required(Role.FAMILY)
def family_letter_download(request: HttpRequest, plan_id: int, document_id: int) -> FileResponse:
    """One letter or plan the family was sent, downloaded as the PDF it was."""
    user = signed_in_user(request)
    place = family_place_get_for_user(user, plan_id, today=timezone.localdate(), letters=True)
    letter = family_letter_get(place.plan, document_id)
    response = document_file_response(letter.document, inline=False)
    event_record(
        actor=user,
        action="document.downloaded",
        target=place.plan,
        details={
            "document": letter.document.pk,
            "title": letter.document.title,
            "page": "family letters",
        },
    )
    return response
