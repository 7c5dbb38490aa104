"""The volunteer programme API's volunteers resource (DESIGN section 7): listed to case officers
and managers only, with their school, training and capacity, and never once inactive.
"""

from datetime import date

import pytest

from accounts.models import User
from tests.programme_api_cases import api_for, ids, template, who, world
from volunteers.models import VolunteerProfile

# fixtures from tests/programme_api_cases.py, found by pytest among this module's names
__all__ = ["template", "world"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# volunteers/ ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("volunteer", set()),
        ("other_volunteer", set()),
        ("headteacher", set()),
        ("editor", set()),
        ("officer_north", {"volunteer", "other_volunteer", "west_volunteer"}),
        ("officer_west", {"volunteer", "other_volunteer", "west_volunteer"}),
        ("manager", {"volunteer", "other_volunteer", "west_volunteer"}),
    ],
)
def test_volunteers_are_listed_to_case_officers_and_managers_only(persona, sees, world, personas):
    assert ids(who(world, personas, persona), "volunteers") == {world[n].pk for n in sees}


def test_a_volunteer_carries_their_school_training_and_capacity(world, officer_north):
    volunteer = world["volunteer"]
    VolunteerProfile.objects.create(user=volunteer, trained_on=date(2026, 9, 14), reviews_per_day=2)
    rows = {r["id"]: r for r in api_for(officer_north).get("/api/v1/volunteers/").json()["results"]}
    assert rows[volunteer.pk] == {
        "id": volunteer.pk,
        "full_name": volunteer.full_name,
        "email": "senco@example.org",
        "school": {"urn": volunteer.setting.urn, "name": volunteer.setting.name},
        "trained_on": "2026-09-14",
        "reviews_per_day": 2,
    }
    other = rows[world["other_volunteer"].pk]
    assert other["trained_on"] is None
    assert other["reviews_per_day"] == 4


def test_an_inactive_volunteer_is_not_listed(world, manager):
    User.objects.filter(pk=world["other_volunteer"].pk).update(is_active=False)
    assert world["other_volunteer"].pk not in ids(manager, "volunteers")
