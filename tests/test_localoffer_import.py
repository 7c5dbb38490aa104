"""Importing Local Offer services from a file: every bad input is named by row and column and
leaves the Local Offer as it was."""

import csv
import io
import re
import uuid
from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook

from audit.models import Event
from common.jobs import jobs_sweep
from common.table_rows import ImportFileError
from kentsend.jobs import job_kinds
from localoffer.import_jobs import (
    CHECK_STOPPED,
    IMPORT_STOPPED,
    service_import_job_check,
    service_import_job_fail,
    service_import_job_run,
)
from localoffer.importing import COLUMNS, service_import
from localoffer.models import (
    Contact,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceImportJob,
    ServiceImportStatus,
    ServiceStatus,
)
from tests import factories
from tests.conftest import client_for
from tests.hostile_files import sheet_row, xlsx

pytestmark = pytest.mark.django_db

GOOD = {
    "service_id": "",
    "name": "Speech and language therapy drop-in",
    "organisation": "Kent Community Health NHS Foundation Trust",
    "description": "Advice for parents, carers and settings about a child's talking, listening and understanding.",
    "website": "https://services.example.org/salt",
    "email": "salt@example.org",
    "status": "active",
    "minimum_age": "0",
    "maximum_age": "19",
    "sections": "health-wellbeing; Support for children under 5",
    "needs": "SLCN;asd",
    "owner_email": "editor@example.org",
    "last_reviewed_on": "2026-09-01",
    "review_by": "",
    "fees": "Free",
    "contact_name": "Therapy admin team",
    "contact_phone": "03000 123 456",
    "contact_email": "therapy@example.org",
    "location_name": "Maidstone Family Hub",
    "address_1": "1 Week Street",
    "city": "Maidstone",
    "postcode": "me14 1xq",
    "latitude": "51.2762",
    "longitude": "0.5219",
}


NO_LOCATION = dict.fromkeys(
    ["location_name", "address_1", "city", "postcode", "latitude", "longitude"], ""
)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-23 10:00:00+00:00", tick=False):
        yield


def row(**changes: str) -> dict[str, str]:
    return {**GOOD, **changes}


def csv_bytes(*rows: dict[str, str], columns: list[str] = COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([r.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(*rows: dict[str, str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.upper() for c in COLUMNS])
    for r in rows:
        sheet.append([r.get(c, "") for c in COLUMNS])
    sheet["M2"] = date(2026, 9, 1)  # a real date cell in last_reviewed_on
    sheet["H2"], sheet["I2"] = 0, 19  # and numbers in the ages
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def database_state() -> tuple[object, ...]:
    return (
        list(Service.objects.order_by("id").values()),
        sorted(Service.terms.through.objects.values_list("service_id", "taxonomyterm_id")),
        list(Organization.objects.order_by("id").values()),
        list(Contact.objects.order_by("id").values()),
        list(Location.objects.order_by("id").values()),
        list(ServiceAtLocation.objects.order_by("id").values()),
        Event.objects.filter(action="localoffer.services_imported").count(),
    )


def refused(data: bytes, filename: str = "services.csv", actor=None) -> list[str]:
    """Import and return the messages, checking that nothing was saved."""
    before = database_state()
    try:
        result = service_import(data=data, filename=filename, actor=actor)
    except ImportFileError as error:
        messages = [str(error)]
    else:
        assert not result.saved
        messages = result.errors
    assert database_state() == before
    return messages


def term_codes(service: Service) -> set[str]:
    return set(service.terms.values_list("code", flat=True))


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


# --- Who may import what -----------------------------------------------------------------------


def test_it_gives_an_editor_the_services_they_import_with_a_blank_owner(editor):
    service_import(data=csv_bytes(row(owner_email="")), filename="s.csv", actor=editor)
    assert Service.objects.get().owner == editor


def test_it_gives_an_editor_the_services_they_import_without_an_owner_column(editor):
    columns = [c for c in COLUMNS if c != "owner_email"]
    service_import(data=csv_bytes(row(), columns=columns), filename="s.csv", actor=editor)
    assert Service.objects.get().owner == editor


def test_it_refuses_an_editor_a_service_for_another_editor(editor):
    other = factories.LocalOfferEditorFactory.create(email="other.editor@example.org")
    messages = refused(csv_bytes(row(owner_email=other.email)), actor=editor)
    assert messages == [
        "Row 2, column owner_email: 'other.editor@example.org': is not your email address; you "
        "can import only services you keep yourself (leave it blank, or ask a manager)"
    ]


def test_it_refuses_an_editor_a_service_another_editor_keeps(editor):
    theirs = factories.ServiceFactory.create(
        name=GOOD["name"], organization__name=GOOD["organisation"]
    )
    by_name = refused(csv_bytes(row()), actor=editor)
    assert by_name == [
        f"Row 2, column name: '{GOOD['name']}': is a service of this organisation that another "
        "editor keeps; ask a manager to import it"
    ]
    by_id = refused(csv_bytes(row(service_id=str(theirs.pk))), actor=editor)
    assert by_id == [
        f"Row 2, column service_id: '{theirs.pk}': is not the id of a service you keep"
    ]


def test_it_lets_a_manager_import_for_any_editor_and_keeps_the_editor_for_a_blank_owner(
    manager, editor
):
    other = factories.LocalOfferEditorFactory.create(email="other.editor@example.org")
    result = service_import(
        data=csv_bytes(row(), row(name="Portage", owner_email="OTHER.editor@example.org")),
        filename="s.csv",
        actor=manager,
    )
    assert result.saved
    assert Service.objects.get(name="Portage").owner == other
    service_import(data=csv_bytes(row(owner_email="", fees="£2")), filename="s.csv", actor=manager)
    assert Service.objects.get(name=GOOD["name"]).owner == editor


def test_it_refuses_to_give_a_service_to_an_inactive_editor(manager, editor):
    editor.is_active = False
    editor.save()
    assert refused(csv_bytes(row()), actor=manager)[0].endswith(
        "is not the email address of an active Local Offer editor"
    )


# --- The command -------------------------------------------------------------------------------


def test_it_exits_0_from_the_command_for_a_clean_file_and_says_what_it_did(
    editor, tmp_path, capsys
):
    path = tmp_path / "services.csv"
    path.write_bytes(csv_bytes(row()))
    call_command("import_services", str(path))
    assert (
        "Imported services.csv: 1 new, 0 updated, 0 unchanged, 0 in error."
        in capsys.readouterr().out
    )
    assert Service.objects.count() == 1


def test_it_prints_one_line_per_row_error_from_the_command_and_exits_non_zero(
    editor, tmp_path, capsys
):
    path = tmp_path / "services.csv"
    path.write_bytes(csv_bytes(row(minimum_age="five"), row(name="Portage", sections="Swimming")))
    with pytest.raises(
        CommandError,
        match=re.escape("0 new, 0 updated, 0 unchanged, 2 in error. Nothing was saved."),
    ):
        call_command("import_services", str(path))
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == [
        "Row 2, column minimum_age: 'five': expected a whole number of years from 0 to 25",
        "Row 3, column sections: 'Swimming': 'Swimming' is not a Local Offer section; expected "
        "section codes or names such as under-5s; school-age; leisure",
    ]
    assert not Service.objects.exists()


def test_it_saves_nothing_from_the_command_with_dry_run(editor, tmp_path, capsys):
    path = tmp_path / "services.csv"
    path.write_bytes(csv_bytes(row()))
    call_command("import_services", str(path), "--dry-run")
    assert "Checked (dry run, nothing saved) services.csv: 1 new" in capsys.readouterr().out
    assert not Service.objects.exists()


def test_it_refuses_a_missing_or_empty_file_from_the_command(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_services", str(tmp_path / "missing.csv"))
    path = tmp_path / "services.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match=r"The file is empty\."):
        call_command("import_services", str(path))


# --- The pages ---------------------------------------------------------------------------------

UPLOAD = "/local-offer/manage/import/"


def upload(client: Client, data: bytes, name: str = "services.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def job_of(address: str) -> ServiceImportJob:
    return ServiceImportJob.objects.get(pk=address.rstrip("/").split("/")[4])


def checked(client: Client, data: bytes, name: str = "services.csv") -> str:
    """Upload a file and check it as the worker does; the address of its preview."""
    response = upload(client, data, name)
    assert response.status_code == 302
    service_import_job_check(str(job_of(response["Location"]).pk))
    return str(response["Location"])


def imported(client: Client, preview: str):
    """Confirm the preview and import it as the worker does; the confirmation's response."""
    response = client.post(f"{preview}import/")
    service_import_job_run(str(job_of(preview).pk))
    return response


def test_uploading_services_returns_at_once_and_leaves_the_reading_to_the_worker(
    editor, monkeypatch, django_capture_on_commit_callbacks
):
    def read_in_the_request(**kwargs):
        raise AssertionError("the file was read in the web request")

    monkeypatch.setattr("common.table_rows.table_read", read_in_the_request)
    client = client_for(editor)
    with django_capture_on_commit_callbacks() as queued:
        response = upload(client, xlsx([sheet_row(1, COLUMNS)], dimension="A1:X1048576"), "s.xlsx")
    assert response.status_code == 302
    job = job_of(response["Location"])
    assert (job.status, job.uploaded_by, job.filename) == (
        ServiceImportStatus.CHECKING,
        editor,
        "s.xlsx",
    )
    assert len(queued) == 1  # check_service_import.delay, run by the worker
    page = client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Checking the file" in page


def test_a_file_the_worker_refuses_fails_its_job_with_the_message_and_keeps_nothing(editor):
    client = client_for(editor)
    preview = checked(client, xlsx([sheet_row(1, COLUMNS)], dimension="A1:X1048576"), "s.xlsx")
    job = job_of(preview)
    assert job.status == ServiceImportStatus.FAILED
    assert job.file_error.startswith("The first sheet says it has 1,048,576 rows")
    assert bytes(job.data) == b""
    page = client.get(preview).content.decode()
    assert "govuk-error-summary" in page
    assert "The first sheet says it has 1,048,576 rows, more than the 3,000 you can" in page
    assert "refresh" not in page
    assert client.get(f"{preview}done/")["Location"] == preview
    assert client.post(f"{preview}import/").status_code == 302
    assert job_of(preview).status == ServiceImportStatus.FAILED
    refused = Event.objects.get(action="localoffer.service_import_refused")
    assert (refused.actor, refused.details["file"]) == (editor, "s.xlsx")


def test_it_previews_an_upload_with_counts_and_errors_and_saves_nothing(editor):
    client = client_for(editor)
    preview = checked(client, csv_bytes(row(), row(name="Portage", minimum_age="five")))
    assert re.fullmatch(r"/local-offer/manage/import/[0-9a-f-]{36}/", preview)
    page = client.get(preview).content.decode()
    assert "1 row of the file has errors" in page
    assert "Row 3, column minimum_age: &#x27;five&#x27;: expected a whole number of years" in page
    assert re.search(r"New services</dt><dd[^>]*>1<", page)
    assert "Import the 1 valid row</button>" in page
    assert not Service.objects.exists()


def test_it_saves_the_valid_rows_from_the_preview_and_shows_the_result(editor):
    client = client_for(editor)
    preview = checked(client, csv_bytes(row(), row(name="Portage", minimum_age="five")))
    response = client.post(f"{preview}import/")
    assert response["Location"] == f"{preview}done/"
    page = client.get(f"{preview}done/").content.decode()
    assert "Importing the services" in page
    assert '<meta http-equiv="refresh" content="2">' in page
    service_import_job_run(str(job_of(preview).pk))
    page = client.get(f"{preview}done/").content.decode()
    assert "Services imported" in page
    assert "1 added and 0 updated from services.csv" in page
    assert list(Service.objects.values_list("name", flat=True)) == [GOOD["name"]]
    assert client.get(preview)["Location"] == f"{preview}done/"
    assert bytes(job_of(preview).data) == b""


def test_it_imports_once_when_a_preview_is_confirmed_twice(editor):
    client = client_for(editor)
    preview = checked(client, csv_bytes(row()))
    imported(client, preview)
    Service.objects.all().delete()
    response = client.post(f"{preview}import/", follow=True)
    service_import_job_run(str(job_of(preview).pk))
    assert "This file has already been imported." in response.content.decode()
    assert not Service.objects.exists()


def test_it_saves_nothing_and_forgets_the_file_when_the_preview_is_cancelled(editor):
    client = client_for(editor)
    preview = checked(client, csv_bytes(row()))
    response = client.post(f"{preview}cancel/", follow=True)
    assert "Nothing from services.csv was imported." in response.content.decode()
    assert client.get(preview).status_code == 404
    assert not ServiceImportJob.objects.exists()
    assert not Service.objects.exists()


def test_it_offers_no_import_when_the_file_would_change_nothing(editor):
    service_import(data=csv_bytes(row()), filename="s.csv", actor=editor)
    client = client_for(editor)
    page = client.get(checked(client, csv_bytes(row()))).content.decode()
    assert "Importing this file would change nothing." in page
    assert "valid row" not in page


def test_it_offers_only_a_corrected_file_when_every_row_is_in_error(editor):
    client = client_for(editor)
    page = client.get(checked(client, csv_bytes(row(minimum_age="five")))).content.decode()
    assert "1 row of the file has errors" in page
    assert "valid row" not in page
    assert "would change nothing" not in page


def test_it_shows_a_file_it_cannot_read_in_the_error_summary(editor):
    client = client_for(editor)
    preview = checked(client, csv_bytes(row(), columns=["name", "organisation"]))
    page = client.get(preview).content.decode()
    assert "govuk-error-summary" in page
    assert "The file is missing these columns: description, last_reviewed_on." in page


def test_it_says_what_to_do_when_an_import_stopped(editor):
    client = client_for(editor)
    preview = checked(client, csv_bytes(row()))
    client.post(f"{preview}import/")
    service_import_job_fail(job_of(preview).pk, reason=IMPORT_STOPPED)
    page = client.get(f"{preview}done/").content.decode()
    assert "Nothing was imported" in page
    assert "The import stopped before it finished, so nothing from this file was saved." in page
    assert not Service.objects.exists()


def test_it_hides_an_upload_from_everyone_but_the_uploader(editor, manager):
    preview = checked(client_for(editor), csv_bytes(row()))
    other = client_for(manager)
    assert other.get(preview).status_code == 404
    assert other.get(f"{preview}done/").status_code == 404
    assert other.post(f"{preview}import/").status_code == 404
    assert other.post(f"{preview}cancel/").status_code == 404
    assert job_of(preview).status == ServiceImportStatus.CHECKED
    assert not Service.objects.exists()


def test_it_offers_a_template_with_every_column_in_order(editor):
    response = client_for(editor).get("/local-offer/manage/import/template.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text == "\ufeff" + ",".join(COLUMNS) + "\r\n"


def test_it_reads_the_template_as_a_file_with_no_services(editor):
    data = client_for(editor).get("/local-offer/manage/import/template.csv").content
    assert refused(data, actor=editor) == ["The file has a header row but no services."]


@pytest.mark.parametrize(
    "persona", ["editor", "manager", "officer_north", "volunteer", "headteacher", None]
)
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    ("path", "allowed_status"),
    [
        (UPLOAD, 200),  # a POST without a file shows the form again
        ("/local-offer/manage/import/template.csv", 200),
        (f"{UPLOAD}{uuid.UUID(int=1)}/", 404),  # no such import
    ],
)
def test_it_opens_the_import_pages_only_to_editors_and_managers(
    personas, persona, method, path, allowed_status
):
    client = client_for(personas[persona]) if persona else Client()
    response = getattr(client, method)(path)
    if persona is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/?next=")
    elif persona in {"editor", "manager"}:
        assert response.status_code == allowed_status
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", ["officer_north", "volunteer", "headteacher", None])
def test_it_refuses_a_file_posted_by_people_who_may_not_import(personas, persona):
    client = client_for(personas[persona]) if persona else Client()
    response = upload(client, csv_bytes(row()))
    assert response.status_code in {302, 403}
    assert not Service.objects.exists()


def test_it_lets_a_manager_upload_services_for_an_editor_through_the_page(manager, editor):
    client = client_for(manager)
    imported(client, checked(client, csv_bytes(row())))
    assert Service.objects.get().owner == editor


def test_the_sweeper_fails_a_check_or_an_import_whose_worker_stopped(editor):
    client = client_for(editor)
    checking = job_of(upload(client, csv_bytes(row()))["Location"])
    importing = job_of(checked(client, csv_bytes(row(name="Portage"))))
    client.post(f"/local-offer/manage/import/{importing.pk}/import/")
    later = timezone.now() + timedelta(seconds=301)
    assert jobs_sweep(job_kinds(), now=later) == {
        "Local Offer service file check": 1,
        "Local Offer service import": 1,
    }
    checking.refresh_from_db()
    importing.refresh_from_db()
    assert (checking.status, checking.error, bytes(checking.data)) == (
        ServiceImportStatus.FAILED,
        CHECK_STOPPED,
        b"",
    )
    assert (importing.status, importing.error) == (ServiceImportStatus.FAILED, IMPORT_STOPPED)
    assert (
        "The import stopped before it finished"
        in client.get(f"/local-offer/manage/import/{importing.pk}/done/").content.decode()
    )
