"""The import page: upload, a preview checked by a Celery task, confirmation, and the report."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import Event
from caseload.models import ImportJob, ImportStatus
from caseload.services import import_job_check, import_job_create, import_job_run
from casework.models import Plan
from kentsend import celery_app
from tests.conftest import client_for, wait_for
from tests.test_import import csv_bytes, row

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name: str = "caseload.csv"):
    return client.post(
        "/casework/import/", {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
    )


def test_uploading_returns_at_once_and_queues_the_check(
    officer_north, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        response = upload(client_for(officer_north), csv_bytes(row()))
    job = ImportJob.objects.get()
    assert response["Location"] == f"/casework/import/{job.pk}/"
    assert job.status == ImportStatus.CHECKING
    assert len(queued) == 1  # check_import.delay, run by the worker
    page = client_for(officer_north).get(f"/casework/import/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Checking every row" in page


def test_the_preview_lists_each_error_and_nothing_is_saved_until_confirmed(officer_north):
    client = client_for(officer_north)
    upload(client, csv_bytes(row(), row(plan_ref="EHCP-0002", upn="", date_of_birth="31/02/2020")))
    job = ImportJob.objects.get()
    import_job_check(str(job.pk))
    page = client.get(f"/casework/import/{job.pk}/").content.decode()
    assert "Checked: waiting for your confirmation" in page
    assert "Row 3, column date_of_birth: &#x27;31/02/2020&#x27;: is not a real date" in page
    assert not Plan.objects.exists()
    checked = Event.objects.get(action="caseload.import_checked")
    assert checked.actor == officer_north
    assert checked.details["file"] == "caseload.csv"
    assert checked.details["error"] == 1
    response = client.post(f"/casework/import/{job.pk}/confirm/", follow=True)
    assert "The file has rows in error" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED


def test_a_confirmed_clean_file_is_imported_and_its_report_downloaded(
    officer_north, django_capture_on_commit_callbacks
):
    client = client_for(officer_north)
    upload(client, csv_bytes(row(), row(plan_ref="EHCP-0002", upn="")))
    job = ImportJob.objects.get()
    import_job_check(str(job.pk))
    with django_capture_on_commit_callbacks() as queued:
        client.post(f"/casework/import/{job.pk}/confirm/")
    assert len(queued) == 1
    import_job_run(str(job.pk))
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTED
    assert bytes(job.data) == b""  # the file itself is not kept
    assert Plan.objects.count() == 2
    report = client.get(f"/casework/import/{job.pk}/report.csv").content.decode().splitlines()
    assert report == ["row,plan_ref,outcome,details", "2,EHCP-0001,new,", "3,EHCP-0002,new,"]


def test_confirming_twice_imports_once(officer_north):
    client = client_for(officer_north)
    upload(client, csv_bytes(row()))
    job = ImportJob.objects.get()
    import_job_check(str(job.pk))
    client.post(f"/casework/import/{job.pk}/confirm/")
    second = client.post(f"/casework/import/{job.pk}/confirm/", follow=True)
    assert "already been confirmed" in second.content.decode()
    import_job_run(str(job.pk))
    import_job_run(str(job.pk))
    assert Plan.objects.count() == 1


def test_the_officer_may_choose_to_save_only_the_valid_rows(officer_north):
    client = client_for(officer_north)
    upload(client, csv_bytes(row(), row(plan_ref="EHCP-0002", upn="", area="Atlantis")))
    job = ImportJob.objects.get()
    import_job_check(str(job.pk))
    client.post(f"/casework/import/{job.pk}/confirm/", {"save_valid_rows": "yes"})
    import_job_run(str(job.pk))
    assert list(Plan.objects.values_list("plan_ref", flat=True)) == ["EHCP-0001"]


def test_an_unreadable_file_says_why(officer_north):
    client = client_for(officer_north)
    upload(client, b"plan_ref\r\nEHCP-1\r\n")
    job = ImportJob.objects.get()
    import_job_check(str(job.pk))
    page = client.get(f"/casework/import/{job.pk}/").content.decode()
    assert "The file is missing these columns: upn" not in page  # upn is optional
    assert "The file is missing these columns: forename, surname" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("caseload.pdf", b"%PDF", "The selected file must be a CSV or XLSX file"),
        ("caseload.csv", b"", "The selected file is empty"),
    ],
)
def test_the_upload_form_refuses_what_it_cannot_take(officer_north, name, data, message):
    page = upload(client_for(officer_north), data, name).content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not ImportJob.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_before_it_is_stored(officer_north, settings):
    settings.IMPORT_MAX_BYTES = 100
    page = upload(client_for(officer_north), csv_bytes(row())).content.decode()
    assert "The selected file must be smaller than 0 MB" in page
    assert not ImportJob.objects.exists()


def test_another_officer_cannot_see_the_upload_and_a_manager_cannot_confirm_it(
    officer_north, officer_west, manager
):
    upload(client_for(officer_north), csv_bytes(row()))
    job = ImportJob.objects.get()
    import_job_check(str(job.pk))
    assert client_for(officer_west).get(f"/casework/import/{job.pk}/").status_code == 404
    assert client_for(officer_west).get(f"/casework/import/{job.pk}/report.csv").status_code == 404
    assert client_for(manager).get(f"/casework/import/{job.pk}/").status_code == 200
    assert client_for(manager).post(f"/casework/import/{job.pk}/confirm/").status_code == 403


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_checks_and_imports_an_upload(officer_north):
    client = client_for(officer_north)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        upload(client, csv_bytes(row()))
        job = ImportJob.objects.get()
        wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == ImportStatus.CHECKED)
        client.post(f"/casework/import/{job.pk}/confirm/")
        wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == ImportStatus.IMPORTED)
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.IMPORTED
    assert Plan.objects.get().plan_ref == "EHCP-0001"


@pytest.mark.parametrize(
    ("filename", "header"),
    [
        ('my "caseload".csv', 'attachment; filename="import-report-my \\"caseload\\".csv"'),
        ("a\r\nSet-Cookie: x=1.csv", "attachment; filename*=utf-8''import-report-a%0D%0ASet-Cookie%3A%20x%3D1.csv"),
        ("Zoë's caseload.csv", "attachment; filename*=utf-8''import-report-Zo%C3%AB%27s%20caseload.csv"),
        ("x" * 251 + ".csv", f'attachment; filename="import-report-{"x" * 100}.csv"'),
    ],
)  # fmt: skip
def test_the_report_download_names_a_hostile_file_safely(officer_north, filename, header):
    job = import_job_create(user=officer_north, filename=filename, data=csv_bytes(row()))
    import_job_check(str(job.pk))
    response = client_for(officer_north).get(f"/casework/import/{job.pk}/report.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == header
    assert "Set-Cookie" not in {k for k, _ in response.items()}


def test_an_upload_with_a_300_character_name_is_checked_and_its_report_downloaded(officer_north):
    client = client_for(officer_north)
    upload(client, csv_bytes(row()), name="é" * 296 + ".csv")
    job = ImportJob.objects.get()
    import_job_check(str(job.pk))
    response = client.get(f"/casework/import/{job.pk}/report.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''import-report-")


def test_the_upload_page_says_what_a_plan_reference_may_hold_and_which_areas_a_file_may_name(
    officer_north,
):
    page = client_for(officer_north).get("/casework/import/").content.decode()
    assert "A plan reference (plan_ref) is 1 to 40 characters: letters, digits" in page
    assert "Each row must be for an area team you work in;" in page


def test_the_report_never_hands_a_spreadsheet_formula_back_to_the_officer(officer_north):
    client = client_for(officer_north)
    upload(client, csv_bytes(row(plan_ref="=HYPERLINK(1)"), row(plan_ref="@SUM(A1)", upn="")))
    job = ImportJob.objects.get()
    import_job_check(str(job.pk))
    report = client.get(f"/casework/import/{job.pk}/report.csv").content.decode().splitlines()
    refs = [line.split(",")[1] for line in report[1:]]
    assert refs == ["'=HYPERLINK(1)", "'@SUM(A1)"]
