"""The manager's dashboard (issues 7 and 15): the KPIs of one area team or all, the
timeliness of a chosen calendar year and of the 12 months to today, and their trends.

The page is the manager's home (`reporting:manager-home`, `manager_home` below), which
calls `dashboard_context`. The figures come from reporting.kpis over the person's scope; the
trend charts from reporting.snapshots, never from live data.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.access import role_required, signed_in_user
from accounts.models import Role, User
from audit.services import event_record
from localoffer.selectors import sen_report_setting_list_for_user
from localoffer.sen_reports import compliance_summary
from organisation.models import AreaTeam, Setting
from reporting.charts import Chart, Reference, Series
from reporting.current import (
    REFRESH_MINUTES,
    current_area_counts,
    current_figures,
    current_figures_refresh,
    current_figures_work_out,
)
from reporting.definitions import TIMELINESS_DEFINITIONS
from reporting.kpis import CHECKLIST_WEEKS, DUE_SOON_DAYS, Dashboard, dashboard_figures
from reporting.models import DailySnapshot
from reporting.scope import scope_for_user
from reporting.snapshots import snapshot_series
from reporting.timeliness import (
    ENGLAND_DECISIONS_WITHIN_4_WEEKS_2024,
    PeriodTimeliness,
    StepTimeliness,
    last_complete_year,
    percent_of,
    years_to_choose_from,
)
from reviews import statutory
from reviews.overdue import OVERDUE_BANDS

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


def _month_label(month: datetime.date) -> str:
    return f"{month:%b}\n{month:%Y}"


def _day_label(day: datetime.date) -> str:
    return f"{day.day} {day:%b}\n{day:%Y}"


def _month_name(month: datetime.date) -> str:
    return f"{month:%B %Y}"


def figure_charts(figures: Dashboard) -> dict[str, Chart]:
    """The charts of the live figures: decisions due each month, and the backlog by age."""
    where = figures.area.name if figures.area else "all area teams"
    months = figures.decisions_by_month
    weeks = statutory.DECISION_WEEKS_AFTER
    return {
        "decisions_by_month": Chart(
            id="chart-decisions-by-month",
            title=f"Decisions due each month, by when they were notified, {where}",
            description=(
                f"Bar chart of the decisions whose {weeks} weeks after the review meeting ended "
                f"in each month from {_month_name(months[0].month)} to "
                f"{_month_name(months[-1].month)}: notified within {weeks} weeks, notified "
                f"later, and none recorded. In all, "
                f"{sum(m.on_time for m in months):,} on time, {sum(m.late for m in months):,} "
                f"later and {sum(m.none_recorded for m in months):,} with none recorded."
            ),
            labels=[_month_label(m.month) for m in months],
            series=[
                Series(f"Within {weeks} weeks", [m.on_time for m in months]),
                Series("Later", [m.late for m in months]),
                Series("None recorded", [m.none_recorded for m in months]),
            ],
            kind="bar",
            label_heading=f"Month the {weeks} weeks ended",
        ),
        "backlog_bands": Chart(
            id="chart-backlog-bands",
            title=f"Reviews in the backlog by time overdue, {where}",
            description=(
                f"Bar chart of the {figures.backlog.total:,} overdue reviews, by how long their "
                "most overdue step has been overdue."
            ),
            labels=[band.label for band in OVERDUE_BANDS],
            series=[Series("Reviews", [band.count for band in figures.backlog.bands])],
            kind="bar",
            label_heading="Time overdue",
        ),
    }


def programme_charts(figures: Dashboard) -> dict[str, Chart]:
    """The volunteer programme's charts: release days approved against those used, and the
    checklists submitted each week."""
    where = figures.area.name if figures.area else "all area teams"
    programme = figures.volunteers
    charts = {
        "release_days": Chart(
            id="chart-release-days",
            title=f"Release days approved and used, {where}",
            description=(
                f"Bar chart of the release days in agreements in force, "
                f"{programme.release_days_approved:,}, against the release days used so far, "
                f"{programme.release_days_used:,}."
            ),
            labels=["Approved", "Used"],
            series=[
                Series(
                    "Release days",
                    [programme.release_days_approved, programme.release_days_used],
                )
            ],
            kind="bar",
            label_heading="Release days",
        )
    }
    weeks = programme.checklists_by_week
    if weeks:
        charts["checklists_by_week"] = Chart(
            id="chart-checklists-by-week",
            title=f"Checklists submitted each week, {where}",
            description=(
                f"Bar chart of the checklists submitted in each of the last {len(weeks)} weeks, "
                f"from the week starting {weeks[0].week:%-d %B %Y} to this week: "
                f"{sum(w.count for w in weeks):,} in all, {weeks[-1].count:,} this week."
            ),
            labels=[_day_label(w.week) for w in weeks],
            series=[Series("Checklists submitted", [w.count for w in weeks])],
            kind="bar",
            label_heading="Week starting",
        )
    return charts


def phase_transfer_chart(figures: Dashboard) -> Chart:
    """Phase transfers by deadline: final by it, final late, and not yet final."""
    where = figures.area.name if figures.area else "all area teams"
    transfer = figures.phase_transfer
    deadlines = transfer.deadlines
    return Chart(
        id="chart-phase-transfers",
        title=f"Phase transfers {transfer.academic_year} by deadline, {where}",
        description=(
            "Bar chart of the plans due a phase transfer by each deadline: the review's outcome "
            "final by the deadline, final late, and not yet final. In all, "
            f"{sum(d.met_on_time for d in deadlines):,} final by the deadline, "
            f"{sum(d.met_late for d in deadlines):,} late and "
            f"{sum(d.not_met for d in deadlines):,} not yet final."
        ),
        labels=[d.label.replace(" (", "\n(") for d in deadlines],
        series=[
            Series("Final by the deadline", [d.met_on_time for d in deadlines]),
            Series("Final late", [d.met_late for d in deadlines]),
            Series("Not yet final", [d.not_met for d in deadlines]),
        ],
        kind="bar",
        label_heading="Deadline",
    )


def sen_report_chart(schools: QuerySet[Setting], *, where: str) -> Chart:
    """Schools whose SEN information report is complete, incomplete, or not checked yet."""
    summary = compliance_summary(schools)
    return Chart(
        id="chart-sen-reports",
        title=f"Schools' SEN information reports, {where}",
        description=(
            f"Bar chart of the {summary.schools:,} schools: {summary.complete:,} with a report "
            f"that covers everything the law requires, {summary.incomplete:,} with a report "
            f"that misses something, and {summary.not_assessed:,} not checked yet."
        ),
        labels=["Complete", "Incomplete", "Not checked yet"],
        series=[Series("Schools", [summary.complete, summary.incomplete, summary.not_assessed])],
        kind="bar",
        label_heading="Report",
    )


def _timeliness_series(
    name: str, snapshots: list[DailySnapshot], step: str, none_key: str
) -> Series:
    """One step's share on time in each snapshot, with its numerator, denominator and none
    recorded in the table. Snapshots taken before the share counted the steps never done
    (they have no `none_key`) are left out rather than shown as a different measure."""
    values: list[Decimal | None] = []
    notes: list[str] = []
    for snapshot in snapshots:
        on_time, whole = getattr(snapshot, f"{step}_on_time"), getattr(snapshot, f"{step}_done")
        none_recorded = snapshot.figures.get(none_key)
        if none_recorded is None:
            values.append(None)
            notes.append("")
            continue
        values.append(percent_of(on_time, whole))
        notes.append(f"{on_time:,} of {whole:,}; none recorded {none_recorded:,}")
    return Series(name, values, notes)


def trend_charts(snapshots: list[DailySnapshot], *, where: str) -> dict[str, Chart]:
    """The charts of the daily snapshots: backlog, timeliness, caseload and volunteers."""
    if not snapshots:
        return {}
    labels = [_day_label(s.day) for s in snapshots]
    span = f"from {snapshots[0].day:%-d %B %Y} to {snapshots[-1].day:%-d %B %Y}"
    last = snapshots[-1]
    weeks = statutory.DECISION_WEEKS_AFTER
    final_weeks = statutory.FINAL_PLAN_WEEKS_AFTER_MEETING
    months = statutory.REVIEW_PERIOD_MONTHS
    return {
        "trend_backlog": Chart(
            id="chart-trend-backlog",
            title=f"Backlog and reviews due in the next 12 weeks, {where}",
            description=(
                f"Line chart of the daily count of overdue reviews {span}; on the last day "
                f"{last.backlog:,} were overdue and {last.reviews_due_next_12_weeks:,} due."
            ),
            labels=labels,
            series=[
                Series("In the backlog", [s.backlog for s in snapshots]),
                Series(
                    "Due in the next 12 weeks", [s.reviews_due_next_12_weeks for s in snapshots]
                ),
            ],
            label_heading="Day",
        ),
        "trend_timeliness": Chart(
            id="chart-trend-timeliness",
            title=f"Steps done on time, reviews due in the previous {months} months, {where}",
            description=(
                f"Line chart {span} of three shares, each of the reviews due in the {months} "
                f"months to the day, with those never done counted in the whole: decisions "
                f"within {weeks} weeks of the meeting, of meetings held; meetings within the "
                f"{months}-month period, of reviews due; final amended plans within "
                f"{final_weeks} weeks of the meeting, of decisions to amend."
            ),
            labels=labels,
            series=[
                _timeliness_series(
                    f"Decisions in {weeks} weeks", snapshots, "decisions", "decisions_none_recorded"
                ),
                _timeliness_series("Meetings in time", snapshots, "meetings", "meetings_not_held"),
                _timeliness_series(
                    f"Final plans in {final_weeks} weeks",
                    snapshots,
                    "final_plans",
                    "final_plans_not_issued",
                ),
            ],
            percent=True,
            reference=Reference("England 2024 decisions", ENGLAND_DECISIONS_WITHIN_4_WEEKS_2024),
            label_heading="Day",
        ),
        "trend_caseload": Chart(
            id="chart-trend-caseload",
            title=f"Active plans, {where}",
            description=f"Line chart of the number of active plans {span}; "
            f"{last.active_plans:,} on the last day.",
            labels=labels,
            series=[Series("Active plans", [s.active_plans for s in snapshots])],
            label_heading="Day",
        ),
        "trend_volunteers": Chart(
            id="chart-trend-volunteers",
            title=f"The volunteer programme, {where}",
            description=(
                f"Line chart {span} of release days used and checklists submitted so far, and "
                "volunteers active on the day."
            ),
            labels=labels,
            series=[
                Series("Release days used", [s.release_days_used for s in snapshots]),
                Series("Checklists submitted", [s.checklists_submitted for s in snapshots]),
                Series("Volunteers active", [s.volunteers_active for s in snapshots]),
            ],
            label_heading="Day",
        ),
    }


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
