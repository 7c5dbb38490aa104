"""The pages Local Offer editors use to keep their services current, and managers use to see
how current the whole Local Offer is.

Who sees and changes what is decided by localoffer/selectors.py alone: an editor sees and
changes their own services; a manager sees every service and feedback, and changes none
(403); a service or feedback the person may not see is 404.
"""

from typing import TypeVar
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, ExpressionWrapper, Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from localoffer.forms import ServiceForm
from localoffer.models import (
    Feedback,
    Link,
    LinkStatus,
    Organization,
    Service,
    ServiceStatus,
)
from localoffer.selectors import (
    feedback_get_for_user,
    feedback_list_for_user,
    feedback_may_handle,
    service_get_for_user,
    service_list_for_user,
    service_may_change,
    service_past_review,
)
from localoffer.services import (
    FeedbackAlreadyHandled,
    feedback_mark_handled,
    service_create,
    service_main_contact,
    service_mark_reviewed,
    service_update,
)
from organisation.models import Setting

Listed = TypeVar("Listed", Service, Feedback)

editor_pages = role_required(Role.LOCALOFFER_EDITOR, Role.MANAGER)

PAGE_SIZE = 50
UNCHECKED_SHOWN = 50
# A service that is not running needs no checking until it starts again.
LINK_PROBLEMS = (LinkStatus.BROKEN, LinkStatus.UNREACHABLE, LinkStatus.REDIRECTED)

# sort key: (label, ordering)
HOME_SORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "review_by": ("Review date, soonest first", ("review_by", "name", "id")),
    "name": ("Name, A to Z", ("name", "id")),
    "organisation": ("Organisation, A to Z", ("organization__name", "name", "id")),
    "changed": ("Recently changed first", ("-last_modified", "name", "id")),
}
# filter key: (label, condition)
FEEDBACK_SHOWN: dict[str, tuple[str, Q]] = {
    "open": ("Not handled yet", Q(handled_at__isnull=True)),
    "handled": ("Handled", Q(handled_at__isnull=False)),
    "all": ("All feedback, not handled first", Q()),
}
# Pages a service's page returns to, named in its address (`?back=stale`).
RETURN_PAGES = {
    "home": "localoffer-editor:home",
    "stale": "localoffer-editor:stale",
    "broken-links": "localoffer-editor:broken-links",
    "feedback": "localoffer-editor:feedback",
}


def _page(request: HttpRequest, items: QuerySet[Listed]) -> Page[Listed]:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


@editor_pages
@require_safe
def editor_home(request: HttpRequest) -> HttpResponse:
    """The person's services (a manager's: all), sorted and paginated."""
    user = signed_in_user(request)
    today = timezone.localdate()
    services = service_list_for_user(user)
    requested = request.GET.get("sort", "")
    sort = requested if requested in HOME_SORTS else "review_by"
    words = " ".join(request.GET.get("q", "").split())[:200]
    found = services.filter(name__icontains=words) if words else services
    listed = found.annotate(
        past_review=ExpressionWrapper(service_past_review(today), output_field=BooleanField())
    ).order_by(*HOME_SORTS[sort][1])
    return render(
        request,
        "localoffer/editor/home.html",
        {
            "heading": "Your Local Offer services"
            if user.role == Role.LOCALOFFER_EDITOR
            else "Local Offer services",
            "page": _page(request, listed),
            "sort": sort,
            "sorts": [(key, label) for key, (label, _) in HOME_SORTS.items()],
            "words": words,
            "query": urlencode({"sort": sort, **({"q": words} if words else {})}),
            "may_add": user.role == Role.LOCALOFFER_EDITOR,
            "past_review_count": services.filter(service_past_review(today)).count(),
            "shows_owner": user.role == Role.MANAGER,
        },
    )


@editor_pages
@require_safe
def stale(request: HttpRequest) -> HttpResponse:
    """Services past their review-by date, most overdue first."""
    user = signed_in_user(request)
    today = timezone.localdate()
    services = (
        service_list_for_user(user)
        .filter(service_past_review(today))
        .order_by("review_by", "name", "id")
    )
    page = _page(request, services)
    rows = [
        (service, (today - service.review_by).days, service_may_change(user, service))
        for service in page.object_list
    ]
    return render(
        request,
        "localoffer/editor/stale.html",
        {"page": page, "rows": rows, "shows_owner": user.role == Role.MANAGER},
    )


def _return_to(request: HttpRequest) -> tuple[str, str]:
    back = request.GET.get("back", "")
    key = back if back in RETURN_PAGES else "home"
    return key, reverse(RETURN_PAGES[key])


@editor_pages
@require_http_methods(["GET", "POST"])
def service(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The owner changes a service here; anyone else allowed to see it reads it."""
    user = signed_in_user(request)
    found = service_get_for_user(user, pk, write=request.method == "POST")
    back, back_url = _return_to(request)
    context = {"service": found, "back": back, "back_url": back_url}
    if not service_may_change(user, found):
        return render(
            request,
            "localoffer/editor/service_read_only.html",
            {**context, "contact": service_main_contact(found), "terms": found.terms.all()},
        )
    form = (
        ServiceForm(request.POST, service=found)
        if request.method == "POST"
        else ServiceForm(service=found)
    )
    if request.method == "POST" and form.is_valid():
        change = service_update(
            actor=user,
            service=found,
            details=form.details(),
            confirmed_correct=form.cleaned_data["confirmed_correct"],
        )
        messages.success(request, _saved_message(change.service, change.changed, change.reviewed))
        return redirect(back_url)
    return render(
        request,
        "localoffer/editor/service.html",
        {**context, "form": form, "heading": found.name},
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(Role.LOCALOFFER_EDITOR)
@require_http_methods(["GET", "POST"])
def service_new(request: HttpRequest) -> HttpResponse:
    """An editor adds a service they will keep current."""
    user = signed_in_user(request)
    form = ServiceForm(request.POST, service=None) if request.method == "POST" else None
    if form is not None and form.is_valid():
        added = service_create(actor=user, details=form.details())
        messages.success(
            request,
            f"{added.name} added. "
            + (
                "Families can now find it in the Local Offer."
                if added.status == ServiceStatus.ACTIVE
                else "It is hidden from families until its status is running."
            ),
        )
        return redirect(reverse("localoffer-editor:service", args=[added.pk]))
    form = form or ServiceForm(service=None)
    return render(
        request,
        "localoffer/editor/service_new.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def _saved_message(service: Service, changed: tuple[str, ...], reviewed: bool) -> str:
    next_review = f"{service.review_by:%-d %B %Y}"
    if changed and reviewed:
        return f"{service.name}: changes saved and checked. The next check is due by {next_review}."
    if reviewed:
        return f"{service.name}: checked. The next check is due by {next_review}."
    if changed:
        return f"{service.name}: changes saved."
    return f"{service.name}: nothing was changed."


@editor_pages
@require_POST
def service_reviewed(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The owner confirms the service is still correct, without other changes."""
    user = signed_in_user(request)
    found = service_get_for_user(user, pk, write=True)
    reviewed = service_mark_reviewed(actor=user, service=found)
    messages.success(request, _saved_message(reviewed, (), reviewed=True))
    return redirect(_return_to(request)[1])


@editor_pages
@require_safe
def broken_links(request: HttpRequest) -> HttpResponse:
    """Published addresses the link checker could not open, or found moved."""
    user = signed_in_user(request)
    problems = Link.objects.filter(status__in=LINK_PROBLEMS)
    services = list(
        service_list_for_user(user)
        .filter(url__in=problems.values("url"))
        .order_by("organization__name", "name", "id")
    )
    organisations: list[Organization] = []
    schools: list[Setting] = []
    if user.role == Role.MANAGER:
        organisations = list(
            Organization.objects.filter(website__in=problems.values("url")).order_by("name")
        )
        schools = list(
            Setting.objects.filter(sen_information_report__url__in=problems.values("url"))
            .select_related("sen_information_report")
            .order_by("name", "urn")
        )
    urls = {
        *(s.url for s in services),
        *(o.website for o in organisations),
        *(s.sen_information_report.url for s in schools),
    }
    links = {link.url: link for link in problems.filter(url__in=urls)} if urls else {}
    checked = Link.objects.filter(checked_at__isnull=False)
    unchecked = (
        service_list_for_user(user)
        .exclude(url="")
        .exclude(url__in=checked.values("url"))
        .order_by("name", "id")
    )
    return render(
        request,
        "localoffer/editor/broken_links.html",
        {
            "last_checked": checked.aggregate(last=Max("checked_at"))["last"],
            "unchecked": unchecked[:UNCHECKED_SHOWN],
            "unchecked_count": (unchecked_count := unchecked.count()),
            "unchecked_text": f"{unchecked_count:,}",
            "services": [(s, links[s.url]) for s in services if s.url in links],
            "organisations": [(o, links[o.website]) for o in organisations if o.website in links],
            "schools": [
                (s, links[s.sen_information_report.url])
                for s in schools
                if s.sen_information_report.url in links
            ],
            "shows_others": user.role == Role.MANAGER,
        },
    )


@editor_pages
@require_safe
def feedback(request: HttpRequest) -> HttpResponse:
    """What families said the pages lack, not handled first, newest first."""
    user = signed_in_user(request)
    requested = request.GET.get("show", "")
    show = requested if requested in FEEDBACK_SHOWN else "open"
    items = (
        feedback_list_for_user(user)
        .filter(FEEDBACK_SHOWN[show][1])
        .annotate(
            handled=ExpressionWrapper(Q(handled_at__isnull=False), output_field=BooleanField())
        )
        .order_by("handled", "-received_at", "-id")
    )
    return render(
        request,
        "localoffer/editor/feedback.html",
        {
            "page": _page(request, items),
            "show": show,
            "shows": [(key, label) for key, (label, _) in FEEDBACK_SHOWN.items()],
            "may_handle": feedback_may_handle(user),
        },
    )


@editor_pages
@require_POST
def feedback_handled(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    item = feedback_get_for_user(user, pk, write=True)
    try:
        feedback_mark_handled(actor=user, feedback=item)
    except FeedbackAlreadyHandled as already:
        messages.info(request, str(already))
    else:
        about = item.service.name if item.service else "the Local Offer's pages"
        messages.success(request, f"Feedback about {about} marked as handled.")
    requested = request.GET.get("show", "")
    query = f"?show={requested}" if requested in FEEDBACK_SHOWN else ""
    return redirect(reverse("localoffer-editor:feedback") + query)
