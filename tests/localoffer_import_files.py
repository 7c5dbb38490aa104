"""Files of Local Offer services for the import tests: a good row and its variants, the file
as CSV or XLSX, importing a file that must be refused, and uploading, checking and
importing a file through the pages as the worker does."""

import csv
import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from audit.models import Event
from common.table_rows import ImportFileError
from localoffer.import_jobs import service_import_job_check, service_import_job_run
from localoffer.importing import COLUMNS, service_import
from localoffer.models import (
    Contact,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceImportJob,
)

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
