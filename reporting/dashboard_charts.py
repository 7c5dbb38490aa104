"""The charts of the manager's dashboard and of the board report (reporting.board): the
figures of one scope, the volunteer programme, phase transfers, SEN information reports,
and the trends from the daily snapshots. Each chart is a `reporting.charts.Chart`."""

import datetime
from decimal import Decimal

from django.db.models import QuerySet

from localoffer.sen_reports import compliance_summary
from organisation.models import Setting
from reporting.charts import Chart, Reference, Series
from reporting.kpis import Dashboard
from reporting.models import DailySnapshot
from reporting.timeliness import ENGLAND_DECISIONS_WITHIN_4_WEEKS_2024, percent_of
from reviews import statutory
from reviews.overdue import OVERDUE_BANDS


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
