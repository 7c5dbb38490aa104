"""The figures the backlog forecast starts from: one area's or every area's backlog, the reviews
falling due each week, the volunteers' release days and the reviews officers concluded.
"""

from datetime import date

import pytest

from accounts.models import User
from organisation.models import AreaTeam
from reporting.forecast_inputs import forecast_inputs
from reviews.models import Review, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.factories import ReleaseAgreementFactory, SettingFactory, VolunteerFactory
from tests.forecast_cases import LAST_DAY, MONDAY, _plan_review
from volunteers.models import (
    AgreementStatus,
    Assignment,
    ProgrammeSettings,
    SchoolHoliday,
    VolunteerProfile,
)

pytestmark = pytest.mark.django_db

# The figures it starts from.


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
    with django_assert_max_num_queries(12):
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


@pytest.mark.usefixtures("frozen_today")
def test_a_release_day_in_a_school_holiday_adds_no_capacity(volunteer: User):
    ReleaseAgreementFactory.create(volunteer=volunteer)  # Tuesdays
    SchoolHoliday.objects.create(
        name="Closure", start_on=date(2026, 11, 30), end_on=date(2026, 12, 4)
    )
    inputs = forecast_inputs(today=MONDAY)
    assert inputs.volunteer_capacity_by_week[:3] == [4, 0, 4]
