"""The manager's dashboard (issue 7): the KPIs of one area team or all, and their trends.

The page is the manager's home (`casework:manager-home`, casework.views.manager_home), which
calls `dashboard_context`. The figures come from reporting.kpis over the person's scope; the
trend charts from reporting.snapshots, never from live data.
"""

import datetime
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Role, User
from casework.models import AreaTeam
from reporting.charts import Chart, Reference, Series
from reporting.current import REFRESH_MINUTES, current_figures
from reporting.kpis import (
    BACKLOG_BANDS,
    DUE_SOON_DAYS,
    ENGLAND_DECISIONS_WITHIN_4_WEEKS_2024,
    Dashboard,
    dashboard_figures,
    scope_for_user,
)
from reporting.models import DailySnapshot
from reporting.snapshots import snapshot_series

TREND_DAYS = 365


class AreaFilterForm(forms.Form):
    """The dashboard's filter: one area team, or all of them (the default)."""

    area = forms.ChoiceField(label="Area team", required=False)

    def __init__(self, data: Any, *, areas: list[AreaTeam]) -> None:
        super().__init__(data)
        self.areas = {str(area.pk): area for area in areas}
        field = self.fields["area"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "All area teams"), *((pk, a.name) for pk, a in self.areas.items())]

    def chosen_area(self) -> AreaTeam | None:
        if not self.is_valid():
            return None
        return self.areas.get(self.cleaned_data["area"])


def _month_label(month: datetime.date) -> str:
    return f"{month:%b}\n{month:%Y}"


def _day_label(day: datetime.date) -> str:
    return f"{day.day} {day:%b}\n{day:%Y}"


def figure_charts(figures: Dashboard) -> dict[str, Chart]:
    """The charts of the live figures: decisions per month, and the backlog by age."""
    where = figures.area.name if figures.area else "all area teams"
    months = figures.decisions_by_month
    decided = [m for m in months if m.percent is not None]
    best = max(decided, key=lambda m: m.percent or 0, default=None)
    return {
        "decisions_by_month": Chart(
            id="chart-decisions-by-month",
            title=f"Decisions notified within 4 weeks of the meeting, by month, {where}",
            description=(
                f"Bar chart of the share of annual-review decisions notified within 4 weeks, "
                f"for each month from {months[0].month:%B %Y} to {months[-1].month:%B %Y}, "
                f"against England's {ENGLAND_DECISIONS_WITHIN_4_WEEKS_2024}% in 2024."
                + (f" The highest was {best.percent}% in {best.month:%B %Y}." if best else "")
            ),
            labels=[_month_label(m.month) for m in months],
            series=[Series("Within 4 weeks", [m.percent for m in months])],
            kind="bar",
            percent=True,
            reference=Reference("England 2024", ENGLAND_DECISIONS_WITHIN_4_WEEKS_2024),
            label_heading="Month notified",
        ),
        "backlog_bands": Chart(
            id="chart-backlog-bands",
            title=f"Reviews in the backlog by time overdue, {where}",
            description=(
                f"Bar chart of the {figures.backlog.total:,} overdue reviews, by how long their "
                "most overdue step has been overdue."
            ),
            labels=[label for label, _, _ in BACKLOG_BANDS],
            series=[Series("Reviews", [band.count for band in figures.backlog.bands])],
            kind="bar",
            label_heading="Time overdue",
        ),
    }


def trend_charts(snapshots: list[DailySnapshot], *, where: str) -> dict[str, Chart]:
    """The charts of the daily snapshots: backlog, timeliness, caseload and volunteers."""
    if not snapshots:
        return {}
    labels = [_day_label(s.day) for s in snapshots]
    span = f"from {snapshots[0].day:%-d %B %Y} to {snapshots[-1].day:%-d %B %Y}"
    last = snapshots[-1]
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
            title=f"Steps done on time over the previous 12 months, {where}",
            description=(
                f"Line chart {span} of three shares, each over the 12 months to the day: "
                "decisions within 4 weeks of the meeting, meetings within 12 months, and final "
                "amended plans within 12 weeks of the meeting."
            ),
            labels=labels,
            series=[
                Series("Decisions in 4 weeks", [s.decisions_percent for s in snapshots]),
                Series("Meetings in 12 months", [s.meetings_percent for s in snapshots]),
                Series("Final plans in 12 weeks", [s.final_plans_percent for s in snapshots]),
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


def dashboard_context(
    request: HttpRequest, user: User, *, today: datetime.date | None = None
) -> dict[str, Any]:
    """Everything the dashboard shows, for the area chosen in the query string."""
    today = today or timezone.localdate()
    areas = list(AreaTeam.objects.order_by("name"))
    form = AreaFilterForm(request.GET or None, areas=areas)
    area = form.chosen_area()
    if user.role == Role.MANAGER:
        # Managers see everything: the figures the worker keeps current (reporting.current).
        current = current_figures(area, today=today)
        figures, worked_out_at = current.figures, current.worked_out_at
    else:
        figures = dashboard_figures(scope_for_user(user, area=area), today=today)
        worked_out_at = timezone.now()
    where = area.name if area else "all area teams"
    snapshots = list(snapshot_series(area=area, until=today, days=TREND_DAYS))
    return {
        "areas": areas,
        "filter_form": form,
        "area": area,
        "selected_area": str(area.pk) if area else "",
        "where": where,
        "figures": figures,
        "worked_out_at": worked_out_at,
        "refresh_minutes": REFRESH_MINUTES,
        "due_until": today + datetime.timedelta(days=DUE_SOON_DAYS),
        "timeliness_rows": [
            ("Decisions notified within 4 weeks of the meeting", figures.decisions),
            ("Meetings held within 12 months", figures.meetings),
            ("Final amended plans issued within 12 weeks of the meeting", figures.final_plans),
        ],
        "england_decisions": ENGLAND_DECISIONS_WITHIN_4_WEEKS_2024,
        "charts": figure_charts(figures),
        "trends": trend_charts(snapshots, where=where),
        "snapshot_count": len(snapshots),
    }
