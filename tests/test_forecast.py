"""The backlog forecast: the arithmetic with known answers, the figures it starts from, and
the manager's page."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from accounts.models import User
from casework.models import AreaTeam
from reporting.forecast import (
    Forecast,
    extra_volunteer_days_needed,
    forecast_inputs,
    forecast_weeks,
)
from reviews.models import Review, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import (
    PlanFactory,
    ReleaseAgreementFactory,
    ReviewFactory,
    SettingFactory,
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
    with django_assert_max_num_queries(5):
        inputs = forecast_inputs(today=MONDAY, area=north)
    assert inputs.start == MONDAY
    assert inputs.backlog == 3
    assert inputs.due_by_week == _weeks(w0=2, w1=1, w25=1)
    assert inputs.volunteer_capacity_by_week == [
        a + b for a, b in zip([4] * 9 + [0] * 17, _weeks(w6=2, w7=2), strict=True)
    ]
    assert inputs.concluded_last_4_weeks == 3
    assert inputs.officer_throughput_per_week == 0.75
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


def _backlog(area: AreaTeam, size: int) -> None:
    for _ in range(size):
        _plan_review(area, due_on=date(2026, 10, 1))
    recompute_reviews(today=MONDAY)


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
    with django_assert_max_num_queries(12):
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
