"""Local Offer editors adding a service in the browser's form, changing its organisation,
place and opening times, and finding their services by name."""

from datetime import date, time

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from audit.models import Event
from localoffer import taxonomy
from localoffer.models import Organization, Service, ServiceStatus
from tests import factories
from tests.conftest import client_for
from tests.localoffer_editor_cases import (
    fixture_mine,  # noqa: F401  (a fixture)
    form_data,
    service_url,
)

pytestmark = pytest.mark.usefixtures("frozen_today")
NEW = reverse("localoffer-editor:service-new")


def new_service(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Saturday sensory club",
        "organisation": "Maidstone Mencap",
        "description": "Sensory play for children with SEND on Saturday mornings.",
        "status": ServiceStatus.ACTIVE,
        "minimum_age": "4",
        "maximum_age": "11",
        "sections": [str(factories.taxonomy_term(taxonomy.SECTIONS, "leisure").pk)],
        "needs": [str(factories.taxonomy_term(taxonomy.NEEDS, "SPLD").pk)],
        "contact_name": "Club leader",
        "contact_phone": "01622 696000",
        "location_name": "Maidstone Community Centre",
        "address_1": "1 Week Street",
        "city": "Maidstone",
        "postcode": "me14 1pl",
        "days": ["SA"],
        "opens_at": "09:30",
        "closes_at": "12:00",
        "times_description": "Term time only",
        "fees_description": "£3 a session",
    }
    data.update(changes)
    return data


def test_an_editor_adds_a_service_that_families_can_then_find(editor: User):
    factories.LocationFactory.create(postal_code="ME14 1PL", latitude=51.27, longitude=0.52)
    response = client_for(editor).post(NEW, new_service(), follow=True)

    added = Service.objects.get(name="Saturday sensory club")
    assert response.redirect_chain == [(service_url(added), 302)]
    assert "Saturday sensory club added. Families can now find it" in response.content.decode()
    assert added.owner == editor
    assert added.organization.name == "Maidstone Mencap"
    assert (added.last_reviewed_on, added.review_by) == (
        date(2026, 11, 23),
        date(2026, 11, 23) + (added.review_by - added.last_reviewed_on),
    )
    place = added.at_locations.get().location
    assert (place.name, place.city, place.postal_code) == (
        "Maidstone Community Centre",
        "Maidstone",
        "ME14 1PL",
    )
    # Located from the Local Offer's own location with that postcode, with no call out.
    assert (place.latitude, place.longitude) == (51.27, 0.52)
    times = added.schedules.get()
    assert (times.byday, times.opens_at, times.closes_at, times.freq) == (
        "SA",
        time(9, 30),
        time(12),
        "WEEKLY",
    )
    assert added.contacts.get().phone == "01622 696000"
    event = Event.objects.get(action="service.created")
    assert (event.actor, event.target_id) == (editor, str(added.pk))
    public = client_for(editor).get(reverse("localoffer:search"), {"near": "ME14 1PL"})
    assert [r.name for r in public.context["page"].results] == ["Saturday sensory club"]


def test_adding_a_service_uses_an_existing_organisation_whatever_its_capitals(editor: User):
    Organization.objects.create(name="Maidstone Mencap")
    client_for(editor).post(NEW, new_service(organisation="maidstone MENCAP"))
    assert Organization.objects.filter(name__iexact="maidstone mencap").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the name of the service"),
        ({"organisation": ""}, "organisation", "Enter the name of the organisation"),
        ({"postcode": "ME14"}, "postcode", "Enter a real postcode, like ME14 1XQ"),
        ({"location_name": ""}, "location_name", "Enter the name of the place"),
        ({"opens_at": "9am"}, "opens_at", "Enter the time it opens, like 09:30"),
        ({"closes_at": "08:00"}, "closes_at", "The closing time must be after the opening"),
    ],
)
def test_adding_a_service_says_what_is_wrong_and_saves_nothing(
    editor: User, changes: dict[str, str], field: str, message: str
):
    response = client_for(editor).post(NEW, new_service(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="#id_{field}' in html
    assert escape(message) in html
    assert "<title>Error: Add a service" in html
    assert not Service.objects.exists()


def test_the_owner_changes_the_organisation_place_and_opening_times(editor: User, mine: Service):
    data = form_data(
        mine,
        organisation="Kent Libraries",
        location_name="Tonbridge Library",
        city="Tonbridge",
        postcode="TN9 1BG",
        days=["MO", "WE"],
        opens_at="10:00",
        closes_at="16:00",
    )
    client_for(editor).post(service_url(mine), data)
    mine.refresh_from_db()
    assert mine.organization.name == "Kent Libraries"
    assert mine.at_locations.get().location.name == "Tonbridge Library"
    assert mine.schedules.get().byday == "MO,WE"
    event = Event.objects.get(action="service.updated")
    assert event.details["location_city"] == ["", "Tonbridge"]
    assert event.details["organisation"][1] == "Kent Libraries"

    # Clearing the place leaves a service online or by phone.
    cleared = form_data(mine, location_name="", address_1="", city="", postcode="")
    client_for(editor).post(service_url(mine), cleared)
    assert not mine.at_locations.exists()


def test_an_editor_finds_their_services_by_name(editor: User, mine: Service):
    factories.ServiceFactory.create(owner=editor, name="Swimming for all")
    home = reverse("localoffer-editor:home")
    response = client_for(editor).get(home, {"q": "swim"})
    assert [s.name for s in response.context["page"].object_list] == ["Swimming for all"]
    assert "1 service named like" in response.content.decode()
    nothing = client_for(editor).get(home, {"q": "trampoline"}).content.decode()
    assert "No service's name contains" in nothing
