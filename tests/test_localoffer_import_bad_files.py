"""Importing Local Offer services from a file with bad cells, repeated services or a file
that cannot be read: every bad input is named by row and column and leaves the Local Offer as it was.
Also the dry run and saving only the valid rows."""

import uuid

import pytest

from localoffer.importing import COLUMNS, service_import
from localoffer.models import Location, Organization, Service
from tests import factories
from tests.localoffer_import_files import GOOD, csv_bytes, database_state, refused, row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


# --- Bad cells -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"minimum_age": "five"}, "column minimum_age: 'five': expected a whole number of years from 0 to 25"),
        ({"maximum_age": "26"}, "column maximum_age: '26': expected a whole number of years from 0 to 25"),
        ({"minimum_age": "-1"}, "column minimum_age: '-1': expected a whole number of years from 0 to 25"),
        ({"minimum_age": "5", "maximum_age": "3"}, "column maximum_age: '3': is below the minimum age (5)"),
        ({"sections": "under-5s;Swimming"}, "column sections: 'under-5s;Swimming': 'Swimming' is not a Local Offer section"),
        ({"needs": "AUT"}, "column needs: 'AUT': 'AUT' is not an SEN2 need code; expected one of SPLD, MLD"),
        ({"owner_email": "nobody@example.org"}, "column owner_email: 'nobody@example.org': is not the email address of an active Local Offer editor"),
        ({"owner_email": "manager@example.org"}, "column owner_email: 'manager@example.org': is not the email address of an active Local Offer editor"),
        ({"owner_email": ""}, "column owner_email: a blank cell: is required: the email address of the Local Offer editor"),
        ({"last_reviewed_on": "31/02/2026"}, "column last_reviewed_on: '31/02/2026': is not a real date; expected YYYY-MM-DD or DD/MM/YYYY"),
        ({"last_reviewed_on": ""}, "column last_reviewed_on: a blank cell: is required"),
        ({"last_reviewed_on": "2027-01-01"}, "column last_reviewed_on: '2027-01-01': is in the future"),
        ({"review_by": "2026-08-31"}, "column review_by: '2026-08-31': is before last_reviewed_on (01/09/2026)"),
        ({"review_by": "soon"}, "column review_by: 'soon': is not a real date"),
        ({"website": "services.example.org"}, "column website: 'services.example.org': is not a web address; expected a full address starting https://"),
        ({"website": "javascript:alert(1)"}, "column website: 'javascript:alert(1)': is not a web address"),
        ({"email": "salt at example.org"}, "column email: 'salt at example.org': is not an email address"),
        ({"contact_email": "therapy@"}, "column contact_email: 'therapy@': is not an email address"),
        ({"contact_phone": "ring us"}, "column contact_phone: 'ring us': is not a phone number"),
        ({"postcode": "ME99"}, "column postcode: 'ME99': is not a UK postcode; expected one like ME14 1XQ"),
        ({"latitude": "91"}, "column latitude: '91': expected a number of degrees from -90 to 90"),
        ({"longitude": "east"}, "column longitude: 'east': expected a number of degrees from -180 to 180"),
        ({"latitude": "nan"}, "column latitude: 'nan': expected a number of degrees from -90 to 90"),
        ({"latitude": ""}, "column latitude: a blank cell: is required when longitude is given"),
        ({"location_name": ""}, "column location_name: a blank cell: is required when the row gives an address or coordinates"),
        ({"status": "open"}, "column status: 'open': is not a service status; expected one of active, inactive, defunct, temporarily closed"),
        ({"name": ""}, "column name: a blank cell: is required"),
        ({"organisation": ""}, "column organisation: a blank cell: is required"),
        ({"name": "x" * 201}, f"column name: '{'x' * 59}\u2026': is 201 characters long; expected at most 200"),
        ({"description": '=HYPERLINK("http://x")'}, "column description: '=HYPERLINK(\"http://x\")': looks like a spreadsheet formula"),
        ({"contact_name": "@SUM(A1)"}, "column contact_name: '@SUM(A1)': looks like a spreadsheet formula"),
        ({"service_id": "12345"}, "column service_id: '12345': is not a service id"),
        ({"service_id": str(uuid.UUID(int=7))}, f"column service_id: '{uuid.UUID(int=7)}': is not the id of a service in the Local Offer"),
    ],
)  # fmt: skip
def test_it_names_a_bad_cell_by_row_and_column_and_saves_nothing(editor, changes, message):
    messages = refused(csv_bytes(row(name="Portage"), row(**changes)))
    assert any(m.startswith(f"Row 3, {message}") for m in messages), messages


def test_it_lists_every_problem_of_a_row_in_column_order(editor):
    messages = refused(
        csv_bytes(row(postcode="nowhere", minimum_age="five", website="x", needs="AUT"))
    )
    assert [m.split(":")[0] for m in messages] == [
        "Row 2, column website",
        "Row 2, column minimum_age",
        "Row 2, column needs",
        "Row 2, column postcode",
    ]


def test_it_reports_a_bad_last_review_date_once_and_not_again_as_a_missing_review_date(editor):
    assert refused(csv_bytes(row(last_reviewed_on="31/02/2026"))) == [
        "Row 2, column last_reviewed_on: '31/02/2026': is not a real date; expected YYYY-MM-DD or DD/MM/YYYY"
    ]


def test_it_refuses_every_row_of_a_service_that_is_twice_in_the_file(editor):
    messages = refused(csv_bytes(row(), row(name="Portage"), row(name=GOOD["name"].lower())))
    assert messages == [
        f"Row 2, column name: '{GOOD['name']}': appears more than once in the file as a service name for this organisation",
        f"Row 4, column name: '{GOOD['name'].lower()}': appears more than once in the file as a service name for this organisation (first on row 2)",
    ]  # fmt: skip


def test_it_refuses_a_service_id_and_a_matching_name_in_one_file_as_the_same_service(editor):
    service = factories.ServiceFactory.create(
        owner=editor, name=GOOD["name"], organization__name=GOOD["organisation"]
    )
    messages = refused(csv_bytes(row(service_id=str(service.pk)), row(contact_name="Other")))
    assert messages == [f"Row 3, column name: '{GOOD['name']}': is the same service as row 2"]


# --- Bad files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "services.csv", "The file is empty."),
        (b"\xef\xbb\xbf\r\n", "services.csv", "The file is empty."),
        (",".join(COLUMNS).encode() + b"\r\n", "services.csv", "The file has a header row but no services."),
        (csv_bytes(row(), columns=[c for c in COLUMNS if c not in {"description", "last_reviewed_on"}]),
         "services.csv", "The file is missing these columns: description, last_reviewed_on."),
        (csv_bytes(row()), "services.pdf", "Choose a CSV or XLSX file (its name should end in .csv or .xlsx)."),
        (b"%PDF-1.7 \x00\x81\x8d\x8f\x90\x9d", "services.csv", "The file is not UTF-8 or Windows-1252 text."),
        (b"not a spreadsheet", "services.xlsx", "The XLSX file cannot be opened"),
    ],
)  # fmt: skip
def test_it_refuses_a_file_it_cannot_read_whole_with_one_message(editor, data, filename, message):
    messages = refused(data, filename)
    assert len(messages) == 1
    assert messages[0].startswith(message), messages


def test_it_refuses_a_file_with_more_services_than_a_check_may_take(editor, monkeypatch):
    monkeypatch.setattr("localoffer.importing.MAX_ROWS", 2)
    data = csv_bytes(row(), row(name="Portage"), row(name="Autism outreach"))
    assert refused(data) == ["The file has more than 2 rows; split it and import each part."]


def test_it_ignores_unknown_columns_with_a_warning(editor):
    data = csv_bytes({**row(), "notes": "x"}, columns=[*COLUMNS, "notes", "Opening Hours"])
    result = service_import(data=data, filename="services.csv", actor=editor)
    assert result.saved
    assert result.warnings == ["These columns are not used and were ignored: notes, opening_hours."]


def test_it_reports_but_saves_nothing_on_a_dry_run(editor):
    before = database_state()
    result = service_import(data=csv_bytes(row()), filename="s.csv", actor=editor, dry_run=True)
    assert (result.counts["new"], result.saved) == (1, False)
    assert database_state() == before


def test_it_saves_only_the_valid_rows_when_asked_and_each_whole(editor):
    data = csv_bytes(
        row(), row(name="Portage", organisation="Portage Kent", postcode="ME99"), row(name="Autism outreach")
    )  # fmt: skip
    result = service_import(data=data, filename="s.csv", actor=editor, save_valid_rows=True)
    assert result.saved
    assert result.counts == {"new": 2, "updated": 0, "unchanged": 0, "error": 1}
    assert set(Service.objects.values_list("name", flat=True)) == {GOOD["name"], "Autism outreach"}
    assert not Organization.objects.filter(name="Portage Kent").exists()
    assert Location.objects.count() == 2
