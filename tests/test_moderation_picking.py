"""A case officer of the review's area or a manager picks a submitted checklist for
moderation by hand, from the checklist's page, the case page or the moderation page."""

import pytest

from audit.models import Event
from qa.models import Checklist, ChecklistStatus, Moderation
from tests.conftest import client_for
from tests.moderation_cases import (
    MET,
    NA,
    PARTLY,
    everyone,
    other_volunteer,
    submitted_checklist,
    template,
)

# fixtures from tests/moderation_cases.py, found by pytest among this module's names
__all__ = ["everyone", "other_volunteer", "template"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def checklist(template, volunteer, north) -> Checklist:
    return submitted_checklist(template, volunteer, north, [MET, PARTLY, MET, NA])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("volunteer", 403),
        ("other_volunteer", 403),
        ("headteacher", 403),
        ("editor", 403),
        ("officer_north", 302),
        ("officer_west", 404),
        ("manager", 302),
    ],
)
def test_who_may_pick_a_checklist_for_moderation(persona, status, everyone, checklist):
    response = client_for(everyone[persona]).post(f"/moderation/pick/{checklist.pk}/")

    assert response.status_code == status
    assert Moderation.objects.filter(checklist=checklist).exists() is (status == 302)


def test_a_picked_checklist_goes_to_the_moderation_queue(manager, officer_north, checklist):
    response = client_for(manager).post(f"/moderation/pick/{checklist.pk}/")

    moderation = Moderation.objects.get(checklist=checklist)
    assert response["Location"] == f"/moderation/{moderation.pk}/"
    queue = client_for(officer_north).get("/moderation/")
    assert list(queue.context["page"].object_list) == [moderation]
    event = Event.objects.get(action="moderation.picked")
    assert (event.actor, event.details) == (manager, {"checklist": checklist.pk})


def test_a_checklist_is_picked_only_once(officer_north, checklist):
    client = client_for(officer_north)
    client.post(f"/moderation/pick/{checklist.pk}/")

    response = client.post(f"/moderation/pick/{checklist.pk}/", follow=True)

    assert "This checklist is already in moderation" in response.content.decode()
    assert Moderation.objects.filter(checklist=checklist).count() == 1


def test_a_draft_checklist_cannot_be_picked(officer_north, checklist):
    Checklist.objects.filter(pk=checklist.pk).update(status=ChecklistStatus.DRAFT)

    response = client_for(officer_north).post(f"/moderation/pick/{checklist.pk}/", follow=True)

    assert "Only a submitted checklist can be picked" in response.content.decode()
    assert not Moderation.objects.exists()


def test_the_pick_button_is_on_the_checklist_case_and_moderation_pages(officer_north, checklist):
    client = client_for(officer_north)
    action = f'action="/moderation/pick/{checklist.pk}/"'

    assert action in client.get(f"/checklists/{checklist.pk}/").content.decode()
    plan_ref = checklist.review.plan.plan_ref
    assert action in client.get(f"/casework/plans/{plan_ref}/").content.decode()
    assert action in client.get("/moderation/").content.decode()

    client.post(f"/moderation/pick/{checklist.pk}/")
    assert action not in client.get(f"/checklists/{checklist.pk}/").content.decode()
    assert action not in client.get("/moderation/").content.decode()


def test_the_pick_button_is_not_offered_to_an_officer_of_another_area(
    officer_west, manager, checklist
):
    action = f'action="/moderation/pick/{checklist.pk}/"'
    assert action not in client_for(officer_west).get("/moderation/").content.decode()
    assert action in client_for(manager).get("/moderation/").content.decode()
