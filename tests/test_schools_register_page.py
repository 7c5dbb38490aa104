"""The manager's page that loads the schools register: upload, check, save (DESIGN
section 6); managers only."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from audit.models import Event
from organisation.models import AreaTeam, Setting, SettingPhase
from tests import factories
from tests.conftest import client_for

DATA = Path(__file__).parent / "data"
PAGE = "/manager/settings/register/"
SAVE = "/manager/settings/register/save/"


@pytest.fixture
def kent(north: AreaTeam, west: AreaTeam) -> None:
    north.districts = ["Dartford", "Gravesham", "Sevenoaks", "Thanet", "Canterbury", "Swale"]
    north.save()
    west.districts = ["Maidstone", "Tonbridge and Malling", "Ashford", "Dover"]
    west.save()


def upload(client: Client, name: str = "gias_sample.csv", **fields: object) -> Any:
    data = (DATA / name).read_bytes()
    return client.post(
        PAGE,
        {"file": SimpleUploadedFile(name, data, "text/csv"), "la_code": "886", **fields},
    )


def test_a_manager_checks_the_extract_before_anything_is_saved(
    manager: User, kent: None, west: AreaTeam
) -> None:
    client = client_for(manager)
    assert client.get(PAGE).status_code == 200

    response = upload(client, area=west.pk)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Check the schools register" in page
    assert 'New schools</dt><dd class="govuk-summary-list__value">13<' in page
    assert not Setting.objects.exists()

    token = response.context["token"]
    saved = client.post(SAVE, {"token": token})

    assert saved.status_code == 302
    assert Setting.objects.count() == 13
    assert Setting.objects.get(urn="118013").area == west  # Folkestone: no team's district
    assert Event.objects.get(action="schools.imported").actor == manager
    followed = client.get(saved["Location"])
    assert "The schools register is saved: 13 new schools, 0 changed, 0 closed." in (
        followed.content.decode()
    )


def test_the_check_names_each_row_in_error_and_offers_no_save(manager: User, kent: None) -> None:
    response = upload(client_for(manager), "gias_bad.csv")

    page = response.content.decode()
    assert "The file has rows in error" in page
    assert escape("Row 3, column URN: '11800X': is not a URN; expected 6 digits") in page
    assert "unknown phase" in page
    assert "Save the schools register" not in page


def test_a_file_without_a_register_column_is_refused_on_the_form(manager: User, kent: None) -> None:
    response = client_for(manager).post(
        PAGE,
        {"file": SimpleUploadedFile("x.csv", b"URN,Name\r\n118001,A\r\n"), "la_code": "886"},
    )
    assert response.status_code == 400
    assert "missing these columns of the schools register" in response.content.decode()


def test_saving_a_check_of_another_manager_or_an_expired_one_saves_nothing(
    manager: User, kent: None
) -> None:
    token = upload(client_for(manager)).context["token"]
    other = factories.UserFactory.create(email="manager2@example.org")

    response = client_for(other).post(SAVE, {"token": token})

    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert not Setting.objects.exists()


def test_a_phase_a_manager_changed_on_the_schools_page_survives_loading_the_register(
    manager: User, kent: None, north: AreaTeam
) -> None:
    client = client_for(manager)
    client.post(SAVE, {"token": upload(client, area=north.pk).context["token"]})
    client.post(
        "/manager/settings/118004/details/",
        {
            "name": "Hillside First School",
            "urn": "118004",
            "phase": SettingPhase.MIDDLE,
            "area": north.pk,
            "address": "",
        },
    )
    assert Setting.objects.get(urn="118004").phase_set_by_hand

    check = upload(client, area=north.pk)
    assert check.context["counts"]["changed"] == 0
    client.post(SAVE, {"token": check.context["token"]})

    assert Setting.objects.get(urn="118004").phase == SettingPhase.MIDDLE


@pytest.mark.parametrize("persona", ["officer_north", "volunteer", "headteacher", "editor"])
def test_only_managers_load_the_schools_register(personas: dict[str, User], persona: str) -> None:
    client = client_for(personas[persona])
    assert client.get(PAGE).status_code == 403
    assert client.post(SAVE, {"token": "x"}).status_code == 403


def test_the_schools_register_page_needs_signing_in(db: None) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_the_settings_list_shows_a_closed_school_and_a_phase_set_by_hand(
    manager: User, north: AreaTeam
) -> None:
    factories.SettingFactory.create(area=north, name="Old Mill Primary School", closed=True)
    factories.SettingFactory.create(
        area=north, name="Hillside First School", phase_set_by_hand=True
    )

    page = client_for(manager).get("/manager/settings/").content.decode()

    assert (
        'Old Mill Primary School <strong class="govuk-tag govuk-tag--grey">Closed</strong>' in page
    )
    assert page.count("Set by hand") == 1


def test_a_manager_sets_the_districts_an_area_team_serves(manager: User, north: AreaTeam) -> None:
    client = client_for(manager)
    assert client.get(f"/manager/area-teams/{north.pk}/districts/").status_code == 200

    response = client.post(
        f"/manager/area-teams/{north.pk}/districts/",
        {"districts": "Dartford\r\n\r\n Gravesham \r\n"},
    )

    assert response.status_code == 302
    north.refresh_from_db()
    assert north.districts == ["Dartford", "Gravesham"]
    event = Event.objects.get(action="area_team.districts_changed")
    assert event.details == {"districts": [[], ["Dartford", "Gravesham"]]}
    assert "Dartford, Gravesham" in client.get("/manager/area-teams/").content.decode()


def test_a_district_another_team_serves_is_refused(
    manager: User, north: AreaTeam, west: AreaTeam
) -> None:
    west.districts = ["Maidstone"]
    west.save()

    response = client_for(manager).post(
        f"/manager/area-teams/{north.pk}/districts/", {"districts": "maidstone"}
    )

    assert response.status_code == 400
    assert "West already serves Maidstone" in response.content.decode()
    north.refresh_from_db()
    assert north.districts == []


def test_an_officer_cannot_change_an_area_teams_districts(
    officer_north: User, north: AreaTeam
) -> None:
    response = client_for(officer_north).post(
        f"/manager/area-teams/{north.pk}/districts/", {"districts": "Dartford"}
    )
    assert response.status_code == 403


def test_the_districts_of_an_area_team_that_does_not_exist_are_not_found(manager: User) -> None:
    assert client_for(manager).get("/manager/area-teams/999999/districts/").status_code == 404
