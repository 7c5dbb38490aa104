"""The Local Offer import pages: uploading a file for the worker to check, the preview, the
import on confirmation, the template, who may use the pages, and the sweeper for jobs
whose worker stopped."""

import re
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from audit.models import Event
from common.jobs import jobs_sweep
from kentsend.jobs import job_kinds
from localoffer.import_jobs import (
    CHECK_STOPPED,
    IMPORT_STOPPED,
    service_import_job_fail,
    service_import_job_run,
)
from localoffer.importing import COLUMNS, service_import
from localoffer.models import Service, ServiceImportJob, ServiceImportStatus
from tests.conftest import client_for
from tests.hostile_files import sheet_row, xlsx
from tests.localoffer_import_files import (
    GOOD,
    UPLOAD,
    checked,
    csv_bytes,
    imported,
    job_of,
    refused,
    row,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_uploading_services_returns_at_once_and_leaves_the_reading_to_the_worker(
    editor, monkeypatch, django_capture_on_commit_callbacks
):
    def read_in_the_request(**kwargs):
        raise AssertionError("the file was read in the web request")

    monkeypatch.setattr("common.table_rows.table_stream", read_in_the_request)
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
    # Someone not signed in is sent to sign in; anyone else signed in is refused.
    assert response.status_code == (302 if persona is None else 403)
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
