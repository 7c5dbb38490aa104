"""The manager's forecast page: the week the backlog clears, the extra release days that would
clear it by a chosen date, one area or all, bad questions, its query count, who may see it, and
the chart beside its table of the same figures.
"""

import re

import pytest

from accounts.models import User
from organisation.models import AreaTeam
from tests.conftest import client_for
from tests.factories import ReleaseAgreementFactory
from tests.forecast_cases import _backlog, _page, _week_row
from volunteers.models import ProgrammeSettings

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("frozen_today")
def test_the_manager_sees_the_week_the_backlog_clears(manager: User, north: AreaTeam, volunteer):
    _backlog(north, 10)
    ReleaseAgreementFactory.create(volunteer=volunteer)  # 4 a week: 6, 2, then 0
    status, page = _page(manager)
    assert status == 200
    assert "10 reviews are overdue now." in page
    assert "At the current rate the backlog clears in the week of 7 December 2026." in page
    assert "more volunteer release" not in page
    assert "Week by week, to 23 May 2027" in page


@pytest.mark.usefixtures("frozen_today")
def test_the_manager_sees_how_many_more_release_days_would_clear_a_backlog_that_does_not(
    manager: User, north: AreaTeam
):
    _backlog(north, 10)
    status, page = _page(manager)
    assert status == 200
    assert (
        "At the current rate the backlog does not clear within 26 weeks: 1 more volunteer "
        "release day a week would clear it by 23 May 2027." in page
    )


@pytest.mark.usefixtures("frozen_today")
def test_the_manager_chooses_the_date_to_clear_the_backlog_by(manager: User, north: AreaTeam):
    _backlog(north, 10)
    # By 6 December: 10 <= 4k * 2 needs k = 2.
    status, page = _page(manager, clear_by_0="6", clear_by_1="12", clear_by_2="2026")
    assert status == 200
    assert (
        "does not clear within 26 weeks: 2 more volunteer release days a week would clear it "
        "by 6 December 2026." in page
    )


@pytest.mark.usefixtures("frozen_today")
def test_a_backlog_that_clears_too_late_shows_the_days_to_clear_it_sooner(
    manager: User, north: AreaTeam, volunteer: User
):
    _backlog(north, 10)
    ReleaseAgreementFactory.create(volunteer=volunteer)
    status, page = _page(manager, clear_by_0="29", clear_by_1="11", clear_by_2="2026")
    assert status == 200
    assert "clears in the week of 7 December 2026." in page
    assert (
        "To clear it by 29 November 2026, 2 more volunteer release days a week would be needed."
        in page
    )


@pytest.mark.usefixtures("frozen_today")
def test_the_manager_may_forecast_one_area(manager: User, north: AreaTeam, west: AreaTeam):
    _backlog(north, 10)
    _backlog(west, 2)
    status, page = _page(manager, area="West")
    assert status == 200
    assert "2 reviews are overdue now." in page
    assert "Backlog forecast: West" in page


@pytest.mark.usefixtures("frozen_today")
@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"clear_by_0": "31", "clear_by_1": "2", "clear_by_2": "2027"},
            "Enter the date to clear the backlog by as a real date",
        ),
        (
            {"clear_by_0": "20", "clear_by_1": "11", "clear_by_2": "2026"},
            "The date to clear the backlog by must be today or later",
        ),
        (
            {"clear_by_0": "24", "clear_by_1": "5", "clear_by_2": "2027"},
            "The date to clear the backlog by must be within the next 26 weeks, by 23 May 2027",
        ),
        ({"area": "Atlantis"}, "Select an area team from the list"),
    ],
)
def test_bad_questions_get_a_clear_message(manager: User, north, query, message):
    status, page = _page(manager, **query)
    assert status == 400
    assert "There is a problem" in page
    assert message in page
    assert "At the current rate" not in page


@pytest.mark.usefixtures("frozen_today")
def test_the_page_makes_the_same_few_queries_whatever_the_caseload(
    manager: User, north: AreaTeam, django_assert_max_num_queries
):
    _backlog(north, 30)
    ProgrammeSettings.current()
    client = client_for(manager)
    with django_assert_max_num_queries(19):
        assert client.get("/manager/forecast/").status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("manager", 200),
        ("officer_north", 403),
        ("volunteer", 403),
        ("headteacher", 403),
        ("editor", 403),
    ],
)
def test_only_managers_see_the_forecast(personas: dict[str, User], persona: str, status: int):
    assert client_for(personas[persona]).get("/manager/forecast/").status_code == status


@pytest.mark.usefixtures("frozen_today")
def test_the_forecast_is_drawn_as_a_chart_beside_a_table_of_the_same_figures(
    manager: User, north: AreaTeam, volunteer: User
):
    _backlog(north, 10)
    ReleaseAgreementFactory.create(volunteer=volunteer)  # 4 a week: 6, 2, then 0
    status, page = _page(manager)
    assert status == 200
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img" aria-labelledby="chart-forecast-title chart-forecast-desc"' in svg
    assert (
        '<title id="chart-forecast-title">Backlog forecast at the end of each week, all area '
        "teams</title>" in svg
    )
    assert (
        "from the week starting 23 November 2026 to the week starting 17 May 2027: 10 now and 0 "
        "at the end. It first reaches 0 in the week starting 7 December 2026." in svg
    )
    assert ">23 Nov<" in svg  # the first week, in words
    assert ">2026<" in svg
    points = re.search(r'<polyline points="([^"]+)"', svg)  # one point a week
    assert points is not None
    assert len(points.group(1).split()) == 26
    table = page[page.index('id="forecast-weeks"') :]
    assert page.index("</svg>") < page.index('id="forecast-weeks"')
    assert _week_row(table, "23 November 2026") == ["0", "4", "0", "6"]
    assert _week_row(table, "30 November 2026") == ["0", "4", "0", "2"]
    assert _week_row(table, "7 December 2026") == ["0", "4", "0", "0"]
