"""The case officers' capacity of each area team in the backlog forecast: measured when there is
enough to measure, else the manager's default, and never a silent 0; and a manager setting the
defaults, every row valid or nothing saved, each change an event.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils.html import escape

from accounts.models import Role, User
from audit.models import Event
from organisation.models import AreaTeam
from reporting.forecast_inputs import case_officers_by_area, forecast_inputs
from reporting.models import ForecastCapacity
from reviews.models import ReviewStatus
from tests.conftest import client_for
from tests.factories import CaseOfficerFactory, PlanFactory, ReviewFactory, UserFactory
from tests.forecast_cases import MONDAY, _backlog, _default, _page, _week_row

pytestmark = pytest.mark.django_db

# The case officers' capacity: measured when there is enough to measure, else the manager's
# default, and never a silent 0.


def _officers(area: AreaTeam, count: int) -> list[User]:
    return [CaseOfficerFactory.create(areas=[area]) for _ in range(count)]


def _concluded_by(area: AreaTeam, officers: list[User], count: int) -> None:
    """`count` reviews concluded without a volunteer on 16 November, shared among `officers`."""
    for n in range(count):
        plan = PlanFactory.create(area=area, case_officer=officers[n % len(officers)])
        ReviewFactory.create(
            plan=plan, status=ReviewStatus.CONCLUDED, concluded_on=date(2026, 11, 16)
        )


def test_an_officer_in_two_teams_counts_as_half_an_officer_in_each(north: AreaTeam, west):
    _officers(north, 1)
    CaseOfficerFactory.create(areas=[north, west])
    CaseOfficerFactory.create(areas=[north], is_active=False)  # has left
    UserFactory.create(role=Role.MANAGER, areas=[west])  # not a case officer
    assert case_officers_by_area() == {north.pk: 1.5, west.pk: 0.5}


@pytest.mark.usefixtures("frozen_today")
@pytest.mark.parametrize(("concluded", "per_week"), [(10, 2.5), (9, 8.0)])
def test_ten_reviews_concluded_in_four_weeks_are_enough_to_measure_and_nine_are_not(
    north: AreaTeam, concluded: int, per_week: float
):
    officers = _officers(north, 2)
    _concluded_by(north, officers, concluded)
    _default(north, "4")  # 4 a week for each of 2 officers
    [capacity] = forecast_inputs(today=MONDAY, area=north).officer_capacity
    assert capacity.per_week == per_week
    assert capacity.is_measured is (concluded == 10)


@pytest.mark.usefixtures("frozen_today")
def test_with_no_recent_conclusions_the_default_is_used_and_the_page_says_so(
    manager: User, north: AreaTeam
):
    officers = _officers(north, 2)
    _concluded_by(north, officers, 2)
    _backlog(north, 20, default="4")
    # 2 officers at 4 a week: 20 - 8 = 12, then 4, then 0 in the week of 7 December.
    status, page = _page(manager)
    assert status == 200
    assert (
        "Default set by a manager: 4 reviews per officer per week for 2 case officers, so 8 a "
        "week." in page
    )
    assert (
        escape(
            "Because only 2 reviews were concluded without a volunteer in the last 4 weeks, and at "
            "least 10 are needed to measure the team's own rate."
        )
        in page
    )
    assert "At the current rate the backlog clears in the week of 7 December 2026." in page
    assert _week_row(page, "23 November 2026") == ["0", "0", "8", "12"]


@pytest.mark.usefixtures("frozen_today")
def test_with_enough_recent_conclusions_the_measured_rate_is_used(manager: User, north: AreaTeam):
    officers = _officers(north, 2)
    _concluded_by(north, officers, 12)
    _backlog(north, 9, default="4")  # would give 8 a week; the measured rate wins
    # 12 in 4 weeks is 3 a week: 9 - 3 = 6, then 3, then 0 in the week of 7 December.
    status, page = _page(manager, area="North")
    assert status == 200
    assert (
        "Measured: 12 reviews concluded in the last 4 weeks without a volunteer by 2 case "
        "officers, so 3 a week." in page
    )
    assert (
        escape(
            "At least 10 reviews concluded in the last 4 weeks are enough to measure the team's "
            "own rate."
        )
        in page
    )
    assert "Default set by a manager" not in page
    assert "At the current rate the backlog clears in the week of 7 December 2026." in page
    assert _week_row(page, "23 November 2026") == ["0", "0", "3", "6"]


@pytest.mark.usefixtures("frozen_today")
def test_with_neither_the_page_says_it_cannot_forecast_that_area(
    manager: User, north: AreaTeam, west: AreaTeam
):
    officers = _officers(west, 3)
    _concluded_by(west, officers, 2)
    _backlog(west, 5, default=None)
    _backlog(north, 5, default="4")

    status, page = _page(manager)
    assert status == 200
    assert (
        "The backlog of all areas cannot be forecast until a manager sets a default capacity "
        "for West: too few reviews were concluded there in the last 4 weeks to measure the rate."
        in page
    )
    assert "Cannot forecast West until a manager sets a default." in page
    assert "At the current rate" not in page
    assert 'id="forecast-weeks"' not in page
    assert "<svg" not in page

    status, page = _page(manager, area="West")
    assert "The backlog of West cannot be forecast" in page
    assert "At the current rate" not in page

    status, page = _page(manager, area="North")  # North has its default: 5 overdue, 0 officers
    assert "The backlog of North cannot be forecast" not in page
    assert (
        "Default set by a manager: 4 reviews per officer per week, but no case officer works "
        "in North, so 0 a week." in page
    )
    assert "At the current rate the backlog does not clear within 26 weeks" in page


# Setting the default: managers only, every row valid or nothing saved, each change an event.


def _save(user: User | None, rates: dict[AreaTeam, str], **query: str):
    client = Client() if user is None else client_for(user)
    path = "/manager/forecast/" + (
        f"?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else ""
    )
    return client.post(path, {f"rate_{area.pk}": rate for area, rate in rates.items()})


@pytest.mark.usefixtures("frozen_today")
def test_a_manager_sets_each_areas_default_and_each_change_is_recorded(
    manager: User, north: AreaTeam, west: AreaTeam
):
    response = _save(manager, {north: "4", west: "2.5"}, area="West")
    assert response.status_code == 302
    assert response["Location"] == "/manager/forecast/?area=West"
    assert {
        c.area.name: (c.reviews_per_officer_per_week, c.updated_by)
        for c in ForecastCapacity.objects.all()
    } == {"North": (Decimal("4.0"), manager), "West": (Decimal("2.5"), manager)}
    events = Event.objects.filter(action="forecast_capacity.changed").order_by("id")
    assert [(e.actor, e.target_id, e.details) for e in events] == [
        (manager, str(north.pk), {"area": "North", "reviews_per_officer_per_week": [None, "4"]}),
        (manager, str(west.pk), {"area": "West", "reviews_per_officer_per_week": [None, "2.5"]}),
    ]

    _status, page = _page(manager)
    assert f'name="rate_{north.pk}" value="4"' in page
    assert f'name="rate_{west.pk}" value="2.5"' in page

    # The same figures again change nothing; emptying one removes it.
    assert _save(manager, {north: "4.0", west: ""}).status_code == 302
    assert list(ForecastCapacity.objects.values_list("area__name", flat=True)) == ["North"]
    last = Event.objects.filter(action="forecast_capacity.changed").order_by("-id")
    assert last.count() == 3
    assert last[0].details == {"area": "West", "reviews_per_officer_per_week": ["2.5", None]}


@pytest.mark.usefixtures("frozen_today")
def test_saving_says_which_defaults_changed(manager: User, north: AreaTeam):
    client = client_for(manager)
    response = client.post("/manager/forecast/", {f"rate_{north.pk}": "3"}, follow=True)
    assert "Default capacity saved for North." in response.content.decode()


@pytest.mark.parametrize("persona", ["officer_north", "volunteer", "headteacher", "editor"])
def test_nobody_but_a_manager_may_change_a_default(
    personas: dict[str, User], persona: str, north: AreaTeam
):
    assert _save(personas[persona], {north: "4"}).status_code == 403
    assert not ForecastCapacity.objects.exists()
    assert not Event.objects.filter(action="forecast_capacity.changed").exists()


def test_a_visitor_who_has_not_signed_in_is_sent_to_sign_in_and_changes_nothing(north):
    response = _save(None, {north: "4"})
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")
    assert not ForecastCapacity.objects.exists()


@pytest.mark.usefixtures("frozen_today")
@pytest.mark.parametrize(
    ("entered", "message"),
    [
        ("0", "The reviews per officer per week for North must be more than 0"),
        ("-3", "The reviews per officer per week for North must be more than 0"),
        ("four", "Enter the reviews per officer per week for North as a number, like 4 or 2.5"),
        ("Infinity", "Enter the reviews per officer per week for North as a number, like 4 or 2.5"),
        ("1000000", "The reviews per officer per week for North must be 25 or fewer"),
        ("25.1", "The reviews per officer per week for North must be 25 or fewer"),
        (
            "2.55",
            "Enter the reviews per officer per week for North with no more than one decimal "
            "place, like 2.5",
        ),
    ],
)
def test_a_bad_default_gets_a_clear_message_and_nothing_is_saved(
    manager: User, north: AreaTeam, west: AreaTeam, entered: str, message: str
):
    _default(north, "3")
    response = _save(manager, {north: entered, west: "4"})
    page = " ".join(response.content.decode().split())
    assert response.status_code == 400
    assert "<title>Error: Backlog forecast" in page
    assert "There is a problem" in page
    assert f'<a href="#id_rate_{north.pk}">{message}</a>' in page
    assert [
        (c.area.name, c.reviews_per_officer_per_week) for c in ForecastCapacity.objects.all()
    ] == [("North", Decimal("3.0"))]
    assert not Event.objects.filter(action="forecast_capacity.changed").exists()


@pytest.mark.usefixtures("frozen_today")
@pytest.mark.parametrize(("entered", "saved"), [("0.1", "0.1"), ("25", "25.0"), (" 2.5 ", "2.5")])
def test_the_smallest_and_largest_defaults_are_accepted(
    manager: User, north: AreaTeam, entered: str, saved: str
):
    assert _save(manager, {north: entered}).status_code == 302
    assert ForecastCapacity.objects.get().reviews_per_officer_per_week == Decimal(saved)
