"""Importing a clean file of Local Offer services: every detail of a service saved, from CSV
or XLSX, again without change, updating the service the file names, and blank cells."""

from datetime import date

import pytest

from audit.models import Event
from localoffer.importing import COLUMNS, service_import
from localoffer.models import Location, Organization, Service, ServiceStatus
from tests import factories
from tests.localoffer_import_files import (
    GOOD,
    NO_LOCATION,
    csv_bytes,
    database_state,
    row,
    term_codes,
    xlsx_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


# --- A clean file ------------------------------------------------------------------------------


def test_it_imports_a_clean_csv_file_with_every_detail_of_a_service(editor):
    result = service_import(data=csv_bytes(row()), filename="services.csv", actor=editor)
    assert result.saved
    assert result.counts == {"new": 1, "updated": 0, "unchanged": 0, "error": 0}
    service = Service.objects.get()
    assert service.organization.name == "Kent Community Health NHS Foundation Trust"
    assert (service.url, service.email, service.status) == (
        "https://services.example.org/salt",
        "salt@example.org",
        ServiceStatus.ACTIVE,
    )
    assert (service.minimum_age, service.maximum_age, service.fees_description) == (0, 19, "Free")
    assert service.owner == editor
    assert (service.last_reviewed_on, service.review_by) == (date(2026, 9, 1), date(2027, 9, 1))
    assert term_codes(service) == {"health-wellbeing", "under-5s", "SLCN", "ASD"}
    contact = service.contacts.get()
    assert (contact.name, contact.phone, contact.email) == (
        "Therapy admin team",
        "03000 123 456",
        "therapy@example.org",
    )
    location = Location.objects.get(services_at__service=service)
    assert (location.name, location.address_1, location.city, location.postal_code) == (
        "Maidstone Family Hub",
        "1 Week Street",
        "Maidstone",
        "ME14 1XQ",
    )
    assert (location.latitude, location.longitude) == (51.2762, 0.5219)
    event = Event.objects.get(action="localoffer.services_imported")
    assert event.actor == editor
    assert event.details["file"] == "services.csv"
    assert event.details["new"] == 1
    assert len(event.details["sha256"]) == 64


def test_it_imports_an_xlsx_file_with_upper_case_headers_and_real_date_cells_like_a_csv(editor):
    result = service_import(data=xlsx_bytes(row()), filename="services.xlsx", actor=editor)
    assert result.counts["new"] == 1, result.errors
    service = Service.objects.get()
    assert (service.last_reviewed_on, service.minimum_age, service.maximum_age) == (
        date(2026, 9, 1),
        0,
        19,
    )


def test_it_accepts_a_byte_order_mark_day_month_year_dates_and_an_explicit_review_date(editor):
    data = b"\xef\xbb\xbf" + csv_bytes(
        row(last_reviewed_on="01/09/2026", review_by="28/02/2027", status="Temporarily closed")
    )
    assert service_import(data=data, filename="services.csv", actor=editor).saved
    service = Service.objects.get()
    assert (service.last_reviewed_on, service.review_by) == (date(2026, 9, 1), date(2027, 2, 28))
    assert service.status == ServiceStatus.TEMPORARILY_CLOSED


def test_it_changes_nothing_when_the_same_file_is_imported_again(editor):
    data = csv_bytes(row(), row(name="Autism outreach", organisation="Kent County Council"))
    service_import(data=data, filename="services.csv", actor=editor)
    before = database_state()[:-1]
    again = service_import(data=data, filename="services.csv", actor=editor)
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 2, "error": 0}
    assert database_state()[:-1] == before


def test_it_adds_a_new_organisation_once_for_all_the_rows_that_name_it(editor):
    service_import(
        data=csv_bytes(row(), row(name="Portage home visiting", **NO_LOCATION)),
        filename="services.csv",
        actor=editor,
    )
    assert Organization.objects.count() == 1
    assert Service.objects.count() == 2


def test_it_updates_the_service_named_by_service_id_and_says_what_changed(editor):
    service = factories.ServiceFactory.create(owner=editor, name="Old name")
    data = csv_bytes(row(service_id=str(service.pk), description="New words.", needs="HI"))
    result = service_import(data=data, filename="services.csv", actor=editor)
    assert result.counts == {"new": 0, "updated": 1, "unchanged": 0, "error": 0}
    assert result.outcomes[0].messages == [
        "changed: name, organisation, description, website, email, maximum_age, fees, "
        "sections, needs, contact, location"
    ]
    service.refresh_from_db()
    assert (service.name, service.description) == (
        "Speech and language therapy drop-in",
        "New words.",
    )
    assert service.organization.name == GOOD["organisation"]
    assert term_codes(service) == {"health-wellbeing", "under-5s", "HI"}
    assert Service.objects.count() == 1


def test_it_updates_the_service_with_the_same_organisation_and_name_in_any_case(editor):
    """The organisation is matched, not renamed; the service takes the file's spelling."""
    service_import(data=csv_bytes(row()), filename="a.csv", actor=editor)
    result = service_import(
        data=csv_bytes(row(name=GOOD["name"].upper(), organisation=GOOD["organisation"].lower(), fees="£5 a session")),
        filename="b.csv",
        actor=editor,
    )  # fmt: skip
    assert result.counts["updated"] == 1
    assert result.outcomes[0].messages == ["changed: name, fees"]
    service = Service.objects.get()
    assert (service.name, service.fees_description) == (GOOD["name"].upper(), "£5 a session")
    assert service.organization.name == GOOD["organisation"]


def test_it_leaves_details_whose_column_is_not_in_the_file_as_they_are(editor):
    service_import(data=csv_bytes(row()), filename="a.csv", actor=editor)
    columns = [
        c
        for c in COLUMNS
        if c not in {"needs", "website", "contact_name", "contact_phone", "contact_email"}
    ]
    result = service_import(
        data=csv_bytes(row(sections="leisure"), columns=columns), filename="b.csv", actor=editor
    )  # fmt: skip
    assert result.outcomes[0].messages == ["changed: sections"]
    service = Service.objects.get()
    assert term_codes(service) == {"leisure", "SLCN", "ASD"}
    assert service.url == GOOD["website"]
    assert service.contacts.count() == 1


def test_it_clears_a_detail_for_a_blank_cell_and_sets_a_blank_review_date_from_the_last_review(
    editor,
):
    service_import(data=csv_bytes(row(review_by="2027-01-31")), filename="a.csv", actor=editor)
    service_import(
        data=csv_bytes(row(website="", needs="", minimum_age="", last_reviewed_on="2026-11-01")),
        filename="b.csv",
        actor=editor,
    )
    service = Service.objects.get()
    assert (service.url, service.minimum_age) == ("", None)
    assert term_codes(service) == {"health-wellbeing", "under-5s"}
    assert service.review_by == date(2027, 11, 1)


def test_it_adds_a_contact_or_location_with_a_new_name_beside_those_the_service_has(editor):
    service_import(data=csv_bytes(row()), filename="a.csv", actor=editor)
    service_import(
        data=csv_bytes(row(contact_name="Duty therapist", location_name="Ashford Gateway", postcode="TN23 1AX")),
        filename="b.csv",
        actor=editor,
    )  # fmt: skip
    service = Service.objects.get()
    assert service.contacts.count() == 2
    assert service.at_locations.count() == 2
