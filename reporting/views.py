"""The manager's dashboard (issues 7 and 15): the KPIs of one area team or all, the
timeliness of a chosen calendar year and of the 12 months to today, and their trends.

The page is the manager's home (`reporting:manager-home`, `manager_home` below), which
calls `dashboard_context`. The figures come from reporting.kpis over the person's scope; the
trend charts from reporting.snapshots, never from live data; the charts are drawn by
reporting.dashboard_charts.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.access import role_required, signed_in_user
from accounts.models import Role, User
from audit.services import event_record
from common.notices import emails_failed_count
from common.replica import reading_from_replica
from localoffer.selectors import sen_report_setting_list_for_user
from organisation.models import AreaTeam
from reporting.current import (
    REFRESH_MINUTES,
    current_area_counts,
    current_figures,
    current_figures_refresh,
    current_figures_work_out,
)
from reporting.dashboard_charts import (
    figure_charts,
    phase_transfer_chart,
    programme_charts,
    sen_report_chart,
    trend_charts,
)
from reporting.definitions import TIMELINESS_DEFINITIONS
from reporting.kpis import CHECKLIST_WEEKS, DUE_SOON_DAYS, Dashboard, dashboard_figures
from reporting.scope import scope_for_user
from reporting.snapshots import snapshot_series
from reporting.timeliness import (
    ENGLAND_DECISIONS_WITHIN_4_WEEKS_2024,
    PeriodTimeliness,
    StepTimeliness,
    last_complete_year,
    years_to_choose_from,
)
from reviews import statutory

TREND_DAYS = 365


class DashboardFilterForm(forms.Form):
    """The dashboard's filter: one area team, or all of them (the default), and the calendar
    year of the timeliness figures (the last complete one by default). A choice not on the
    list falls back to the default, and the page says so."""

    area = forms.ChoiceField(label="Area team", required=False)
    year = forms.ChoiceField(label="Calendar year", required=False)

    def __init__(self, data: Any, *, areas: list[AreaTeam], years: list[int]) -> None:
        super().__init__(data)
        self.areas = {str(area.pk): area for area in areas}
        self.years = years
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = [("", "All area teams"), *((pk, a.name) for pk, a in self.areas.items())]
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = [("", str(years[0])), *((str(y), str(y)) for y in years[1:])]

    def chosen_area(self) -> AreaTeam | None:
        if not self.is_valid():
            return None
        return self.areas.get(self.cleaned_data["area"])

    def chosen_year(self) -> int:
        if not self.is_valid() or not self.cleaned_data["year"]:
            return self.years[0]
        return int(self.cleaned_data["year"])


# --- The timeliness tables, as the dashboard and the board report print them -----------------


@dataclass(frozen=True)
class TimelinessTable:
    """One step's figures: a row per measure, a cell per period (the calendar year, then
    the 12 months to today)."""

    id: str
    caption: str
    rows: list[tuple[str, list[str]]]


def _count(number: int) -> str:
    return f"{number:,}"


def _none_recorded(step: StepTimeliness) -> str:
    if step.still_in_time:
        return f"{step.none_recorded:,}, of which {step.still_in_time:,} still in time"
    return f"{step.none_recorded:,}"


def period_heading(timeliness: PeriodTimeliness) -> str:
    return f"Due in {timeliness.period.label}"


def timeliness_tables(figures: Dashboard) -> list[TimelinessTable]:
    """The timeliness of the calendar year and of the 12 months to today: every share with
    its numerator and denominator, and the count with none recorded beside it."""
    periods = [figures.calendar_year, figures.twelve_months]
    weeks = statutory.DECISION_WEEKS_AFTER
    final_weeks = statutory.FINAL_PLAN_WEEKS_AFTER_MEETING
    months = statutory.REVIEW_PERIOD_MONTHS

    def row(label: str, cell: Callable[[PeriodTimeliness], str]) -> tuple[str, list[str]]:
        return label, [cell(period) for period in periods]

    return [
        TimelinessTable(
            "timeliness-meetings",
            "Review meetings, of the reviews expected",
            [
                row("Reviews expected", lambda p: _count(p.expected)),
                row(
                    f"Held within the {months}-month period",
                    lambda p: p.meetings.share.in_words,
                ),
                row("Held late", lambda p: _count(p.meetings.late)),
                row("Not held (none recorded)", lambda p: _none_recorded(p.meetings)),
            ],
        ),
        TimelinessTable(
            "timeliness-decisions",
            "Decisions, of the meetings held",
            [
                row(
                    f"Notified within {weeks} weeks of the meeting",
                    lambda p: p.decisions.share.in_words,
                ),
                row("Notified later", lambda p: _count(p.decisions.late)),
                row("None recorded", lambda p: _none_recorded(p.decisions)),
            ],
        ),
        TimelinessTable(
            "timeliness-outcomes",
            "Outcomes, of the meetings held",
            [
                row("Plan maintained", lambda p: _count(p.outcomes.maintained)),
                row("Plan amended", lambda p: _count(p.outcomes.amended)),
                row("Plan ceased", lambda p: _count(p.outcomes.ceased)),
                row("None recorded", lambda p: _count(p.outcomes.none_recorded)),
            ],
        ),
        TimelinessTable(
            "timeliness-final-plans",
            "Final amended plans, of the decisions to amend",
            [
                row(
                    f"Issued within {final_weeks} weeks of the meeting",
                    lambda p: p.final_plans.share.in_words,
                ),
                row("Issued later", lambda p: _count(p.final_plans.late)),
                row("Not issued (none recorded)", lambda p: _none_recorded(p.final_plans)),
            ],
        ),
        TimelinessTable(
            "timeliness-other",
            "Other measures, of the reviews expected",
            [
                row(
                    f"Decisions outside the {months}-month period",
                    lambda p: _count(p.decisions_outside_period),
                ),
                row(
                    "Reports of the meeting not received", lambda p: _count(p.reports_not_received)
                ),
            ],
        ),
    ]


def worked_out_in_words(worked_out_at: datetime.datetime, *, now: datetime.datetime) -> str:
    """ "Worked out 12 minutes ago, at 14:03": how old the figures are, and the time where the
    council is."""
    minutes = max(0, int((now - worked_out_at).total_seconds() // 60))
    if minutes < 1:
        ago = "less than a minute ago"
    elif minutes < 60:
        ago = f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    else:
        hours = minutes // 60
        ago = f"{hours} hour{'s' if hours != 1 else ''} ago"
    return f"Worked out {ago}, at {timezone.localtime(worked_out_at):%H:%M}"


def dashboard_context(
    request: HttpRequest, user: User, *, today: datetime.date | None = None
) -> dict[str, Any]:
    """Everything the dashboard shows, for the area and year chosen in the query string."""
    today = today or timezone.localdate()
    areas = list(AreaTeam.objects.order_by("name"))
    form = DashboardFilterForm(request.GET or None, areas=areas, years=years_to_choose_from(today))
    area, year = form.chosen_area(), form.chosen_year()
    if user.role == Role.MANAGER:
        # Managers see everything: the figures the worker keeps current (reporting.current).
        current = current_figures(area, today=today, year=year)
        figures, worked_out_at = current.figures, current.worked_out_at
    else:
        figures = dashboard_figures(scope_for_user(user, area=area), today=today, year=year)
        worked_out_at = timezone.now()
    where = area.name if area else "all area teams"
    snapshots = list(snapshot_series(area=area, until=today, days=TREND_DAYS))
    schools = sen_report_setting_list_for_user(user)
    if area is not None:
        schools = schools.filter(area=area)
    return {
        "areas": areas,
        "filter_form": form,
        "area": area,
        "selected_area": str(area.pk) if area else "",
        "selected_year": "" if year == last_complete_year(today) else str(year),
        "where": where,
        "figures": figures,
        "worked_out_at": worked_out_at,
        "worked_out": worked_out_in_words(worked_out_at, now=timezone.now()),
        "may_refresh": user.role == Role.MANAGER,
        "refresh_minutes": REFRESH_MINUTES,
        "due_until": today + datetime.timedelta(days=DUE_SOON_DAYS),
        "periods": [period_heading(figures.calendar_year), period_heading(figures.twelve_months)],
        "timeliness_tables": timeliness_tables(figures),
        "definitions": TIMELINESS_DEFINITIONS,
        "england_decisions": ENGLAND_DECISIONS_WITHIN_4_WEEKS_2024,
        "charts": {
            **figure_charts(figures),
            **programme_charts(figures),
            "phase_transfers": phase_transfer_chart(figures),
            "sen_reports": sen_report_chart(schools, where=where),
        },
        "checklist_weeks": CHECKLIST_WEEKS,
        "trends": trend_charts(snapshots, where=where),
        "snapshot_count": len(snapshots),
    }


@role_required(Role.MANAGER)
@reading_from_replica()
def manager_home(request: HttpRequest) -> HttpResponse:
    """The manager's home: the dashboard: KPIs by area, trends, and what they can do."""
    user = signed_in_user(request)
    return render(
        request,
        "reporting/manager_home.html",
        {
            "heading": "Service overview",
            **dashboard_context(request, user),
            # Managers see every area: the worker keeps this table current (reporting.current).
            "counts": current_area_counts(today=timezone.localdate()),
            "emails_failed": emails_failed_count(),
        },
    )


@role_required(Role.MANAGER)
@require_POST
def figures_refresh(request: HttpRequest) -> HttpResponse:
    """Work the dashboard's figures out again now, rather than wait for the worker.

    Done in the request (docs/decisions/0018): about 2 seconds on the demo council, and the
    manager sees new figures when the page comes back. The area and year the manager was
    looking at come back with the form, so the page returns to them, and a year other than
    the one the worker keeps current is worked out too."""
    user = signed_in_user(request)
    today = timezone.localdate()
    form = DashboardFilterForm(
        request.POST,
        areas=list(AreaTeam.objects.order_by("name")),
        years=years_to_choose_from(today),
    )
    area, year = form.chosen_area(), form.chosen_year()
    started = timezone.now()
    sets = current_figures_refresh(today=today)
    if year != last_complete_year(today):
        current_figures_work_out(area, today=today, year=year)
        sets += 1
    finished = timezone.now()
    event_record(
        actor=user,
        action="figures.refreshed",
        details={"sets": sets, "seconds": round((finished - started).total_seconds(), 1)},
    )
    messages.success(
        request, f"The figures were worked out again at {timezone.localtime(finished):%H:%M}."
    )
    query = {
        key: value
        for key, value in (
            ("area", str(area.pk) if area else ""),
            ("year", "" if year == last_complete_year(today) else str(year)),
        )
        if value
    }
    return redirect(reverse("reporting:manager-home") + (f"?{urlencode(query)}" if query else ""))
