"""The caseloads shared by the manager's dashboard tests (issue 7): plans with reviews due,
overdue and decided in an area, two areas with different caseloads, and the page's main part.
"""

from datetime import date, timedelta

import pytest
from django.http import HttpResponse, HttpResponseBase

from organisation.models import AreaTeam
from reviews.recompute import recompute_reviews
from tests.factories import PlanFactory, ReviewFactory

TODAY = date(2026, 11, 23)


def caseload(area: AreaTeam, *, plans: int = 1, overdue: int = 1, decided: int = 1) -> None:
    """Plans with a review due in 4 weeks, overdue reviews (40 days), and decided reviews
    (meeting 1 October, decision on day 28)."""
    for _ in range(plans):
        ReviewFactory.create(plan=PlanFactory.create(area=area), due_on=TODAY + timedelta(28))
    for _ in range(overdue):
        ReviewFactory.create(plan=PlanFactory.create(area=area), due_on=TODAY - timedelta(40))
    for _ in range(decided):
        ReviewFactory.create(
            plan=PlanFactory.create(area=area),
            decided=True,
            due_on=date(2026, 10, 1),
            report_received_on=date(2026, 10, 10),
            decision_notified_on=date(2026, 10, 29),
        )
    recompute_reviews(today=TODAY)


@pytest.fixture
def areas(north: AreaTeam, west: AreaTeam) -> tuple[AreaTeam, AreaTeam]:
    caseload(north, plans=2, overdue=1, decided=1)
    caseload(west, plans=1, overdue=3, decided=0)
    return north, west


def main_of(response: HttpResponseBase) -> str:
    assert isinstance(response, HttpResponse)
    page: str = response.content.decode()
    return page.split("<main", 1)[1].split("</main>", 1)[0]
