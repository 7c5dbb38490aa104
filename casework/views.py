from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from audit.services import event_record
from casework.bulk import officer_list_for_user, plans_move_to_officer
from casework.forms import QUEUE_FIELDS, QUEUE_PAGE_SIZES, queue_form
from casework.models import AreaTeam
from common.api import as_model_id
from reporting.current import current_area_counts
from reporting.views import dashboard_context
from reviews.alerts import alert_list_for_user
from reviews.filters import SORTS, ReviewFilter
from reviews.forms import DeadlineRulesForm
from reviews.models import DeadlineRules, ReviewStatus
from reviews.selectors import review_list_for_user
from reviews.tasks import recompute_deadlines
from volunteers.selectors import assignments_open_for_outer_review, volunteer_list_for_user
from volunteers.services import assignments_create


@role_required(Role.CASE_OFFICER)
def officer_home(request: HttpRequest) -> HttpResponse:
    """The backlog queue: the officer's open reviews, most urgent first, filtered in the URL."""
    user = signed_in_user(request)
    areas = list(AreaTeam.objects.filter(members=user))
    open_reviews = review_list_for_user(user).exclude(status=ReviewStatus.CONCLUDED)
    filters = ReviewFilter(request.GET, queryset=open_reviews)
    reviews = filters.qs if filters.is_valid() else open_reviews.none()
    requested = request.GET.get("sort", "")
    sort = requested if requested in SORTS else "priority"
    size = (
        int(request.GET["size"])
        if request.GET.get("size") in {str(n) for n in QUEUE_PAGE_SIZES}
        else 25
    )
    held_by = assignments_open_for_outer_review().values("volunteer__full_name")[:1]
    reviews = reviews.annotate(volunteer_name=Subquery(held_by))
    page = Paginator(reviews.order_by(*SORTS[sort]), size).get_page(request.GET.get("page"))
    volunteers = list(volunteer_list_for_user(user).order_by("full_name"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/officer_home.html",
        {
            "heading": "Your caseload",
            "areas": areas,
            "form": queue_form(filters.form, areas, volunteers, sort=sort, size=size),
            "page": page,
            "query": query.urlencode(),
            "volunteers": volunteers,
            "officers": officer_list_for_user(user).exclude(pk=user.pk).order_by("full_name"),
            "export_query": urlencode(
                {k: v for k, v in request.GET.items() if k in QUEUE_FIELDS and v}
            ),
        },
    )


@role_required(Role.MANAGER)
def manager_home(request: HttpRequest) -> HttpResponse:
    """The manager's dashboard (reporting.views): KPIs by area, trends, and what they can do."""
    user = signed_in_user(request)
    return render(
        request,
        "casework/manager_home.html",
        {
            "heading": "Service overview",
            **dashboard_context(request, user),
            # Managers see every area: the worker keeps this table current (reporting.current).
            "counts": current_area_counts(today=timezone.localdate()),
        },
    )


@role_required(Role.CASE_OFFICER)
def notifications(request: HttpRequest) -> HttpResponse:
    alerts = alert_list_for_user(signed_in_user(request)).order_by("-raised_at", "review__due_on")
    page = Paginator(alerts, 50).get_page(request.GET.get("page"))
    return render(request, "casework/notifications.html", {"page": page})


@role_required(Role.MANAGER)
def deadline_rules(request: HttpRequest) -> HttpResponse:
    """The warning window and priority weights; saving recomputes every review in the background."""
    rules = DeadlineRules.current()
    before = DeadlineRulesForm(instance=rules).initial
    form = DeadlineRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            changed = {name: [before[name], form.cleaned_data[name]] for name in form.changed_data}
            event_record(
                actor=signed_in_user(request),
                action="deadline_rules.changed",
                target=rules,
                details=changed,
            )
            transaction.on_commit(recompute_deadlines.delay)
        messages.success(request, "Saved. Every open review's priority is being recomputed now.")
        return redirect("casework:deadline-rules")
    return render(request, "casework/deadline_rules.html", {"form": form})


# action: (heading, past participle for the result)
BULK_ACTIONS = {
    "assign": ("Assign to a volunteer", "assigned"),
    "move": ("Move to another case officer", "moved"),
}


@role_required(Role.CASE_OFFICER)
def bulk_action(request: HttpRequest) -> HttpResponse:
    """Apply one action to the reviews selected in the queue; report each row's result."""
    if request.method != "POST":
        return redirect("casework:officer-home")
    user = signed_in_user(request)
    back = reverse("casework:officer-home") + "?" + request.POST.get("next", "")
    ids = [i for pk in request.POST.getlist("reviews") if (i := as_model_id(pk)) is not None]
    reviews = list(review_list_for_user(user).filter(pk__in=ids).order_by("plan__plan_ref"))
    action = request.POST.get("action", "")
    errors = []
    if not ids:
        errors.append(("reviews", "Select at least one review in the queue"))
    if action not in BULK_ACTIONS:
        errors.append(("action", "Choose what to do with the selected reviews"))
    person_id = request.POST.get("volunteer" if action == "assign" else "officer", "")
    people = volunteer_list_for_user(user) if action == "assign" else officer_list_for_user(user)
    person_pk = as_model_id(person_id)
    person = people.filter(pk=person_pk).first() if person_pk is not None else None
    if action in BULK_ACTIONS and person is None:
        what = "volunteer" if action == "assign" else "case officer"
        errors.append((f"bulk-{action}", f"Choose the {what} to give the selected reviews to"))
    if errors:
        return render(
            request, "casework/bulk_result.html", {"errors": errors, "back": back}, status=400
        )
    assert person is not None
    rows: list[tuple[str, str | None]]
    if action == "assign":
        outcomes = assignments_create(actor=user, volunteer=person, reviews=reviews)
        rows = [(o.review.plan.plan_ref, o.refusal) for o in outcomes]
    else:
        moved = plans_move_to_officer(actor=user, reviews=reviews, officer=person)
        rows = [(o.review.plan.plan_ref, o.refusal) for o in moved]
    missing = len(ids) - len(reviews)
    return render(
        request,
        "casework/bulk_result.html",
        {
            "action": BULK_ACTIONS[action][0],
            "done_verb": BULK_ACTIONS[action][1],
            "person": person,
            "rows": rows,
            "done": sum(refusal is None for _, refusal in rows),
            "refused": sum(refusal is not None for _, refusal in rows) + missing,
            "missing": missing,
            "back": back,
        },
    )
