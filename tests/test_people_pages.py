"""Managers manage staff, area teams and schools in the browser; every change is an event."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils.html import escape

from accounts.models import Role, User
from audit.models import Event
from organisation.models import AreaTeam, Setting
from tests import factories
from tests.conftest import client_for
from workbench.people import staff_change, staff_switch

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-2026"


def _invite(client, north, **overrides):
    data = {
        "full_name": "Priya Officer",
        "email": "Priya.Officer@Kent.gov.uk",
        "role": Role.CASE_OFFICER.value,
        "areas": [north.pk],
        **overrides,
    }
    return client.post("/manager/people/invite/", data)


def _welcome_link() -> str:
    match = re.search(r"https?://\S+/welcome/\S+/", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return urlparse(match.group(0)).path


# Every page of this part: the manager may use it; everyone else gets 403 (tests/test_access
# walks every URL for the same rule).
MANAGER_PAGES = [
    "/manager/people/",
    "/manager/people/invite/",
    "/manager/area-teams/",
    "/manager/area-teams/add/",
    "/manager/settings/add/",
]


@pytest.mark.parametrize("url", MANAGER_PAGES)
def test_only_managers_open_the_people_teams_and_schools_pages(url, personas):
    for name, user in personas.items():
        status = client_for(user).get(url).status_code
        assert status == (200 if name == "manager" else 403), name


def test_the_people_page_lists_staff_with_their_role_areas_and_whether_they_sign_in(
    manager, officer_north, volunteer
):
    factories.CaseOfficerFactory.create(full_name="Off Switched", is_active=False)

    page = client_for(manager).get("/manager/people/").content.decode()

    assert escape(officer_north.full_name) in page
    assert officer_north.email in page
    assert "Case officer" in page
    assert "North" in page
    assert "Switched off" in page
    assert volunteer.email not in page


def test_a_manager_invites_an_officer_who_sets_a_password_and_signs_in(
    manager, north, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client_for(manager), north)

    assert response.status_code == 302
    invited = User.objects.get(email="priya.officer@kent.gov.uk")
    assert (invited.role, list(invited.areas.all())) == (Role.CASE_OFFICER, [north])
    assert not invited.has_usable_password()
    assert mail.outbox[-1].to == [invited.email]
    assert "North" in mail.outbox[-1].body
    event = Event.objects.get(action="staff.invited")
    assert (event.actor, event.target_id) == (manager, str(invited.pk))

    link = _welcome_link()
    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response["Location"] == "/sign-in/"
    assert client.get(link).status_code == 410  # the link works once
    signed_in = client.post("/sign-in/", {"username": invited.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get("/casework/").status_code == 200


def test_an_invitation_needs_an_area_team_for_a_case_officer(manager, north):
    response = _invite(client_for(manager), north, areas=[])

    assert response.status_code == 400
    assert "Choose at least one area team for a case officer" in response.content.decode()
    assert not User.objects.filter(email="priya.officer@kent.gov.uk").exists()


def test_an_invitation_refuses_an_address_that_has_an_account(manager, north, officer_west):
    response = _invite(client_for(manager), north, email=officer_west.email.upper())

    assert response.status_code == 400
    assert "already has an account" in response.content.decode()


def test_a_manager_changes_an_officers_areas(manager, officer_north, north, west):
    response = client_for(manager).post(
        f"/manager/people/{officer_north.pk}/",
        {"role": Role.CASE_OFFICER.value, "areas": [north.pk, west.pk]},
    )

    assert response.status_code == 302
    assert set(officer_north.areas.all()) == {north, west}
    event = Event.objects.get(action="staff.changed")
    assert event.details["areas"] == [["North"], ["North", "West"]]


def test_a_manager_makes_an_officer_a_manager(manager, officer_north):
    client_for(manager).post(f"/manager/people/{officer_north.pk}/", {"role": Role.MANAGER.value})

    officer_north.refresh_from_db()
    assert officer_north.role == Role.MANAGER
    assert list(officer_north.areas.all()) == []
    assert officer_north.groups.filter(name="Programme managers").exists()


def test_nobody_changes_their_own_role(manager):
    response = client_for(manager).post(
        f"/manager/people/{manager.pk}/", {"role": Role.LOCALOFFER_EDITOR.value}
    )

    assert response.status_code == 400
    assert "You cannot change your own role" in response.content.decode()
    manager.refresh_from_db()
    assert manager.role == Role.MANAGER


def test_the_last_active_manager_keeps_the_role_and_stays_switched_on(manager, officer_north):
    # Through the pages the actor is always another active manager; the rule holds in the
    # service for any caller (a second request racing, a command).
    with pytest.raises(ValidationError, match="only manager"):
        staff_change(actor=officer_north, user_id=manager.pk, role=Role.LOCALOFFER_EDITOR)
    with pytest.raises(ValidationError, match="only manager"):
        staff_switch(actor=officer_north, user_id=manager.pk, on=False)

    other = factories.UserFactory.create(role=Role.MANAGER)
    staff_switch(actor=other, user_id=manager.pk, on=False)
    manager.refresh_from_db()
    assert not manager.is_active


def test_a_switched_off_officer_cannot_sign_in_and_their_open_work_is_shown(
    manager, officer_north, north, client
):
    officer_north.set_password(PASSWORD)
    officer_north.save()
    review = factories.ReviewFactory.create(
        plan=factories.PlanFactory.create(area=north, case_officer=officer_north)
    )

    page = client_for(manager).get(f"/manager/people/{officer_north.pk}/").content.decode()
    assert review.plan.plan_ref in page
    response = client_for(manager).post(
        f"/manager/people/{officer_north.pk}/switch/", {"switch": "off"}
    )

    assert response.status_code == 302
    officer_north.refresh_from_db()
    assert not officer_north.is_active
    assert Event.objects.get(action="staff.switched_off").details == {"open_reviews": 1}
    signed_in = client.post("/sign-in/", {"username": officer_north.email, "password": PASSWORD})
    assert signed_in.status_code != 302

    client_for(manager).post(f"/manager/people/{officer_north.pk}/switch/", {"switch": "on"})
    officer_north.refresh_from_db()
    assert officer_north.is_active
    assert Event.objects.filter(action="staff.switched_on").exists()


def test_nobody_switches_themselves_off(manager):
    client = client_for(manager)
    client.post(f"/manager/people/{manager.pk}/switch/", {"switch": "off"})

    manager.refresh_from_db()
    assert manager.is_active
    assert "You cannot switch yourself off" in client.get("/manager/people/").content.decode()


def test_a_manager_adds_and_renames_an_area_team(manager):
    client = client_for(manager)
    assert client.post("/manager/area-teams/add/", {"name": "Thanet"}).status_code == 302
    area = AreaTeam.objects.get(name="Thanet")

    assert client.post(f"/manager/area-teams/{area.pk}/", {"name": "East Kent"}).status_code == 302

    area.refresh_from_db()
    assert area.name == "East Kent"
    assert Event.objects.get(action="area_team.renamed").details == {
        "name": ["Thanet", "East Kent"]
    }
    assert Event.objects.filter(action="area_team.created", target_id=str(area.pk)).exists()
    assert "East Kent" in client.get("/manager/area-teams/").content.decode()


def test_two_area_teams_cannot_share_a_name(manager, north):
    response = client_for(manager).post("/manager/area-teams/add/", {"name": "north"})

    assert response.status_code == 400
    assert "There is already an area team called north" in response.content.decode()


SCHOOL = {
    "name": "Hythe Bay School",
    "urn": "118234",
    "phase": "primary",
    "address": "Cinque Ports Avenue\nHythe\nCT21 6HS",
}


def test_a_manager_adds_a_school(manager, north):
    response = client_for(manager).post("/manager/settings/add/", {**SCHOOL, "area": north.pk})

    assert response.status_code == 302
    school = Setting.objects.get(urn="118234")
    assert (school.name, school.area, school.address) == (
        "Hythe Bay School",
        north,
        "Cinque Ports Avenue\nHythe\nCT21 6HS",
    )
    assert Event.objects.filter(action="setting.created", target_id=str(school.pk)).exists()


def test_a_school_needs_its_details(manager):
    response = client_for(manager).post("/manager/settings/add/", {"urn": "12a"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Enter the school&#x27;s name" in page
    assert "Enter the URN as digits only, like 118234" in page
    assert "Choose the area team the school is in" in page


def test_a_manager_changes_a_schools_details(manager, north, west):
    school = factories.SettingFactory.create(area=north, urn="118234", phase="primary")

    assert (
        client_for(manager)
        .get("/manager/settings/")
        .content.decode()
        .count("/manager/settings/118234/details/")
    )
    response = client_for(manager).post(
        "/manager/settings/118234/details/", {**SCHOOL, "area": west.pk, "phase": "junior"}
    )

    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.area, school.phase, school.name) == (west, "junior", "Hythe Bay School")
    event = Event.objects.get(action="setting.changed")
    assert event.details["phase"] == ["primary", "junior"]
    assert event.details["area"] == ["North", "West"]


def test_an_officer_cannot_change_a_school(officer_north, north):
    factories.SettingFactory.create(area=north, urn="118234")

    response = client_for(officer_north).post(
        "/manager/settings/118234/details/", {**SCHOOL, "area": north.pk}
    )

    assert response.status_code == 403
