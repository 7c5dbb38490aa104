from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from accounts.access import role_required, signed_in_user
from accounts.models import Role, User
from audit.services import event_record, plans_listed_record
from caseload.filters import SORTS, ReviewFilter
from casework.selectors import area_list_for_user
from common.api import as_model_id
from common.dates import long_date
from common.pagination import CappedPaginator, page_links
from contributions.family_questions import questions_overdue_for_user
from organisation.models import DEFAULT_LAST_YEAR_OF_PHASE, Setting, year_group_words
from organisation.selectors import setting_names_in_areas
from reviews import statutory
from reviews.forms import DeadlineRulesForm
from reviews.models import DeadlineRules, ReviewQuerySet, Step
from reviews.ordering import ByPriority
from reviews.selectors import review_list_for_user
from reviews.steps import RULES, RULES_NOT_AT_A_SCHOOL
from reviews.tasks import recompute_deadlines
from volunteers.selectors import assignments_open_for_outer_review, volunteer_list_for_user
from volunteers.services import assignments_create, volunteer_capacity_list
from workbench.bulk import officer_choices_for_user, officer_list_for_user, plans_move_to_officer
from workbench.forms import (
    QUEUE_FIELDS,
    QUEUE_PAGE_SIZES,
    SettingLastYearForm,
    SettingSearchForm,
    queue_form,
)
from workbench.queue_rows import queue_rows_html
from workbench.setting_services import setting_last_year_change


@dataclass(frozen=True)
class Queue:
    filters: ReviewFilter
    reviews: ReviewQuerySet  # filtered, with today's urgency, in no order
    ordered: ByPriority | ReviewQuerySet  # the same reviews in the queue's order
    sort: str
    size: int


def queue_reviews(user: User, query: QueryDict) -> Queue:
    """The open reviews of the queue as filtered, sorted and sized by `query`, in order (each
    sort walks its own index: reviews.models.Review.Meta.indexes)."""
    open_reviews = review_list_for_user(user).open()
    filters = ReviewFilter(query, queryset=open_reviews)
    valid = filters.is_valid()
    reviews = filters.qs if valid else open_reviews.none()
    requested = query.get("sort", "")
    sort = requested if requested in SORTS else "priority"
    asked = str(query.get("size", ""))
    size = int(asked) if asked in {str(n) for n in QUEUE_PAGE_SIZES} else 25
    held_by = assignments_open_for_outer_review().values("volunteer__full_name")[:1]
    reviews = reviews.annotate(volunteer_name=Subquery(held_by))
    # Today's priority order is two index walks merged (reviews.ordering), not a sort of
    # every review; the other sorts are an index's order.
    ordered = (
        ByPriority(reviews, groups=filters.backlog_groups() if valid else ())
        if sort == "priority"
        else reviews.with_urgency().order_by(*SORTS[sort])
    )
    return Queue(filters, reviews, ordered, sort, size)


@role_required(Role.CASE_OFFICER, Role.MANAGER)
def officer_home(request: HttpRequest) -> HttpResponse:
    """The backlog queue: the open reviews the person works (a manager: every area's), most
    urgent first, filtered in the URL."""
    return _queue_page(request)


def _queue_page(
    request: HttpRequest,
    *,
    bulk_errors: Sequence[tuple[str, str]] = (),
    selected: Collection[int] = (),
) -> HttpResponse:
    """The queue, filtered by request.GET; a refused bulk action shows it again with its
    errors in the summary and the same reviews ticked."""
    user = signed_in_user(request)
    areas = list(area_list_for_user(user))
    queue = queue_reviews(user, request.GET)
    filters, sort, size = queue.filters, queue.sort, queue.size
    page = CappedPaginator(queue.ordered, size).get_page(request.GET.get("page"))
    reviews = list(page.object_list)
    # A page of the queue names children and their plans: who was shown which is kept.
    plans_listed_record(
        actor=user, page="queue", plan_refs=[review.plan.plan_ref for review in reviews]
    )
    volunteers = list(volunteer_list_for_user(user).order_by("full_name"))
    capacities = volunteer_capacity_list(volunteers)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workbench/officer_home.html",
        {
            "questions_overdue": questions_overdue_for_user(
                user, today=timezone.localdate()
            ).count(),
            "bulk_errors": bulk_errors,
            "assign_error": dict(bulk_errors).get("bulk-assign"),
            "move_error": dict(bulk_errors).get("bulk-move"),
            "rows_html": queue_rows_html(reviews, selected=set(selected)),
            "available": [c for c in capacities if c.can_take_work],
            "unavailable": [c for c in capacities if not c.can_take_work],
            "officers_by_area": officer_choices_for_user(user, areas=areas),
            "heading": "Every area's caseload" if user.role == Role.MANAGER else "Your caseload",
            "every_area": user.role == Role.MANAGER,
            "areas": areas,
            "form": queue_form(filters.form, areas, volunteers, sort=sort, size=size),
            "page": page,
            "query": query.urlencode(),
            "page_links": page_links(page.number, page.paginator.num_pages, query.urlencode()),
            "volunteers": volunteers,
            "schools": setting_names_in_areas(areas),
            "officers": officer_list_for_user(user).exclude(pk=user.pk).order_by("full_name"),
            "export_query": urlencode(
                {k: v for k, v in request.GET.items() if k in QUEUE_FIELDS and v}
            ),
        },
        status=400 if bulk_errors else 200,
    )


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
        return redirect("workbench:deadline-rules")
    return render(
        request, "workbench/deadline_rules.html", {"form": form, **statutory_rules_context()}
    )


def statutory_rules_context() -> dict[str, Any]:
    """The law's deadlines in words for the rules page, every number from reviews.statutory,
    with worked examples computed by the engine's own rules."""
    issued, leap_issued, meeting = date(2025, 1, 1), date(2024, 2, 29), date(2026, 3, 2)
    decision_by = statutory.decision_due(meeting_on=meeting)
    before = date(meeting.year, *statutory.PHASE_TRANSFER_BEFORE)
    by = statutory.day_before(statutory.PHASE_TRANSFER_BEFORE, year=meeting.year)
    return {
        # (step, rule, and the rule for a child who attends no school where it differs)
        "statutory_rules": [
            (step.label, rule, RULES_NOT_AT_A_SCHOOL.get(step) if step == Step.REPORT else None)
            for step, rule in RULES.items()
        ],
        "period_months": statutory.REVIEW_PERIOD_MONTHS,
        "decision_weeks": statutory.DECISION_WEEKS_AFTER,
        "representations_days": statutory.REPRESENTATIONS_DAYS,
        "phase_transfer_before": f"{before.day} {before:%B}",
        "phase_transfer_by": f"{by.day} {by:%B}",
        "example": {
            "issued": long_date(issued),
            "due": long_date(statutory.first_review_due(plan_issued_on=issued)),
            "leap_issued": long_date(leap_issued),
            "leap_due": long_date(statutory.first_review_due(plan_issued_on=leap_issued)),
            "meeting": long_date(meeting),
            "decision_by": long_date(decision_by),
            "decision_late": long_date(decision_by + timedelta(days=1)),
            "views_until": long_date(statutory.representations_close(amendment_notice_on=meeting)),
        },
    }


SETTINGS_PAGE_SIZE = 50


def _last_year_words(setting: Setting) -> tuple[str, str]:
    """The phase's usual last year, and the setting's own (or "the usual year")."""
    usual = year_group_words(DEFAULT_LAST_YEAR_OF_PHASE.get(setting.phase))
    own = setting.last_year_of_phase
    return usual, (year_group_words(own) if own is not None else "As usual for its phase")


@role_required(Role.MANAGER)
def setting_list(request: HttpRequest) -> HttpResponse:
    """Every setting, its phase and the last year group before its children transfer."""
    form = SettingSearchForm(request.GET or None)
    settings_found = Setting.objects.select_related("area").order_by("name", "urn")
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            settings_found = settings_found.filter(Q(name__icontains=q) | Q(urn=q))
        if phase := form.cleaned_data["phase"]:
            settings_found = settings_found.filter(phase=phase)
    page = Paginator(settings_found, SETTINGS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [(setting, *_last_year_words(setting)) for setting in page.object_list]
    return render(
        request,
        "workbench/setting_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "page_links": page_links(page.number, page.paginator.num_pages, query.urlencode()),
        },
    )


@role_required(Role.MANAGER)
def setting_edit(request: HttpRequest, urn: str) -> HttpResponse:
    """Change one setting's last year group; its children's open reviews are recomputed."""
    setting = Setting.objects.filter(urn=urn).first()
    if setting is None:
        raise Http404("No such setting.")
    usual, _ = _last_year_words(setting)
    form = SettingLastYearForm(
        request.POST or None, usual=usual, initial={"last_year": setting.last_year_of_phase}
    )
    if request.method == "POST" and form.is_valid():
        recomputed = setting_last_year_change(
            setting_id=setting.pk,
            last_year=form.cleaned_data["last_year"],
            actor=signed_in_user(request),
        )
        last_year = form.cleaned_data["last_year"]
        if last_year is not None:
            saved = f"children at {setting.name} move on after {year_group_words(last_year)}"
        elif setting.phase in DEFAULT_LAST_YEAR_OF_PHASE:
            saved = f"children at {setting.name} move on after {usual}, as usual for its phase"
        else:
            saved = f"{setting.name} has no automatic phase transfer, as usual for its phase"
        messages.success(
            request, f"Saved: {saved}. {recomputed} open review{pluralize(recomputed)} recomputed."
        )
        return redirect("workbench:settings")
    return render(
        request,
        "workbench/setting_edit.html",
        {"setting": setting, "form": form, "usual": usual},
        status=400 if form.errors else 200,
    )


# action: (heading, past participle for the result)
BULK_ACTIONS = {
    "assign": ("Assign to a volunteer", "assigned"),
    "move": ("Move to another case officer", "moved"),
}


@role_required(Role.CASE_OFFICER, Role.MANAGER)
def bulk_action(request: HttpRequest) -> HttpResponse:
    """Apply one action to the reviews selected in the queue; report each row's result."""
    if request.method != "POST":
        return redirect("workbench:officer-home")
    user = signed_in_user(request)
    back = reverse("workbench:officer-home") + "?" + request.POST.get("next", "")
    ids = [i for pk in request.POST.getlist("reviews") if (i := as_model_id(pk)) is not None]
    reviews = list(review_list_for_user(user).filter(pk__in=ids).order_by("plan__plan_ref"))
    action = request.POST.get("action", "")
    errors = []
    if not ids:
        errors.append(("queue-reviews", "Select at least one review in the queue"))
    if action not in BULK_ACTIONS:
        errors.append(("bulk-assign", "Choose what to do with the selected reviews"))
    person_id = request.POST.get("volunteer" if action == "assign" else "officer", "")
    people = volunteer_list_for_user(user) if action == "assign" else officer_list_for_user(user)
    person_pk = as_model_id(person_id)
    person = people.filter(pk=person_pk).first() if person_pk is not None else None
    if action in BULK_ACTIONS and person is None:
        what = "volunteer" if action == "assign" else "case officer"
        errors.append((f"bulk-{action}", f"Choose the {what} to give the selected reviews to"))
    if errors:
        # The queue again, as it was filtered, with the summary and the ticked boxes kept.
        request.GET = QueryDict(request.POST.get("next", ""))
        return _queue_page(request, bulk_errors=errors, selected=ids)
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
        "workbench/bulk_result.html",
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
