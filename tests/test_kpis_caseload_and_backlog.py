"""The managers' caseload and backlog KPIs (issues 7 and 15): active plans, reviews due in
the next 12 weeks, and the backlog banded by days overdue from the statutory rules.
Today is Monday 23 November 2026 unless a test says otherwise."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from reporting.backlog import Band, kpi_backlog
from reporting.kpis import kpi_caseload
from reviews.models import ReviewStatus
from reviews.overdue import OVERDUE_BANDS
from reviews.recompute import recompute_reviews
from tests.kpi_cases import TODAY, everything, plan_in, review_in

pytestmark = pytest.mark.django_db


# --- Caseload and backlog ---------------------------------------------------------------------


def test_active_plans_and_reviews_due_in_the_next_12_weeks(north, manager):
    """Due today and on 15 Feb 2027 (day 84) count; 16 Feb 2027, yesterday (overdue), one
    whose meeting is held and one of a ceased plan do not. Six active plans, one ceased."""
    for due in (TODAY, date(2027, 2, 15), date(2027, 2, 16), TODAY - timedelta(days=1)):
        review_in(north, due_on=due)
    review_in(north, status=ReviewStatus.MEETING_HELD, due_on=TODAY, meeting_on=TODAY)
    review_in(north, ceased=True, due_on=TODAY)
    plan_in(north)  # no review open

    figures = kpi_caseload(everything(manager), today=TODAY)

    assert (figures.active_plans, figures.reviews_due_next_12_weeks) == (6, 2)


def test_the_backlog_is_banded_by_days_overdue(north, manager):
    """Meetings overdue by 1, 28 (up to 4 weeks), 29 (4 to 12 weeks), 364 (26 to 52 weeks)
    and 365 days (more than 52 weeks). Not in it: due today, a ceased plan's overdue review,
    a concluded review."""
    for days in (1, 28, 29, 364, 365):
        review_in(north, due_on=TODAY - timedelta(days=days))
    review_in(north, due_on=TODAY)
    review_in(north, ceased=True, due_on=TODAY - timedelta(days=40))
    review_in(
        north,
        status=ReviewStatus.CONCLUDED,
        due_on=TODAY - timedelta(days=40),
        meeting_on=TODAY - timedelta(days=50),
    )
    recompute_reviews(today=TODAY)

    figures = kpi_backlog(everything(manager), today=TODAY)

    assert figures.total == 5
    assert figures.bands == (
        Band("Up to 4 weeks", 2),
        Band("4 to 12 weeks", 1),
        Band("12 to 26 weeks", 0),
        Band("26 to 52 weeks", 1),
        Band("More than 52 weeks", 1),
    )


def test_the_backlog_bands_end_at_whole_weeks_from_the_statutory_rules():
    assert [
        (band.slug, band.label, band.fewest_days, band.most_days) for band in OVERDUE_BANDS
    ] == [
        ("up_to_4_weeks", "Up to 4 weeks", 1, 28),
        ("4_to_12_weeks", "4 to 12 weeks", 29, 84),
        ("12_to_26_weeks", "12 to 26 weeks", 85, 182),
        ("26_to_52_weeks", "26 to 52 weeks", 183, 364),
        ("more_than_52_weeks", "More than 52 weeks", 365, None),
    ]


@pytest.mark.parametrize(
    "module",
    [
        "reporting/kpis.py",
        "reporting/backlog.py",
        "reporting/timeliness.py",
        "reporting/definitions.py",
        "reviews/overdue.py",
    ],
)
def test_the_kpis_write_no_statutory_number_of_days_themselves(module):
    """The 4 and 12 weeks come from reviews.statutory (DECISION_WEEKS_AFTER, WEEK, ...): the
    modules of the figures and of their bands, docstrings included, write neither 28 nor 84
    days."""
    source = (Path(__file__).parent.parent / module).read_text()
    assert re.findall(r"\b(?:14|28|56|84)\b", source) == []
