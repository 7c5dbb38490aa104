"""An imported review history reaches the figures a council reports (issue 15, acceptance).

One caseload row with a meeting, a decision and an outcome is imported as a new user would
import it; the concluded review it keeps is then found in the SEN2 export and in the
timeliness figures of the year it was due, and its decision outside the 12-month period is
counted.
"""

from datetime import date

import pytest
import time_machine

from caseload.importing import caseload_import
from reporting.scope import scope_whole_service
from reporting.timeliness import kpi_timeliness, period_calendar_year
from tests.sen2_cases import _rows
from tests.test_import import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-23 10:00:00+00:00", tick=False):
        yield


def import_rows(*rows: dict[str, str]) -> None:
    result = caseload_import(data=csv_bytes(*rows), filename="caseload.csv", actor=None)
    assert result.saved, result.errors


def test_an_imported_meeting_decision_and_outcome_appear_in_sen2_and_the_timeliness_figures(
    officer_north, manager
):
    # Issued 15 January 2024: the first review is due by 14 January 2025. Held on 2 January,
    # decided on 10 January, inside the 4 weeks and the 12 months; maintained.
    import_rows(
        row(
            plan_ref="EHCP-0001",
            plan_issued_on="2024-01-15",
            last_review_meeting_on="2025-01-02",
            last_review_decision_on="2025-01-10",
            last_review_outcome="maintain",
        )
    )

    sen2 = _rows(manager)["EHCP-0001"]  # census day 15 January 2026
    assert (sen2["ReviewMeeting"], sen2["LastReview"], sen2["ReviewOutcome"]) == (
        "2025-01-02",
        "2025-01-10",
        "M",
    )

    figures = kpi_timeliness(
        scope_whole_service(), period=period_calendar_year(2025), today=date(2026, 11, 23)
    )
    assert figures.expected == 1
    assert (figures.meetings.on_time, figures.meetings.late) == (1, 0)
    assert (figures.decisions.on_time, figures.decisions.late, figures.decisions.none_recorded) == (
        1,
        0,
        0,
    )
    assert figures.outcomes.maintained == 1
    assert figures.decisions_outside_period == 0
    assert figures.reports_not_received == 0  # the file gives no report dates to judge


def test_an_imported_decision_after_the_12_month_period_is_counted_as_outside_it(
    officer_north,
):
    # Due by 14 January 2025, held on 10 January, decided on 3 February: inside the 4 weeks
    # from the meeting, but after the review's 12-month period ended.
    import_rows(
        row(
            plan_ref="EHCP-0001",
            plan_issued_on="2024-01-15",
            last_review_meeting_on="2025-01-10",
            last_review_decision_on="2025-02-03",
            last_review_outcome="amend",
        )
    )

    figures = kpi_timeliness(
        scope_whole_service(), period=period_calendar_year(2025), today=date(2026, 11, 23)
    )
    assert figures.decisions_outside_period == 1
    assert figures.decisions.on_time == 1
    assert figures.outcomes.amended == 1
    assert figures.final_plans.none_recorded == 1  # the row does not say a final plan was issued
