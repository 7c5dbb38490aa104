"""Editing a Local Offer service on the editor's pages: the form, saving the owner's changes
with an event, confirming the service is checked, and saving nothing when an answer is
wrong or a write fails part way."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import Event
from localoffer import taxonomy
from localoffer.models import Contact, Service, ServiceStatus
from localoffer.services import ContactDetails, ServiceDetails, service_update
from tests import factories
from tests.conftest import client_for
from tests.localoffer_editor_cases import (
    TODAY,
    fixture_mine,  # noqa: F401  (a fixture)
    form_data,
    service_url,
)

pytestmark = pytest.mark.usefixtures("frozen_today")


# Editing a service ------------------------------------------------------------------------


def test_it_shows_the_owner_the_form_filled_in_with_the_service(editor: User, mine: Service):
    mine.terms.set([factories.taxonomy_term(taxonomy.NEEDS, "ASD")])
    Contact.objects.create(service=mine, name="Family hub reception", phone="01622 696000")
    page = client_for(editor).get(service_url(mine)).content.decode()
    assert 'value="Mine service"' in page
    assert 'value="Family hub reception"' in page
    assert "Autistic spectrum disorder" in page
    assert "I have checked this information is correct" in page


def test_it_shows_a_manager_the_service_without_a_form(manager: User, mine: Service):
    response = client_for(manager).get(service_url(mine))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Only the service's owner" in page
    assert "Save changes" not in page


def test_it_saves_the_owners_changes_with_an_event_and_a_banner(editor: User, mine: Service):
    asd = factories.taxonomy_term(taxonomy.NEEDS, "ASD")
    leisure = factories.taxonomy_term(taxonomy.SECTIONS, "leisure")
    data = form_data(
        mine,
        name="Saturday club",
        description="An inclusive club on Saturday mornings.",
        status=ServiceStatus.TEMPORARILY_CLOSED,
        alert="Closed over Christmas.",
        minimum_age="5",
        maximum_age="11",
        sections=[str(leisure.pk)],
        needs=[str(asd.pk)],
        url="www.saturday-club.example.org",
        email="Club@Example.org",
        contact_name="Sam Lee",
        contact_phone="01622  696000",
        contact_email="sam@example.org",
        fees_description="Free.",
    )
    response = client_for(editor).post(service_url(mine), data, follow=True)

    assert response.redirect_chain == [(reverse("localoffer-editor:home"), 302)]
    assert "Saturday club: changes saved." in response.content.decode()
    mine.refresh_from_db()
    assert (mine.name, mine.status, mine.minimum_age, mine.maximum_age) == (
        "Saturday club",
        ServiceStatus.TEMPORARILY_CLOSED,
        5,
        11,
    )
    assert mine.url == "https://www.saturday-club.example.org"
    assert mine.email == "club@example.org"
    assert (mine.alert, mine.fees_description) == ("Closed over Christmas.", "Free.")
    assert set(mine.terms.all()) == {asd, leisure}
    contact = mine.contacts.get()
    assert (contact.name, contact.phone, contact.email) == (
        "Sam Lee",
        "01622 696000",
        "sam@example.org",
    )
    # Saving without the confirmation leaves the review dates alone.
    assert (mine.last_reviewed_on, mine.review_by) == (date(2025, 6, 1), date(2026, 6, 1))
    event = Event.objects.get(action="service.updated")
    assert event.actor == editor
    assert event.target_id == str(mine.pk)
    assert event.details["status"] == ["active", "temporarily closed"]
    assert event.details["terms"] == [[], ["ASD", "leisure"]]
    assert event.details["contact_name"] == ["", "Sam Lee"]
    assert not Event.objects.filter(action="service.reviewed").exists()


def test_it_marks_the_service_checked_when_the_owner_confirms_it(
    editor: User, mine: Service, settings
):
    settings.LOCALOFFER_REVIEW_INTERVAL_DAYS = 180
    mine.reminder_sent_on = date(2026, 6, 2)
    mine.save()
    data = form_data(mine, description="Now on Saturdays too.", confirmed_correct="on")
    response = client_for(editor).post(service_url(mine) + "?back=stale", data, follow=True)

    assert response.redirect_chain == [(reverse("localoffer-editor:stale"), 302)]
    assert "changes saved and checked. The next check is due by 22 May 2027." in (
        response.content.decode()
    )
    mine.refresh_from_db()
    assert (mine.last_reviewed_on, mine.review_by) == (TODAY, TODAY + timedelta(days=180))
    assert mine.reminder_sent_on is None
    assert mine.description == "Now on Saturdays too."
    assert list(Event.objects.order_by("id").values_list("action", flat=True)) == [
        "service.updated",
        "service.reviewed",
    ]


def test_it_removes_the_contact_when_its_answers_are_cleared(editor: User, mine: Service):
    Contact.objects.create(service=mine, name="Reception", phone="01622 696000")
    data = form_data(mine, contact_name="", contact_phone="", contact_email="")
    assert client_for(editor).post(service_url(mine), data).status_code == 302
    assert not mine.contacts.exists()
    assert Event.objects.get().details["contact_phone"] == ["01622 696000", ""]


def test_it_records_nothing_when_nothing_changed(editor: User, mine: Service):
    response = client_for(editor).post(service_url(mine), form_data(mine), follow=True)
    assert "Mine service: nothing was changed." in response.content.decode()
    assert not Event.objects.exists()


BAD_ANSWERS = [
    ({"name": ""}, "Enter the name of the service"),
    ({"description": "  "}, "Enter a description of the service"),
    ({"status": ""}, "Select whether the service is running"),
    ({"status": "closed"}, "Select whether the service is running"),
    ({"minimum_age": "26"}, "Minimum age must be 25 or less"),
    ({"maximum_age": "30"}, "Maximum age must be 25 or less"),
    ({"minimum_age": "-1"}, "Minimum age must be 0 or more"),
    ({"minimum_age": "five"}, "Enter the minimum age as a whole number of years, like 5"),
    (
        {"minimum_age": "12", "maximum_age": "5"},
        "Maximum age must not be less than the minimum age",
    ),
    ({"url": "not a web address"}, "Enter a web address in the correct format"),
    ({"url": "ftp://files.example.org/leaflet.pdf"}, "Enter a web address in the correct format"),
    ({"email": "nobody"}, "Enter an email address in the correct format"),
    ({"contact_email": "sam@"}, "Enter an email address in the correct format"),
    ({"contact_phone": "ring us"}, "Enter a telephone number, like 01622 696000"),
    ({"contact_phone": "123"}, "Enter a telephone number, like 01622 696000"),
    ({"sections": ["not-a-term"]}, "Select the Local Offer sections from the list"),
    ({"needs": ["not-a-term"]}, "Select the special educational needs from the list"),
]


@pytest.mark.parametrize(
    ("changes", "message"), BAD_ANSWERS, ids=[message for _, message in BAD_ANSWERS]
)
def test_it_saves_nothing_and_says_what_is_wrong(
    changes: dict[str, Any], message: str, editor: User, mine: Service
):
    before = Service.objects.values().get(pk=mine.pk)
    data = form_data(mine, contact_name="New contact", confirmed_correct="on", **changes)
    response = client_for(editor).post(service_url(mine), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert Service.objects.values().get(pk=mine.pk) == before
    assert not Contact.objects.exists()
    assert not Event.objects.exists()


def test_it_saves_nothing_when_a_write_fails_part_way(editor: User, mine: Service, monkeypatch):
    def fail(**kwargs: Any) -> None:
        raise RuntimeError("the event log is unavailable")

    monkeypatch.setattr("localoffer.services.event_record", fail)
    details = ServiceDetails(
        name="Renamed",
        description=mine.description,
        status=mine.status,
        alert="",
        minimum_age=0,
        maximum_age=25,
        url=mine.url,
        email="",
        fees_description="",
        terms=(factories.taxonomy_term(taxonomy.NEEDS, "HI"),),
        contact=ContactDetails(name="Reception"),
    )
    with pytest.raises(RuntimeError):
        service_update(actor=editor, service=mine, details=details, confirmed_correct=True)
    mine.refresh_from_db()
    assert (mine.name, mine.review_by) == ("Mine service", date(2026, 6, 1))
    assert not mine.terms.exists()
    assert not mine.contacts.exists()
