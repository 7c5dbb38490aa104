"""The board's one-page summary (issue 17): a row per area team and the total, before the
detail of the board report.

Each figure is the dashboard's own (reporting.kpis, reporting.backlog, reporting.timeliness)
for the whole service, split by area team in two GROUP BY queries whatever the caseload: one
over the area teams with their active plans, one over the reviews by their plan's area.

- Active plans: plans still maintained.
- Reviews in the backlog: open reviews of active plans with a statutory step overdue.
- Overdue over 12 weeks: those whose most overdue step is more than 12 weeks overdue.
- Decisions on time: reviews due in the 12 months to today whose meeting was held, and of
  those the decisions notified within 4 weeks of it (none recorded count in the whole).
- Phase transfers not yet final: plans with a phase transfer due this academic year whose
  review's outcome is not final. Counted by plan across the year: a plan whose reviews carry
  two different deadlines counts once here, and once under each deadline on the dashboard.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q

from casework.models import PlanStatus
from organisation.models import AreaTeam
from reporting.kpis import transfer_year, transfer_year_label
from reporting.timeliness import (
    COUNTED,
    Period,
    Share,
    decision_conditions,
    period_twelve_months_to,
)
from reviews import statutory
from reviews.models import Review

OVERDUE_WEEKS = statutory.FINAL_PLAN_WEEKS_AFTER_MEETING  # where reviews.overdue's bands divide
WHOLE_SERVICE = "All area teams"


@dataclass(frozen=True)
class SummaryRow:
    area: str
    area_id: int | None  # None for the whole service
    active_plans: int
    backlog: int
    overdue_long: int  # more than OVERDUE_WEEKS weeks overdue
    decisions: Share  # on time, of those due in the 12 months to today
    transfers_not_final: int


@dataclass(frozen=True)
class BoardSummary:
    today: datetime.date
    period: Period  # of the decisions
    academic_year: str  # of the phase transfers
    rows: list[SummaryRow]
    total: SummaryRow


def _total(rows: list[SummaryRow]) -> SummaryRow:
    return SummaryRow(
        area=WHOLE_SERVICE,
        area_id=None,
        active_plans=sum(r.active_plans for r in rows),
        backlog=sum(r.backlog for r in rows),
        overdue_long=sum(r.overdue_long for r in rows),
        decisions=Share(sum(r.decisions.part for r in rows), sum(r.decisions.whole for r in rows)),
        transfers_not_final=sum(r.transfers_not_final for r in rows),
    )


def board_summary(*, today: datetime.date) -> BoardSummary:
    """The summary of every area team as it is today: two queries."""
    period = period_twelve_months_to(today)
    year_start, year_end = transfer_year(today)
    active = Q(plan__status=PlanStatus.ACTIVE)
    backlog = active & Q(in_backlog=True, overdue_since__isnull=False)
    due_in_period = COUNTED & Q(due_on__range=(period.starts_on, period.ends_on))
    decided = decision_conditions(today)
    transfer = active & Q(phase_transfer_due_on__range=(year_start, year_end))
    areas = (
        AreaTeam.objects.annotate(
            n_active=Count("plans", filter=Q(plans__status=PlanStatus.ACTIVE))
        )
        .order_by("name")
        .values("pk", "name", "n_active")
    )
    by_area = {
        row["area_id"]: row
        for row in Review.objects.values(area_id=F("plan__area_id"))
        .annotate(
            n_backlog=Count("id", filter=backlog),
            n_long=Count(
                "id",
                filter=backlog
                & Q(
                    overdue_since__lt=today
                    - datetime.timedelta(days=OVERDUE_WEEKS * statutory.WEEK)
                ),
            ),
            n_on_time=Count("id", filter=due_in_period & decided["on_time"]),
            n_decisions=Count(
                "id",
                filter=due_in_period & (decided["on_time"] | decided["late"] | decided["none"]),
            ),
            n_transfers=Count("plan_id", distinct=True, filter=transfer),
            n_final=Count(
                "plan_id",
                distinct=True,
                filter=transfer & Q(phase_transfer_met_on__isnull=False),
            ),
        )
        .order_by()
    }
    rows = []
    for area in areas:
        found = by_area.get(area["pk"], {})
        rows.append(
            SummaryRow(
                area=area["name"],
                area_id=area["pk"],
                active_plans=area["n_active"],
                backlog=found.get("n_backlog", 0),
                overdue_long=found.get("n_long", 0),
                decisions=Share(found.get("n_on_time", 0), found.get("n_decisions", 0)),
                transfers_not_final=found.get("n_transfers", 0) - found.get("n_final", 0),
            )
        )
    return BoardSummary(
        today=today,
        period=period,
        academic_year=transfer_year_label(today),
        rows=rows,
        total=_total(rows),
    )
