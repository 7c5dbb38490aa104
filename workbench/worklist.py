"""Finding a case, and the notifications worklist: the officer's ways into their caseload.

Search is for case officers (their areas) and managers (every area); anyone else is refused.
A search result lists children's records, so each search is an event (`plan.searched`).
"""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any, TypedDict

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from audit.services import event_record, plans_listed_record
from casework.models import Plan, PlanStatus
from casework.search import QUERY_MAX_LENGTH, plan_search_for_user
from casework.selectors import area_list_for_user
from common.dates import long_date
from common.pagination import CappedPaginator, page_links
from common.urls import reversed_once
from contributions.family_questions import questions_overdue_for_user
from reviews.alerts import alert_get_for_user, alert_mark_done, alert_snooze
from reviews.forms import DayMonthYearField
from reviews.models import Alert, AlertKind, Review, ReviewStatus, Step

NOTIFICATIONS_PAGE_SIZE = 50
# Families' questions overdue for an answer, longest waiting first, above the alerts.
QUESTIONS_SHOWN = 50
SNOOZE_CHOICES = [("7", "1 week"), ("14", "2 weeks"), ("28", "4 weeks"), ("date", "Until a date")]


def _next_step(plan: Plan, review: Review | None) -> str:
    if plan.status == PlanStatus.CEASED:
        return "Plan ceased"
    if review is None:
        return "No review open"
    if review.status == ReviewStatus.PLANNING:
        return f"Meeting due by {long_date(review.due_on)}"
    return review.get_status_display()


@role_required(Role.CASE_OFFICER, Role.MANAGER)
def case_search(request: HttpRequest) -> HttpResponse:
    """Find a case by the child's name (forgiving spelling), plan reference or UPN."""
    user = signed_in_user(request)
    query = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
    context: dict[str, Any] = {"query": query, "query_max_length": QUERY_MAX_LENGTH}
    if query:
        search = plan_search_for_user(user, query)
        open_reviews = {
            r.plan_id: r
            for r in Review.objects.open().filter(plan__in=[p.pk for p in search.plans])
        }
        context["search"] = search
        context["results"] = [(p, _next_step(p, open_reviews.get(p.pk))) for p in search.plans]
        event_record(
            actor=user,
            action="plan.searched",
            details={"query": query, "plan_refs": [p.plan_ref for p in search.plans]},
        )
    return render(request, "workbench/case_search.html", context)


class NotificationFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Due soon and overdue"), *AlertKind.choices]
    )
    area = forms.ChoiceField(label="Area team", required=False)

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = [("", "All your areas"), *((a, a) for a in areas)]
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"


# Kinds shown in red; the rest (due soon) in yellow.
URGENT_KINDS = {AlertKind.OVERDUE, AlertKind.FAMILY_WAITING}


class AlertRow(TypedDict):
    """One alert as its row of the worklist shows it: text, escaped when printed. A page
    of fifty rows rendered from the alerts themselves cost some 10 ms of lookups and
    reversed addresses in the template. A dict, which the template engine reads at its
    first try (an object's attributes only after a failed key lookup)."""

    pk: int
    plan_ref: str
    case_url: str
    child_name: str
    area_name: str
    urgent: bool
    kind: str  # "Overdue"
    step: str  # "Annual review meeting"
    due_on: str  # "23 November 2026"
    back_from_snooze: bool
    done_url: str
    snooze_url: str


# What a row shows of each alert, read as values rather than five model instances a row.
ALERT_ROW_FIELDS = (
    "pk",
    "kind",
    "step",
    "due_on",
    "snoozed_until",
    "review__plan__plan_ref",
    "review__plan__child__forename",
    "review__plan__child__surname",
    "review__plan__area__name",
)


def alert_rows(alerts: Iterable[Mapping[str, Any]]) -> list[AlertRow]:
    """The rows of a page of the worklist, from its alerts' `ALERT_ROW_FIELDS`."""
    case_url = reversed_once("workbench:case")
    done_url = reversed_once("workbench:notification-done")
    snooze_url = reversed_once("workbench:notification-snooze")
    return [
        AlertRow(
            pk=alert["pk"],
            plan_ref=alert["review__plan__plan_ref"],
            case_url=case_url(alert["review__plan__plan_ref"]),
            child_name=(
                f"{alert['review__plan__child__forename']} {alert['review__plan__child__surname']}"
            ),
            area_name=alert["review__plan__area__name"],
            urgent=alert["kind"] in URGENT_KINDS,
            kind=AlertKind(alert["kind"]).label,
            step=Step(alert["step"]).label,
            due_on=long_date(alert["due_on"]),
            back_from_snooze=alert["snoozed_until"] is not None,
            done_url=done_url(alert["pk"]),
            snooze_url=snooze_url(alert["pk"]),
        )
        for alert in alerts
    ]


@role_required(Role.CASE_OFFICER, Role.MANAGER)
def notifications(request: HttpRequest) -> HttpResponse:
    """The worklist: deadlines that became due soon or overdue, not yet done or snoozed."""
    user = signed_in_user(request)
    areas = list(area_list_for_user(user).values_list("name", flat=True))
    form = NotificationFilterForm(request.GET or None, areas=areas)
    alerts = Alert.objects.to_do(user, timezone.localdate())
    if form.is_valid():
        if kind := form.cleaned_data["kind"]:
            alerts = alerts.filter(kind=kind)
        if area := form.cleaned_data["area"]:
            alerts = alerts.filter(review__plan__area__name=area)
    # Newest first, then by the deadline shown: the order of the index alert_to_do_in_order.
    alerts = alerts.order_by(*Alert.TO_DO_ORDER)
    page = CappedPaginator(alerts.values(*ALERT_ROW_FIELDS), NOTIFICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    questions = list(questions_overdue_for_user(user, today=timezone.localdate())[:QUESTIONS_SHOWN])
    rows = alert_rows(page.object_list)
    # The page names children and their plans, in its alerts and its families' questions:
    # who was shown which is kept.
    plans_listed_record(
        actor=user,
        page="notifications",
        plan_refs=sorted({q.plan.plan_ref for q in questions} | {row["plan_ref"] for row in rows}),
    )
    return render(
        request,
        "workbench/notifications.html",
        {
            "questions_overdue": questions,
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "page_links": page_links(page.number, page.paginator.num_pages, query.urlencode()),
            "filtered": any(request.GET.get(name) for name in ("kind", "area")),
        },
    )


def _filters_of_the_list(text: str) -> str:
    """The notifications list's query string carried through a form ("?kind=overdue"), or
    nothing: only ever a query string of that page, never an address elsewhere."""
    return text if text.startswith("?") and "\n" not in text and "\r" not in text else ""


def _back_to_list(request: HttpRequest) -> HttpResponse:
    """Back to the list as it was filtered, when the form says so."""
    response = redirect("workbench:notifications")
    response["Location"] += _filters_of_the_list(request.POST.get("next", ""))
    return response


@role_required(Role.CASE_OFFICER, Role.MANAGER)
def notification_done(request: HttpRequest, alert_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("workbench:notifications")
    user = signed_in_user(request)
    alert = alert_get_for_user(user, alert_id)
    alert_mark_done(actor=user, alert=alert)
    messages.success(
        request,
        f"Marked done: {alert.get_step_display().lower()} for {alert.review.plan.plan_ref}. "
        "It is off your list.",
    )
    return _back_to_list(request)


class SnoozeForm(forms.Form):
    how_long = forms.ChoiceField(
        label="How long for?",
        choices=SNOOZE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how long to snooze it for"},
    )
    until = DayMonthYearField(
        label="If until a date: the date it comes back",
        help_text="For example, 27 3 2027",
        required=False,
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                Field.radios("how_long", legend_size=Size.SMALL),
                Field("until"),
                legend="",
            ),
            Button("submit", "Snooze"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        how_long = data.get("how_long")
        if how_long == "date":
            until = data.get("until")
            if until is None and "until" not in self.errors:
                self.add_error("until", "Enter the date it comes back")
            elif until is not None and until <= self.today:
                self.add_error("until", "The date it comes back must be in the future")
            elif until is not None and until > self.today + timedelta(days=366):
                self.add_error("until", "The date it comes back must be within a year")
            else:
                data["comes_back"] = until
        elif how_long:
            data["comes_back"] = self.today + timedelta(days=int(how_long))
        return data


@role_required(Role.CASE_OFFICER, Role.MANAGER)
def notification_snooze(request: HttpRequest, alert_id: int) -> HttpResponse:
    user = signed_in_user(request)
    alert = alert_get_for_user(user, alert_id)
    today = timezone.localdate()
    form = SnoozeForm(request.POST if request.method == "POST" else None, today=today)
    if request.method == "POST" and form.is_valid():
        comes_back: date = form.cleaned_data["comes_back"]
        alert_snooze(actor=user, alert=alert, until=comes_back)
        messages.success(
            request,
            f"Snoozed: {alert.get_step_display().lower()} for {alert.review.plan.plan_ref} "
            f"comes back on {long_date(comes_back)}.",
        )
        return _back_to_list(request)
    return render(
        request,
        "workbench/notification_snooze.html",
        {"alert": alert, "form": form, "next": _filters_of_the_list(request.GET.get("next", ""))},
        status=400 if form.errors else 200,
    )
