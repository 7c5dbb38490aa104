"""The school's workspace (DESIGN section 9): its home, listing the open reviews of the
children on its roll by due date with the next thing to do for each, and a review's page
where the school records the steps that are its to record.

What a person sees comes from contributions.selectors (their places on schools' staff lists),
never from their role alone; each read of a child's record is an event.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from accounts.selectors import school_places_for, school_staff_may_manage
from audit.services import event_record, plans_listed_record
from contributions.advice import (
    advice_asked_for,
    advice_overdue_by_review,
    advice_request_list,
    advice_request_may_create,
)
from contributions.family_views import views_by_person
from contributions.school_work import (
    SCHOOL_STEPS,
    school_advice_until,
    school_next_thing,
    school_step_open_for,
)
from contributions.selectors import school_review_get_for_user, school_review_list_for_user
from portal.school_steps import school_step_record
from reviews import services
from reviews.forms import StepForm
from reviews.transitions import TRANSITIONS_BY_SLUG, Transition

# Everyone who may hold a place on a school's staff list; the place decides what they see.
SCHOOL_PAGE_ROLES = (Role.SCHOOL, Role.VOLUNTEER, Role.HEADTEACHER)


@role_required(*SCHOOL_PAGE_ROLES)
def school_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = timezone.localdate()
    places = list(school_places_for(user))
    reviews = list(school_review_list_for_user(user))
    plans_listed_record(
        actor=user, page="school home", plan_refs=[review.plan.plan_ref for review in reviews]
    )
    overdue_advice = advice_overdue_by_review(reviews, today)
    asked = advice_asked_for(reviews)
    rows = []
    for review in reviews:
        next_thing = school_next_thing(review, today=today)
        advice_until = school_advice_until(review, asked=review.pk in asked, today=today)
        rows.append(
            (
                review,
                next_thing,
                next_thing.not_yet(today),
                overdue_advice.get(review.pk, []),
                advice_until,
            )
        )
    keeps_staff_list = [
        place.setting for place in places if school_staff_may_manage(user, place.setting)
    ]
    if user.role == Role.HEADTEACHER and user.setting and user.setting not in keeps_staff_list:
        keeps_staff_list.append(user.setting)
    return render(
        request,
        "portal/home.html",
        {
            "places": places,
            "rows": rows,
            "today": today,
            "keeps_staff_list": keeps_staff_list,
        },
    )


def _school_step(slug: str) -> Transition:
    if slug not in SCHOOL_STEPS:
        raise Http404("No such step.")
    return TRANSITIONS_BY_SLUG[slug]


@role_required(*SCHOOL_PAGE_ROLES)
def school_review(request: HttpRequest, review_id: int) -> HttpResponse:
    user = signed_in_user(request)
    review = school_review_get_for_user(user, review_id)
    event_record(
        actor=user, action="plan.viewed", target=review.plan, details={"page": "school review"}
    )
    today = timezone.localdate()
    steps = [_school_step(slug) for slug in SCHOOL_STEPS]
    next_thing = school_next_thing(review, today=today)
    advice_requests = advice_request_list(review)
    return render(
        request,
        "portal/review.html",
        {
            "review": review,
            "plan": review.plan,
            "child": review.plan.child,
            "next_thing": next_thing,
            "not_yet": next_thing.not_yet(today),
            "steps": [step for step in steps if school_step_open_for(step.slug, review)],
            "advice_requests": advice_requests,
            "may_request_advice": advice_request_may_create(user, review),
            "today": today,
            "family_views": views_by_person(review),
        },
    )


@role_required(*SCHOOL_PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def school_review_step(request: HttpRequest, review_id: int, step: str) -> HttpResponse:
    user = signed_in_user(request)
    action = _school_step(step)
    review = school_review_get_for_user(user, review_id, write=True)
    if action.slug == "circulate-advice" and not school_step_open_for(action.slug, review):
        raise PermissionDenied(
            "You can record the advice circulated once all the advice asked for is in."
        )
    if request.method == "GET":
        event_record(
            actor=user, action="plan.viewed", target=review.plan, details={"page": "school review"}
        )
    school = review.plan.setting
    assert school is not None  # the selector gives only reviews of plans at a school
    form = StepForm(request.POST or None, action=action, initial={"version": review.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        arguments = form.transition_arguments()
        try:
            school_step_record(
                actor=user,
                review=review,
                school=school,
                transition=action,
                on=arguments["on"],
                expected_version=arguments["expected_version"],
            )
        except services.StaleReview as stale:
            review = stale.current
            form.add_error(None, str(stale))
            current = request.POST.copy()
            current["version"] = str(review.version)
            form.data = current
            status = 409
        except services.TransitionNotAllowed as error:
            form.add_error(None, str(error))
            status = 409
        except ValidationError as error:
            form.add_error("on", " ".join(error.messages))
        else:
            messages.success(request, f"{action.title}: saved.")
            return redirect("portal:school-review", review_id=review.pk)
    if form.errors and status == 200:
        status = 400
    return render(
        request,
        "portal/review_step.html",
        {"review": review, "plan": review.plan, "action": action, "form": form},
        status=status,
    )
