"""The dates and builders shared by the backlog forecast tests: the frozen Monday the forecast
starts from, its last day, reviews in an area's backlog, a manager's default capacity, and
reading the forecast page.
"""

import re
from datetime import date
from decimal import Decimal

from accounts.models import User
from organisation.models import AreaTeam
from reporting.models import ForecastCapacity
from reviews.models import Review
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import PlanFactory, ReviewFactory, UserFactory

MONDAY = date(2026, 11, 23)  # the frozen today
LAST_DAY = date(2027, 5, 23)  # the Sunday ending the 26th week


def _plan_review(area: AreaTeam, **review: object) -> Review:
    return ReviewFactory.create(plan=PlanFactory.create(area=area), **review)


def _backlog(area: AreaTeam, size: int, *, default: str | None = "4") -> None:
    """`size` overdue reviews in `area`, which has no case officers: with a default set, its
    officers' capacity is known to be 0 a week."""
    for _ in range(size):
        _plan_review(area, due_on=date(2026, 10, 1))
    recompute_reviews(today=MONDAY)
    if default is not None:
        _default(area, default)


def _default(area: AreaTeam, rate: str) -> None:
    ForecastCapacity.objects.update_or_create(
        area=area,
        defaults={
            "reviews_per_officer_per_week": Decimal(rate),
            "updated_by": UserFactory.create(),
        },
    )


def _page(user: User, **query: str) -> tuple[int, str]:
    response = client_for(user).get("/manager/forecast/", query)
    return response.status_code, " ".join(response.content.decode().split())


def _week_row(page: str, week: str) -> list[str]:
    """The figures of one week in the week-by-week table."""
    table = page[page.index('id="forecast-weeks"') :]
    row = table[table.index(f">{week}</th>") :]
    row = row[: row.index("</tr>")]
    return re.findall(r'govuk-table__cell--numeric">([^<]*)<', row)
