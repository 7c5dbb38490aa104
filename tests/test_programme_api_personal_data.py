"""Personal data in the volunteer programme API (DESIGN section 7): no child's details reach a
volunteer or a headteacher, though a volunteer sees the plan reference of their assignment.
"""

import pytest

from tests.programme_api_cases import CHILD_DETAILS, api_for, template, who, world

# fixtures from tests/programme_api_cases.py, found by pytest among this module's names
__all__ = ["template", "world"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# Personal data ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["volunteer", "headteacher"])
@pytest.mark.parametrize("resource", ["volunteers", "release-agreements", "assignments", "qa"])
def test_no_childs_details_reach_a_volunteer_or_headteacher(resource, persona, world, personas):
    response = api_for(who(world, personas, persona)).get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    body = response.content.decode()
    for detail in CHILD_DETAILS:
        assert detail not in body


def test_a_volunteer_does_see_the_plan_reference_of_their_assignment(world):
    body = api_for(world["volunteer"]).get("/api/v1/assignments/").content.decode()
    assert world["assignments"]["open"].review.plan.plan_ref in body
