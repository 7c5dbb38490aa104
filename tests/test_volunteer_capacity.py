"""Who can take work: each volunteer's next release day, places left on it and, if they
cannot take work, why not; shown on the queue's bulk form (DESIGN section 4)."""

import re
from datetime import date

import pytest
from django.utils.html import escape

from tests.conftest import client_for
from tests.factories import (
    AssignmentFactory,
    CaseOfficerFactory,
    PlanFactory,
    ReleaseAgreementFactory,
    ReviewFactory,
    SettingFactory,
    VolunteerFactory,
)
from volunteers.models import (
    AgreementStatus,
    ProgrammeSettings,
    SchoolHoliday,
    VolunteerProfile,
)
from volunteers.services import (
    agreement_next_release_day,
    volunteer_capacity_list,
    volunteer_next_release_day,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

TUESDAY = date(2026, 11, 24)


def a_volunteer(north, name, **agreement):
    volunteer = VolunteerFactory.create(
        full_name=name, setting=SettingFactory.create(area=north, name=f"{name}'s School")
    )
    if agreement:
        ReleaseAgreementFactory.create(volunteer=volunteer, **agreement)
    return volunteer


@pytest.fixture
def five_volunteers(north):
    """One who can take work and four who cannot, each for a different reason."""
    free = a_volunteer(north, "Alex Free", status=AgreementStatus.APPROVED)
    full = a_volunteer(north, "Bo Full", status=AgreementStatus.APPROVED)
    VolunteerProfile.objects.create(user=full, reviews_per_day=2)
    AssignmentFactory.create_batch(2, volunteer=full, release_day=TUESDAY)
    ran_out = a_volunteer(north, "Sam Jones", start_on=date(2026, 9, 1), weeks=12)
    paused = a_volunteer(north, "Pat Paused", status=AgreementStatus.PAUSED)
    never = a_volunteer(north, "Nel Never")
    return [free, full, ran_out, paused, never]


def test_each_volunteer_gets_their_next_release_day_places_and_reason(five_volunteers):
    found = {c.volunteer.full_name: c for c in volunteer_capacity_list(five_volunteers)}

    free = found["Alex Free"]
    assert free.can_take_work
    assert free.release is not None
    assert (free.release.day, free.free) == (TUESDAY, 4)
    assert found["Bo Full"].unavailable == (
        "no places left on Tuesday 24 November 2026, their next release day: "
        "2 of 2 reviews already assigned"
    )
    assert found["Sam Jones"].unavailable == "no release day left this term"
    assert found["Pat Paused"].unavailable == "their release is paused by their school"
    assert found["Nel Never"].unavailable == "no release agreed with their school"


def test_capacity_takes_a_fixed_number_of_queries_whatever_the_number_of_volunteers(
    north, five_volunteers, django_assert_num_queries
):
    more = five_volunteers + [
        a_volunteer(north, f"Extra {n}", status=AgreementStatus.APPROVED) for n in range(10)
    ]
    ProgrammeSettings.current()  # created once, on first use
    # holidays, programme settings, profiles, agreements, assignments on the days found
    with django_assert_num_queries(5):
        volunteer_capacity_list(five_volunteers)
    with django_assert_num_queries(5):
        volunteer_capacity_list(more)


def test_a_release_day_in_a_school_holiday_is_skipped(volunteer):
    agreement = ReleaseAgreementFactory.create(volunteer=volunteer)
    SchoolHoliday.objects.create(
        name="Training days", start_on=date(2026, 11, 23), end_on=date(2026, 12, 4)
    )

    release = volunteer_next_release_day(volunteer)

    assert release is not None
    assert release.day == date(2026, 12, 8)
    assert volunteer_capacity_list([volunteer])[0].release == release
    assert agreement_next_release_day(agreement, today=TUESDAY, holidays=[]) == TUESDAY


def test_an_agreement_whose_last_weeks_are_all_holiday_has_no_release_day_left(volunteer):
    ReleaseAgreementFactory.create(volunteer=volunteer, start_on=date(2026, 11, 2), weeks=4)
    SchoolHoliday.objects.create(
        name="Closure", start_on=date(2026, 11, 23), end_on=date(2026, 11, 27)
    )

    [capacity] = volunteer_capacity_list([volunteer])

    assert capacity.release is None
    assert capacity.unavailable == "no release day left this term"


def options_of(page: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}".*?</select>', page, re.S)
    assert select is not None
    return re.findall(r"<option[^>]*>(.*?)</option>", select.group(0))


@pytest.fixture
def a_review(north, officer_north):
    """The bulk form shows only above a queue with reviews in it."""
    return ReviewFactory.create(plan=PlanFactory.create(area=north, case_officer=officer_north))


def test_the_queue_lists_only_volunteers_who_can_take_work_and_explains_the_others(
    officer_north, five_volunteers, a_review
):
    response = client_for(officer_north).get("/casework/")
    page = response.content.decode()

    assert options_of(page, "bulk-assign") == [
        "Choose a volunteer",
        escape("Alex Free, Alex Free's School: Tuesday 24 November, 4 places left"),
    ]
    assert "<li>Sam Jones: no release day left this term</li>" in page
    assert [c.volunteer.full_name for c in response.context["unavailable"]] == [
        "Bo Full",
        "Nel Never",
        "Pat Paused",
        "Sam Jones",
    ]


def test_the_move_list_groups_the_officers_under_their_areas(officer_north, north, west, a_review):
    both = CaseOfficerFactory.create(areas=[north, west], full_name="Both Areas")
    CaseOfficerFactory.create(areas=[west], full_name="West Only")

    page = client_for(officer_north).get("/casework/").content.decode()

    assert options_of(page, "bulk-move") == ["Choose a case officer", both.full_name]
    assert f'<optgroup label="{north.name}">' in page
    assert f'<optgroup label="{west.name}">' not in page


def test_a_refused_bulk_action_shows_the_queue_again_with_the_selection_ticked(
    officer_north, north
):
    reviews = [
        ReviewFactory.create(
            plan=PlanFactory.create(area=north, plan_ref=f"N-{n}", case_officer=officer_north)
        )
        for n in range(3)
    ]

    response = client_for(officer_north).post(
        "/casework/bulk/",
        {"reviews": [reviews[0].pk, reviews[2].pk], "action": "assign", "next": "sort=due_on"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(r"<title>\s*Error:", page)
    assert '<li><a href="#bulk-assign">Choose the volunteer to give the selected reviews to' in page
    assert 'id="bulk-assign-error"' in page
    ticked = set(re.findall(r'name="reviews" type="checkbox" value="(\d+)" checked', page))
    assert ticked == {str(reviews[0].pk), str(reviews[2].pk)}
    assert '<input type="hidden" name="next" value="sort=due_on">' in page
