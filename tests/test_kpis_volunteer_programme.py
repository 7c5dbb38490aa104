"""The managers' volunteer programme KPI (issues 7 and 15), for one area and for all,
checked against figures counted by hand.
Today is Monday 23 November 2026 unless a test says otherwise."""

from decimal import Decimal

import pytest

from reporting.kpis import kpi_volunteer_programme
from reporting.scope import scope_for_user
from reporting.timeliness import Share
from tests.kpi_cases import (
    TODAY,
    everything,
    fixture_programme,  # noqa: F401  (a fixture)
)

pytestmark = pytest.mark.django_db


def test_the_volunteer_programme_figures_of_one_area(programme, north, manager):
    figures = kpi_volunteer_programme(scope_for_user(manager, area=north), today=TODAY)

    assert (figures.volunteers_active, figures.release_days_approved) == (2, 42)
    assert figures.release_days_used == 2
    assert figures.checklists_submitted == 4
    assert [(g.label, g.count) for g in figures.grades] == [
        ("Outstanding", 1),
        ("Good", 2),
        ("Requires improvement", 0),
        ("Inadequate", 1),
    ]
    assert figures.recommending_amendment == Share(2, 4)
    assert figures.recommending_amendment.percent == Decimal("50.0")
    assert (figures.moderation.compared, figures.moderation.agreed) == (2, 1)


def test_the_volunteer_programme_figures_of_all_areas(programme, manager):
    figures = kpi_volunteer_programme(everything(manager), today=TODAY)

    assert (figures.volunteers_active, figures.release_days_approved) == (3, 52)
    assert figures.release_days_used == 3
    assert figures.recommending_amendment == Share(3, 5)
