"""The public Local Offer: search, a service's page and feedback. No sign-in needed.

Families reach these pages from search engines and the council's website, often on a
phone. The search is the one the Open Referral feed uses (`selectors.service_search`), so
the two never disagree about what a family can find.
"""

import datetime
from dataclasses import dataclass
from math import ceil
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, OuterRef, QuerySet, Window
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from accounts.ratelimits import posts_wait_seconds
from common.dates import weekday_date
from common.pagination import page_links
from common.replica import reading_from_replica
from localoffer.models import (
    CostOption,
    Schedule,
    Service,
    ServiceStatus,
)
from localoffer.places import miles_text, services_by_distance
from localoffer.public_forms import (
    FeedbackForm,
    SearchTerms,
    ServiceSearchForm,
    feedback_page_is_allowed,
    search_terms,
)
from localoffer.selectors import service_listed, service_public_get, service_search
from localoffer.spelling import corrected_words
from localoffer.taxonomy import NEEDS, SECTIONS

PAGE_SIZE = 20
MAX_PAGE_NUMBER = 100_000
SUMMARY_WORDS = 30
HREF_PLACEHOLDER = UUID(int=0)
SERVICE_NAME = "Local Offer"
# Per client address, counted on every POST: a burst, and a steady trickle. Seconds to wait.
FEEDBACK_RATES = {"5/m": 60, "30/h": 60 * 60}
DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}


@dataclass(frozen=True)
class ServiceResult:
    """One service in a list of results, as plain values (no model instances to build)."""

    href: str
    name: str
    organisation: str
    summary: str
    ages: str
    sections: list[str]
    closed: bool = False
    distance: str = ""
    nearest: str = ""


@dataclass(frozen=True)
class ResultsPage:
    number: int
    count: int
    results: list[ServiceResult]

    @property
    def num_pages(self) -> int:
        return max(1, ceil(self.count / PAGE_SIZE))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def ages_text(minimum: int | None, maximum: int | None) -> str:
    if minimum is None and maximum is None:
        return "All ages"
    if minimum is None:
        return f"Up to {maximum} years"
    if maximum is None:
        return f"{minimum} years and over"
    if minimum == maximum:
        return f"{minimum} years"
    return f"{minimum} to {maximum} years"


def summary_text(description: str, words: int = SUMMARY_WORDS) -> str:
    """The description on one line, cut short after a few words."""
    split = description.split()
    return " ".join(split[:words]) + ("…" if len(split) > words else "")


def time_text(moment: datetime.time) -> str:
    """09:30, 15:00: the 24-hour clock, as every page of the service writes times."""
    return f"{moment:%H:%M}"


def schedule_text(schedule: Schedule) -> str:
    days = [DAYS[code] for code in schedule.byday.replace(" ", "").split(",") if code in DAYS]
    parts = []
    if days:
        joined = days[0] if len(days) == 1 else f"{', '.join(days[:-1])} and {days[-1]}"
        parts.append(f"Every {joined}" if schedule.freq == "WEEKLY" else joined)
    elif schedule.freq == "MONTHLY":
        parts.append("Monthly")
    if schedule.opens_at and schedule.closes_at:
        parts.append(f"{time_text(schedule.opens_at)} to {time_text(schedule.closes_at)}")
    if schedule.attending_type:
        parts.append(schedule.attending_type.lower())
    when = ", ".join(parts)
    if schedule.description:
        return f"{schedule.description} ({when})" if when else schedule.description
    return when


def cost_text(cost: CostOption) -> str:
    """A cost option in one phrase, saying nothing twice: option "Free", amount 0 and
    "Free of charge" read "Free of charge", not "Free: free Free of charge"."""
    price = ""
    if cost.amount == 0:
        price = "Free"
    elif cost.amount is not None:
        price = f"£{cost.amount:,.2f}".removesuffix(".00")
    parts = [p.strip() for p in (cost.option, price, cost.amount_description) if p.strip()]
    kept = [
        part
        for index, part in enumerate(parts)
        if not any(
            part.lower() in other.lower() and (part.lower() != other.lower() or later > index)
            for later, other in enumerate(parts)
            if later != index
        )
    ]
    if cost.option.strip() in kept and len(kept) > 1:
        return f"{kept[0]}: {' '.join(kept[1:])}"
    return " ".join(kept)


def _said(text: str) -> str:
    return " ".join(text.lower().replace(";", " ").replace(".", " ").split())


def fees_repeat_costs(fees: str, costs: list[str]) -> bool:
    """Whether the fees description says no more than the cost options already do."""
    told = _said(" ".join(costs))
    return bool(costs) and all(_said(part) in told for part in fees.split(";") if part.strip())


def count_text(count: int) -> str:
    if count == 0:
        return "No services found"
    return f"{count:,} service{'' if count == 1 else 's'} found"


def _page_path(request: HttpRequest) -> str:
    path = request.get_full_path()
    return path if len(path) <= 300 else request.path


def _render(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    service: Service | None = None,
) -> HttpResponse:
    """Render a public page with "Was this page useful?" at its foot."""
    context.setdefault(
        "feedback_form",
        FeedbackForm(initial={"page": _page_path(request), "service": service}),
    )
    context["service_name"] = SERVICE_NAME
    context["service_url"] = reverse("localoffer:search")
    return render(request, template, context, status=status)


def _page_number(requested: str | None) -> int:
    """The page asked for; a number past any real result (an altered link) reads as the
    last page, rather than reaching the database as an offset it cannot hold."""
    try:
        return min(max(1, int(requested or 1)), MAX_PAGE_NUMBER)
    except ValueError:
        return 1


def _page_rows(
    services: QuerySet[Service], number: int, section_ids: list[UUID], *, near: bool
) -> list[dict[str, Any]]:
    """One page of services as values, each row carrying the size of the whole result
    (a window count) and the ids of its sections, so that a page is one query."""
    sections = ArraySubquery(
        Service.terms.through.objects.filter(
            service_id=OuterRef("pk"), taxonomyterm_id__in=section_ids
        ).values("taxonomyterm_id")
    )
    rows = services.annotate(total=Window(Count("*")), section_ids=sections).values(
        "id",
        "name",
        "description",
        "minimum_age",
        "maximum_age",
        "organization__name",
        "section_ids",
        "status",
        "total",
        *(("distance", "nearest") if near else ()),
    )
    offset = (number - 1) * PAGE_SIZE
    return list(rows[offset : offset + PAGE_SIZE])


def search_page(
    services: QuerySet[Service], requested: str | None, terms: SearchTerms, *, near: bool = False
) -> ResultsPage:
    """The requested page of results; past the end (an old link), the last page. With
    `near`, `services` carry their distance (`places.services_by_distance`)."""
    sections = {term.id: term.name for term in terms.sections}
    number = _page_number(requested)
    rows = _page_rows(services, number, list(sections), near=near)
    if not rows and number > 1:
        number = max(1, ceil(services.count() / PAGE_SIZE))
        rows = _page_rows(services, number, list(sections), near=near)
    # One reverse() for the page rather than one a result: the address differs only by id.
    href = reverse("localoffer:service", args=[HREF_PLACEHOLDER])
    results = []
    for row in rows:
        section_ids = set(row["section_ids"])
        results.append(
            ServiceResult(
                href=href.replace(str(HREF_PLACEHOLDER), str(row["id"])),
                name=row["name"],
                organisation=row["organization__name"],
                summary=summary_text(row["description"]),
                ages=ages_text(row["minimum_age"], row["maximum_age"]),
                sections=[name for pk, name in sections.items() if pk in section_ids],
                closed=row["status"] == ServiceStatus.TEMPORARILY_CLOSED,
                distance=miles_text(row.get("distance")),
                nearest=row.get("nearest") or "",
            )
        )
    return ResultsPage(number=number, count=rows[0]["total"] if rows else 0, results=results)


def _results(
    form: ServiceSearchForm, terms: SearchTerms, words: str, corrections: dict[str, str]
) -> ResultsPage:
    services = service_search(
        service_listed(),
        words=words,
        term_ids=form.term_ids(),
        age=form.cleaned_data["age"],
        corrections=corrections,
    )
    if form.place is not None:
        services = services_by_distance(services, form.place)
    requested = form.data.get("page")
    return search_page(services, requested, terms, near=form.place is not None)


@login_not_required
@require_safe
@reading_from_replica()
def search(request: HttpRequest) -> HttpResponse:
    """Search the Local Offer by words, section, need and the child's age, 20 to a page."""
    terms = search_terms()
    form = ServiceSearchForm(request.GET, terms=terms)
    context: dict[str, Any] = {"form": form, "filters": [form["section"], form["need"]]}
    if not form.is_valid():
        return _render(request, "localoffer/public/search.html", context, status=400)
    filters = form.filters()
    words = form.cleaned_data["q"]
    page = _results(form, terms, words, {})
    # Every word must match, so one misspelt word finds nothing: only then are the words
    # checked for spelling, and the search made again with the corrections.
    corrections = corrected_words(words) if words and not page.count else {}
    if corrections:
        page = _results(form, terms, words, corrections)
    context.update(
        place=form.place,
        corrected=" ".join(corrections.get(w.lower(), w) for w in words.split())
        if corrections
        else "",
        searched=True,
        page=page,
        count=count_text(page.count),
        page_links=page_links(page.number, page.num_pages, urlencode(filters))
        if page.num_pages > 1
        else [],
        query=urlencode(filters),
        filtered=bool(filters),
    )
    return _render(request, "localoffer/public/search.html", context)


@login_not_required
@require_safe
@reading_from_replica()
def service(request: HttpRequest, pk: UUID) -> HttpResponse:
    """A service's page: what it is, who it is for, and how to reach it."""
    found = service_public_get(pk)
    terms = list(found.terms.all())
    contacts = list(found.contacts.all())
    costs = [cost_text(cost) for cost in found.cost_options.all()]
    context = {
        "service": found,
        "closed": found.status == ServiceStatus.TEMPORARILY_CLOSED,
        "ages": ages_text(found.minimum_age, found.maximum_age),
        "sections": [t for t in terms if t.taxonomy.code == SECTIONS],
        "needs": [t for t in terms if t.taxonomy.code == NEEDS],
        "contacts": contacts,
        # The service's own email only when no contact already gives it.
        "service_email": ""
        if found.email.lower() in {c.email.lower() for c in contacts}
        else found.email,
        "locations": [at.location for at in found.at_locations.all()],
        "schedules": [schedule_text(s) for s in found.schedules.all()],
        "costs": list(dict.fromkeys(costs)),
        "fees": "" if fees_repeat_costs(found.fees_description, costs) else found.fees_description,
        "last_reviewed": weekday_date(found.last_reviewed_on),
    }
    return _render(request, "localoffer/public/service.html", context, service=found)


def _feedback_wait_seconds(request: HttpRequest) -> int:
    """How long the client must wait before sending more feedback (0: it may send now)."""
    return posts_wait_seconds(request, group="localoffer:feedback", key="ip", rates=FEEDBACK_RATES)


def _feedback_page(page: str) -> str:
    """The page feedback was sent from, to go back to; the search for anything else."""
    return page if feedback_page_is_allowed(page) else reverse("localoffer:search")


@login_not_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    """Was this page useful? Sent from the foot of every public page; back there after."""
    if request.method == "GET":
        form = FeedbackForm(initial={"page": _feedback_page(request.GET.get("page", ""))})
        return _render(request, "localoffer/public/feedback.html", {"feedback_form": form})
    wait = _feedback_wait_seconds(request)
    if wait:
        response = _render(
            request,
            "localoffer/public/feedback_limited.html",
            {"wait": "a minute" if wait <= 60 else "an hour"},
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    back = _feedback_page(request.POST.get("page", ""))
    form = FeedbackForm(request.POST)
    if form.is_from_a_program:
        # Answered as any other sender would be, so that the program learns nothing.
        messages.success(request, "Thank you for your feedback")
        return HttpResponseRedirect(back)
    if not form.is_valid():
        context: dict[str, Any] = {"form": form, "feedback_form": form, "back_url": back}
        return _render(request, "localoffer/public/feedback.html", context, status=400)
    form.save()
    messages.success(request, "Thank you for your feedback")
    return HttpResponseRedirect(back)
