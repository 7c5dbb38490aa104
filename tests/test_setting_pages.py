"""Where each setting's phase ends: the managers' page and the admin, and the deadlines of the
children on the setting's roll that follow from it (Regs 18(1))."""

from datetime import date

import pytest
from django.test import Client

from audit.models import Event
from organisation.models import Setting, SettingPhase
from reviews.models import Review
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory, ReviewFactory, SettingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def first_school(north) -> Setting:
    """A first school recorded with the primary phase, whose children really leave after Year 4."""
    return SettingFactory.create(
        urn="118001", name="Oakhill First School", phase=SettingPhase.PRIMARY, area=north
    )


@pytest.fixture
def year_4_review(north, first_school) -> Review:
    # Born 10 January 2018: 8 on 31 August 2026, so Year 4 in 2026/27.
    review = ReviewFactory.create(
        plan=PlanFactory.create(
            area=north,
            setting=first_school,
            child=ChildFactory.create(date_of_birth=date(2018, 1, 10)),
        ),
        due_on=date(2027, 3, 1),
    )
    recompute_reviews()
    review.refresh_from_db()
    return review


def edit_url(setting: Setting) -> str:
    return f"/manager/settings/{setting.urn}/"


# persona: (list, form, save)
MATRIX = {
    "manager": (200, 200, 302),
    "officer_north": (403, 403, 403),
    "volunteer": (403, 403, 403),
    "headteacher": (403, 403, 403),
    "editor": (403, 403, 403),
    "anonymous": (302, 302, 302),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_only_managers_change_where_a_settings_phase_ends(persona, personas, first_school):
    client = Client() if persona == "anonymous" else client_for(personas[persona])

    got = (
        client.get("/manager/settings/").status_code,
        client.get(edit_url(first_school)).status_code,
        client.post(edit_url(first_school), {"last_year": "4"}).status_code,
    )

    assert got == MATRIX[persona]
    first_school.refresh_from_db()
    assert (first_school.last_year_of_phase == 4) is (persona == "manager")


def test_an_unknown_setting_is_not_found(manager):
    assert client_for(manager).get("/manager/settings/999999/").status_code == 404


def test_the_list_shows_each_settings_phase_and_last_year_in_words(manager, north, first_school):
    SettingFactory.create(
        name="Hillview Middle School", phase=SettingPhase.MIDDLE, area=north, last_year_of_phase=7
    )
    SettingFactory.create(name="Riverside Special School", phase=SettingPhase.SPECIAL, area=north)

    page = client_for(manager).get("/manager/settings/").content.decode()

    assert "3 settings" in page
    middle = page.split("Hillview Middle School", 1)[1].split("</tr>", 1)[0]
    assert "Year 8" in middle  # the usual last year of a middle school
    assert "<strong>Year 7</strong>" in middle  # this one's own
    primary = page.split("Oakhill First School", 1)[1].split("</tr>", 1)[0]
    assert "Year 6" in primary
    assert "As usual for its phase" in primary
    special = page.split("Riverside Special School", 1)[1].split("</tr>", 1)[0]
    assert "No automatic transfer" in special


def test_the_list_finds_a_setting_by_name_or_urn_and_by_phase(manager, north, first_school):
    SettingFactory.create(name="Hillview Middle School", phase=SettingPhase.MIDDLE, area=north)
    client = client_for(manager)

    by_name = client.get("/manager/settings/", {"q": "oakhill"}).content.decode()
    by_urn = client.get("/manager/settings/", {"q": "118001"}).content.decode()
    by_phase = client.get("/manager/settings/", {"phase": "middle"}).content.decode()

    assert "Oakhill First School" in by_name
    assert "Hillview" not in by_name
    assert "Oakhill First School" in by_urn
    assert "Hillview" not in by_urn
    assert "Hillview Middle School" in by_phase
    assert "Oakhill" not in by_phase


def test_saving_a_settings_last_year_moves_its_childrens_phase_transfer_deadline(
    manager, first_school, year_4_review
):
    # A primary school's children leave after Year 6.
    assert year_4_review.phase_transfer_due_on is None

    client = client_for(manager)
    response = client.post(edit_url(first_school), {"last_year": "4"})

    assert response.status_code == 302
    assert response["Location"] == "/manager/settings/"
    year_4_review.refresh_from_db()
    assert year_4_review.phase_transfer_due_on == date(2027, 2, 14)  # before 15 February
    event = Event.objects.get(action="setting.last_year_changed")
    assert (event.actor, event.target_id) == (manager, str(first_school.pk))
    assert event.details == {"last_year_of_phase": [None, 4], "reviews_recomputed": 1}
    page = client.get("/manager/settings/").content.decode()
    assert (
        "Saved: children at Oakhill First School move on after Year 4. 1 open review recomputed."
        in page
    )


def test_clearing_a_settings_last_year_returns_it_to_its_phases_usual_year(
    manager, first_school, year_4_review
):
    client = client_for(manager)
    client.post(edit_url(first_school), {"last_year": "4"})

    client.post(edit_url(first_school), {"last_year": ""})

    first_school.refresh_from_db()
    year_4_review.refresh_from_db()
    assert first_school.last_year_of_phase is None
    assert year_4_review.phase_transfer_due_on is None
    assert Event.objects.filter(action="setting.last_year_changed").count() == 2


def test_saving_the_same_last_year_again_records_nothing(manager, first_school):
    client = client_for(manager)
    client.post(edit_url(first_school), {"last_year": "4"})

    client.post(edit_url(first_school), {"last_year": "4"})

    assert Event.objects.filter(action="setting.last_year_changed").count() == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-2", "The last year group must be -1 (the nursery year) or later"),
        ("15", "The last year group must be Year 14 or earlier"),
        ("Year 4", "Enter the last year group as a whole number, like 6"),
    ],
)
def test_a_last_year_outside_the_school_years_is_refused_with_a_message_and_nothing_saved(
    manager, first_school, year_4_review, value, message
):
    response = client_for(manager).post(edit_url(first_school), {"last_year": value})

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    first_school.refresh_from_db()
    assert first_school.last_year_of_phase is None
    assert not Event.objects.filter(action="setting.last_year_changed").exists()


def test_the_form_says_the_usual_last_year_of_the_settings_phase(manager, first_school):
    page = client_for(manager).get(edit_url(first_school)).content.decode()

    assert "The usual last year group of a primary setting is Year 6." in page
    assert "Leave it blank for the usual year of the setting's phase: Year 6." in page


def test_the_admin_edits_a_settings_last_year_in_its_list_and_recomputes(
    manager, first_school, year_4_review
):
    manager.is_staff = manager.is_superuser = True
    manager.save()
    client = client_for(manager)

    listing = client.get("/admin/organisation/setting/").content.decode()
    response = client.post(
        "/admin/organisation/setting/",
        {
            "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(first_school.pk), "form-0-last_year_of_phase": "4",
            "_save": "Save",
        },
    )  # fmt: skip

    assert 'name="form-0-last_year_of_phase"' in listing
    assert response.status_code == 302
    first_school.refresh_from_db()
    year_4_review.refresh_from_db()
    assert first_school.last_year_of_phase == 4
    assert year_4_review.phase_transfer_due_on == date(2027, 2, 14)
    event = Event.objects.get(action="setting.last_year_changed")
    assert event.details == {"last_year_of_phase": [None, 4], "reviews_recomputed": 1}
