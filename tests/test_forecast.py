"""The backlog forecast: the arithmetic with known answers, the figures it starts from, the
case officers' capacity of each area team (measured, a manager's default, or none), and the
manager's page."""

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils.html import escape

from accounts.models import Role, User
from audit.models import Event
from organisation.models import AreaTeam
from reporting.forecast import Forecast, extra_volunteer_days_needed, forecast_weeks
from reporting.forecast_inputs import case_officers_by_area, forecast_inputs
from reporting.models import ForecastCapacity
from reviews.models import Review, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import (
    CaseOfficerFactory,
    PlanFactory,
    ReleaseAgreementFactory,
    ReviewFactory,
    SettingFactory,
    UserFactory,
    VolunteerFactory,
)
from volunteers.models import AgreementStatus, Assignment, ProgrammeSettings, VolunteerProfile

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)  # the frozen today
LAST_DAY = date(2027, 5, 23)  # the Sunday ending the 26th week


# The arithmetic, with answers worked by hand.


def test_a_backlog_that_capacity_outruns_clears_in_the_week_it_first_reaches_zero():
    # 10 + 2 - 6.5 = 5.5; 5.5 + 2 - 6.5 = 1; 1 + 2 - 6.5 < 0, so 0 in the third week.
    result = forecast_weeks(
        backlog=10,
        due_by_week=[2, 2, 2, 2],
        volunteer_capacity_per_week=4,
        officer_throughput_per_week=2.5,
        start=MONDAY,
    )
    assert [w.backlog_at_end for w in result.rows[:4]] == [5.5, 1.0, 0.0, 0.0]
    assert [w.backlog_shown for w in result.rows[:3]] == [6, 1, 0]
    assert result.clears_on == date(2026, 12, 7)
    assert len(result.rows) == 26
    assert result.ends_on == LAST_DAY


def test_a_backlog_growing_by_one_a_week_never_clears():
    result = forecast_weeks(
        backlog=100,
        due_by_week=[5] * 26,
        volunteer_capacity_per_week=0,
        officer_throughput_per_week=4,
        start=MONDAY,
    )
    assert result.clears_on is None
    assert result.rows[-1].backlog_shown == 126


def _growing(officers: float) -> Forecast:
    return forecast_weeks(
        backlog=100,
        due_by_week=[5] * 26,
        volunteer_capacity_per_week=0,
        officer_throughput_per_week=officers,
        start=MONDAY,
    )


def test_two_more_release_days_a_week_clear_the_growing_backlog_within_the_26_weeks():
    # With k days of 4 reviews: 100 + (j + 1) <= 4k(j + 1) first holds, for j <= 25, at k = 2.
    needed = extra_volunteer_days_needed(
        backlog=100,
        due_by_week=[5] * 26,
        volunteer_capacity_per_week=0,
        officer_throughput_per_week=4,
        start=MONDAY,
        clear_by=LAST_DAY,
        reviews_per_day=4,
    )
    assert needed == 2
    # Run it: 2 extra days (8 reviews) clear it in the week of 1 March; 1 extra day does not.
    assert _growing(officers=4 + 8).clears_on == date(2027, 3, 1)
    assert _growing(officers=4 + 4).clears_on is None


def test_an_earlier_date_needs_more_release_days():
    # By the end of week 6: 106 <= 4k * 6 needs k = 5 (4.42 rounded up).
    assert (
        extra_volunteer_days_needed(
            backlog=100,
            due_by_week=[5] * 26,
            volunteer_capacity_per_week=0,
            officer_throughput_per_week=4,
            start=MONDAY,
            clear_by=date(2027, 1, 3),
            reviews_per_day=4,
        )
        == 5
    )


def test_no_extra_days_are_needed_when_the_backlog_clears_anyway():
    assert (
        extra_volunteer_days_needed(
            backlog=10,
            due_by_week=[],
            volunteer_capacity_per_week=4,
            officer_throughput_per_week=2.5,
            start=MONDAY,
            clear_by=date(2026, 12, 13),
            reviews_per_day=4,
        )
        == 0
    )


@pytest.mark.parametrize("clear_by", [date(2026, 11, 22), date(2027, 5, 24)])
def test_there_is_no_answer_for_a_date_outside_the_forecast(clear_by: date):
    assert (
        extra_volunteer_days_needed(
            backlog=10,
            due_by_week=[],
            volunteer_capacity_per_week=0,
            officer_throughput_per_week=0,
            start=MONDAY,
            clear_by=clear_by,
            reviews_per_day=4,
        )
        is None
    )


def test_volunteer_capacity_may_change_from_week_to_week():
    result = forecast_weeks(
        backlog=12,
        due_by_week=[0],
        volunteer_capacity_per_week=[0, 0, 8, 8],
        officer_throughput_per_week=1,
        start=MONDAY,
    )
    assert [w.backlog_shown for w in result.rows[:4]] == [11, 10, 1, 0]
    assert [w.capacity for w in result.rows[:5]] == [1, 1, 9, 9, 1]
    assert result.clears_on == date(2026, 12, 14)


@dataclass
class Scenario:
    backlog: int
    due: list[int]
    volunteers: list[int]

    def clears_by(self, clear_by: date, *, officers: float) -> bool:
        result = forecast_weeks(
            backlog=self.backlog,
            due_by_week=self.due,
            volunteer_capacity_per_week=self.volunteers,
            officer_throughput_per_week=officers,
            start=MONDAY,
        )
        return result.clears_on is not None and result.clears_on <= clear_by


def test_the_extra_days_are_the_fewest_that_clear_the_backlog_when_the_forecast_is_run():
    rng = random.Random(7)
    for _ in range(200):
        backlog = rng.randint(0, 300)
        due = [rng.randint(0, 20) for _ in range(26)]
        volunteers = [rng.choice([0, 4, 8]) for _ in range(26)]
        officers = rng.choice([0, 0.25, 2.75, 6.5])
        clear_by = MONDAY + timedelta(days=rng.randint(0, 181))
        rate = rng.randint(1, 6)
        k = extra_volunteer_days_needed(
            backlog=backlog,
            due_by_week=due,
            volunteer_capacity_per_week=volunteers,
            officer_throughput_per_week=officers,
            start=MONDAY,
            clear_by=clear_by,
            reviews_per_day=rate,
        )
        assert k is not None

        scenario = Scenario(backlog, due, volunteers)
        assert scenario.clears_by(clear_by, officers=officers + k * rate)
        assert k == 0 or not scenario.clears_by(clear_by, officers=officers + (k - 1) * rate)


# The figures it starts from.


def _plan_review(area: AreaTeam, **review: object) -> Review:
    return ReviewFactory.create(plan=PlanFactory.create(area=area), **review)


def _concluded(area: AreaTeam, on: date) -> Review:
    return _plan_review(area, status=ReviewStatus.CONCLUDED, concluded_on=on)


@pytest.fixture
def caseload(north: AreaTeam, west: AreaTeam, volunteer: User) -> None:
    for _ in range(3):
        _plan_review(north, due_on=date(2026, 10, 1))  # overdue: the backlog
    _plan_review(west, due_on=date(2026, 9, 1))
    for due_on in [date(2026, 11, 23), date(2026, 11, 29), date(2026, 12, 2), LAST_DAY]:
        _plan_review(north, due_on=due_on)
    _plan_review(north, due_on=date(2027, 5, 24))  # after the forecast ends
    _plan_review(west, due_on=date(2026, 12, 2))
    recompute_reviews(today=MONDAY)

    # Officers concluded 3 North reviews in the 28 days before today (26 Oct to 22 Nov).
    for on in [date(2026, 10, 26), date(2026, 11, 10), date(2026, 11, 22)]:
        _concluded(north, on)
    _concluded(north, date(2026, 10, 25))  # too long ago
    _concluded(north, MONDAY)  # today: not a whole day yet
    _concluded(west, date(2026, 11, 16))
    helped = _concluded(north, date(2026, 11, 16))  # a volunteer's work: counted as theirs
    Assignment.objects.create(review=helped, volunteer=volunteer, release_day=date(2026, 11, 10))

    # Tuesdays from 3 November to 19 January at 4 reviews: from today, weeks 0 to 8.
    ReleaseAgreementFactory.create(volunteer=volunteer)
    # Mondays 4 and 11 January at this volunteer's own 2 reviews: weeks 6 and 7.
    slower = VolunteerFactory.create(setting=SettingFactory.create(area=north))
    VolunteerProfile.objects.create(user=slower, reviews_per_day=2)
    ReleaseAgreementFactory.create(volunteer=slower, weekday=0, start_on=date(2027, 1, 4), weeks=2)
    ReleaseAgreementFactory.create(volunteer=slower, status=AgreementStatus.PAUSED)
    # A West SENCO on Wednesdays from 25 November for 1 week.
    ReleaseAgreementFactory.create(
        volunteer=VolunteerFactory.create(setting=SettingFactory.create(area=west)),
        weekday=2,
        start_on=date(2026, 11, 25),
        weeks=1,
    )


def _weeks(**values: int) -> list[int]:
    weeks = [0] * 26
    for week, n in values.items():
        weeks[int(week.removeprefix("w"))] += n
    return weeks


@pytest.mark.usefixtures("frozen_today")
def test_the_forecast_starts_from_one_areas_backlog_due_reviews_and_capacity(
    caseload: None, north: AreaTeam, django_assert_max_num_queries
):
    ProgrammeSettings.current()  # created once, by the first page that needs it
    with django_assert_max_num_queries(7):
        inputs = forecast_inputs(today=MONDAY, area=north)
    assert inputs.start == MONDAY
    assert inputs.backlog == 3
    assert inputs.due_by_week == _weeks(w0=2, w1=1, w25=1)
    assert inputs.volunteer_capacity_by_week == [
        a + b for a, b in zip([4] * 9 + [0] * 17, _weeks(w6=2, w7=2), strict=True)
    ]
    assert inputs.concluded_last_4_weeks == 3
    [capacity] = inputs.officer_capacity
    assert (capacity.area, capacity.concluded, capacity.per_week) == (north, 3, None)
    assert inputs.areas_without_capacity == [north]
    assert not inputs.can_forecast
    assert inputs.reviews_per_day == 4
    assert inputs.last_day == LAST_DAY


@pytest.mark.usefixtures("frozen_today")
def test_the_forecast_for_every_area_adds_the_areas_together(caseload: None):
    inputs = forecast_inputs(today=MONDAY)
    assert inputs.backlog == 4
    assert inputs.due_by_week == _weeks(w0=2, w1=2, w25=1)
    assert inputs.volunteer_capacity_by_week[:3] == [8, 4, 4]
    assert inputs.concluded_last_4_weeks == 4


@pytest.mark.usefixtures("frozen_today")
def test_a_release_day_earlier_in_the_current_week_is_not_counted(volunteer: User):
    ReleaseAgreementFactory.create(volunteer=volunteer)  # Tuesdays
    inputs = forecast_inputs(today=date(2026, 11, 25))  # a Wednesday
    assert inputs.start == MONDAY
    assert inputs.volunteer_capacity_by_week[:3] == [0, 4, 4]


# The manager's page.


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
    with django_assert_max_num_queries(14):
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


def _week_row(page: str, week: str) -> list[str]:
    """The figures of one week in the week-by-week table."""
    table = page[page.index('id="forecast-weeks"') :]
    row = table[table.index(f">{week}</th>") :]
    row = row[: row.index("</tr>")]
    return re.findall(r'govuk-table__cell--numeric">([^<]*)<', row)


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
