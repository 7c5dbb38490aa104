"""The Local Offer service import with a real Celery worker: the worker reads and checks each
uploaded file, refuses a workbook built to exhaust it, and imports a good file once confirmed.

Its own module, with the real clock: a worker does not run under a frozen one."""

from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker

from kentsend import celery_app
from localoffer.importing import COLUMNS
from localoffer.models import Service, ServiceImportStatus
from tests.conftest import client_for, wait_for
from tests.hostile_files import repeated, sheet_row, xlsx
from tests.localoffer_import_files import csv_bytes, job_of, row, upload


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_refuses_a_workbook_of_a_hundred_million_rows_and_imports_a_good_file(
    editor,
):
    client = client_for(editor)
    bomb = xlsx([sheet_row(1, COLUMNS), *repeated(b"<row/>", 100_000_000)])
    good = csv_bytes(row(last_reviewed_on=date.today().isoformat()))
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        refused = upload(client, bomb, "services.xlsx")["Location"]
        checked = upload(client, good)["Location"]
        assert wait_for(lambda: job_of(refused).status == ServiceImportStatus.FAILED)
        assert wait_for(lambda: job_of(checked).status == ServiceImportStatus.CHECKED)
        assert not Service.objects.exists()
        client.post(f"{checked}import/")
        assert wait_for(lambda: job_of(checked).status == ServiceImportStatus.IMPORTED)
    page = client.get(refused).content.decode()
    assert "The spreadsheet unpacks to 600 MB of data; the most you can import is 300 MB." in page
    assert bytes(job_of(refused).data) == b""
    page = client.get(f"{checked}done/").content.decode()
    assert "1 added and 0 updated from services.csv" in page
    assert Service.objects.get().owner == editor
