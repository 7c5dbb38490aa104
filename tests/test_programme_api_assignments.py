"""The volunteer programme API's assignments resource (DESIGN section 7): listed to those who may
see them, out of a volunteer's sight once closed, with the review, volunteer and checklist, and
filtered by open and volunteer, whole numbers only.
"""

import pytest
from django.utils import timezone

from tests.programme_api_cases import api_for, ids, template, who, world
from volunteers.models import Assignment

# fixtures from tests/programme_api_cases.py, found by pytest among this module's names
__all__ = ["template", "world"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# assignments/ -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("volunteer", {"open"}),
        ("other_volunteer", {"other"}),
        ("west_volunteer", {"west"}),
        ("headteacher", set()),
        ("editor", set()),
        ("officer_north", {"open", "closed", "other"}),
        ("officer_west", {"west"}),
        ("manager", {"open", "closed", "other", "west"}),
    ],
)
def test_assignments_are_listed_to_those_who_may_see_them(persona, sees, world, personas):
    expected = {world["assignments"][n].pk for n in sees}
    assert ids(who(world, personas, persona), "assignments") == expected


def test_a_volunteer_loses_sight_of_an_assignment_when_it_closes(world):
    client = api_for(world["volunteer"])
    assignment = world["assignments"]["open"]
    assert client.get(f"/api/v1/assignments/{assignment.pk}/").status_code == 200
    Assignment.objects.filter(pk=assignment.pk).update(closed_at=timezone.now())
    assert client.get(f"/api/v1/assignments/{assignment.pk}/").status_code == 404


def test_an_assignment_carries_its_review_volunteer_and_checklist(world, officer_north):
    assignment = world["assignments"]["closed"]
    row = api_for(officer_north).get(f"/api/v1/assignments/{assignment.pk}/").json()
    assert row == {
        "id": assignment.pk,
        "review": assignment.review_id,
        "plan_ref": assignment.review.plan.plan_ref,
        "volunteer": {"id": world["volunteer"].pk, "full_name": world["volunteer"].full_name},
        "release_day": "2026-11-17",
        "assigned_at": "2026-11-23T10:00:00Z",
        "closed_at": "2026-11-23T10:00:00Z",
        "closed_reason": "completed",
        "checklist": world["checklists"]["closed"].pk,
        "checklist_status": "submitted",
    }
    other = api_for(officer_north).get(f"/api/v1/assignments/{world['assignments']['other'].pk}/")
    assert other.json()["checklist"] is None


def test_assignments_filter_by_open_and_volunteer(world, manager):
    client = api_for(manager)
    closed = client.get("/api/v1/assignments/?open=false").json()["results"]
    assert [r["id"] for r in closed] == [world["assignments"]["closed"].pk]
    theirs = client.get(f"/api/v1/assignments/?volunteer={world['west_volunteer'].pk}")
    assert [r["id"] for r in theirs.json()["results"]] == [world["assignments"]["west"].pk]


@pytest.mark.parametrize("query", ["volunteer=1.5", "review=1e60", "volunteer=abc"])
def test_assignments_filter_by_whole_numbers_and_say_so_when_given_another(world, manager, query):
    response = api_for(manager).get(f"/api/v1/assignments/?{query}")
    assert response.status_code == 400
    assert response.json() == {query.split("=")[0]: ["Enter a whole number."]}
    schema = api_for(manager).get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/assignments/"]["get"]["parameters"]
    volunteer = next(p for p in parameters if p["name"] == "volunteer")
    assert volunteer["schema"]["type"] == "integer"
