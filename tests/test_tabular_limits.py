"""Files built to exhaust memory or CPU are refused quickly, with a message an officer can act
on, by the caseload import and the Local Offer service import alike."""

import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from caseload.import_rows import COLUMNS as PLAN_COLUMNS
from caseload.importing import caseload_import
from caseload.models import ImportStatus
from caseload.services import import_job_check, import_job_create
from common.table_rows import ImportFileError
from localoffer.importing import COLUMNS as SERVICE_COLUMNS
from localoffer.importing import service_import
from tests import localoffer_import_files, test_import
from tests.hostile_files import repeated, sheet_row, xlsx

pytestmark = pytest.mark.django_db

QUICKLY = 20  # seconds: generous on a busy machine; each file is read in one or two


def plan_file(*rows: bytes, **options) -> bytes:
    values = test_import.row()
    good = sheet_row(2, [values[c] for c in PLAN_COLUMNS])
    return xlsx([sheet_row(1, PLAN_COLUMNS), good, *rows], **options)


def service_file(*rows: bytes, **options) -> bytes:
    values = localoffer_import_files.row()
    good = sheet_row(2, [values[c] for c in SERVICE_COLUMNS])
    return xlsx([sheet_row(1, SERVICE_COLUMNS), good, *rows], **options)


@dataclass
class Import:
    workbook: Callable[..., bytes]  # a workbook of a good row, then the rows given
    good_csv: bytes  # a CSV file of a header and a good row
    read: Callable[[bytes, str], object]
    max_rows: str  # as a message gives it


@pytest.fixture(params=["caseload", "services"])
def importer(request, manager, editor, settings) -> Import:
    """Each test runs through both imports (the caseload's with a limit these files pass)."""
    if request.param == "caseload":
        settings.IMPORT_MAX_ROWS = 200_000
        return Import(
            plan_file,
            test_import.csv_bytes(test_import.row()),
            lambda data, name: caseload_import(
                data=data, filename=name, actor=manager, dry_run=True
            ),
            "200,000",
        )
    return Import(
        service_file,
        localoffer_import_files.csv_bytes(localoffer_import_files.row()),
        lambda data, name: service_import(data=data, filename=name, actor=editor, dry_run=True),
        "3,000",
    )


def refusal(importer: Import, data: bytes, filename: str = "file.xlsx") -> str:
    started = time.monotonic()
    with pytest.raises(ImportFileError) as refused:
        importer.read(data, filename)
    assert time.monotonic() - started < QUICKLY
    return str(refused.value)


# --- XLSX --------------------------------------------------------------------------------------


def test_a_tiny_workbook_of_a_hundred_million_empty_rows_is_refused_before_it_is_read(importer):
    data = importer.workbook(*repeated(b"<row/>", 100_000_000))
    assert len(data) < 1_000_000
    assert refusal(importer, data) == (
        "The spreadsheet unpacks to 600 MB of data; the most you can import is 300 MB. "
        "Save it as CSV, or split it into smaller files, and import each part."
    )


def test_a_workbook_of_millions_of_empty_rows_within_the_size_limit_is_refused_for_its_packing(
    importer,
):
    data = importer.workbook(*repeated(b"<row/>", 10_000_000))
    message = refusal(importer, data)
    assert message.startswith("The spreadsheet unpacks to ")
    assert "times its size, far more than a spreadsheet of real data does" in message


def test_reading_stops_at_the_row_limit_counting_every_empty_row_element(importer, settings):
    # Numbered rows pack like real data, so only the count can stop them.
    settings.IMPORT_MAX_ROWS = 200_000
    empty = (f'<row r="{n}"/>'.encode() for n in range(3, 300_000))
    data = importer.workbook(*empty, sheet_row(300_000, ["EHCP-9", "x"]))
    assert refusal(importer, data) == (
        f"The file has more than {importer.max_rows} rows, counting empty ones. Delete the "
        "empty rows below your data and save it again, or split it and import each part."
    )


def test_rows_whose_numbers_go_backwards_are_counted_and_refused(importer):
    data = importer.workbook(*repeated(b'<row r="1"/>', 3))
    assert refusal(importer, data).startswith(
        "The XLSX file cannot be opened: its rows are out of order"
    )


def test_a_sheet_that_declares_more_rows_than_the_limit_is_refused_before_its_rows_are_read(
    importer,
):
    data = importer.workbook(dimension="A1:X1048576")
    assert refusal(importer, data) == (
        f"The first sheet says it has 1,048,576 rows, more than the {importer.max_rows} you "
        "can import at once. If the rows below your data are empty, delete them and save the "
        "file again; otherwise split it and import each part."
    )


def test_a_sheet_that_declares_no_size_is_read(manager, officer_north):
    values = test_import.row()
    data = xlsx([sheet_row(1, PLAN_COLUMNS), sheet_row(2, [values[c] for c in PLAN_COLUMNS])])
    result = caseload_import(data=data, filename="c.xlsx", actor=manager, dry_run=True)
    assert [(o.row, o.outcome) for o in result.outcomes] == [(2, "new")]


def test_a_workbook_whose_shared_strings_unpack_past_the_limit_is_refused(importer, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 20_000_000
    data = importer.workbook(shared_strings=repeated(b"<si><t>x</t></si>", 2_000_000))
    assert refusal(importer, data) == (
        "The spreadsheet unpacks to 34 MB of data; the most you can import is 20 MB. "
        "Save it as CSV, or split it into smaller files, and import each part."
    )


def test_a_row_reaching_past_the_column_limit_is_refused(importer):
    data = importer.workbook(b'<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>')
    assert refusal(importer, data) == (
        "Row 3 has cells as far as column XFD (column 16,384); a file may have at most 200 "
        "columns. Delete the columns to the right of your data and save it again."
    )


def test_a_workbook_needing_more_memory_than_allowed_is_refused_and_the_reader_survives(
    importer, settings
):
    # One row of four million cells: small once packed, a few gigabytes once parsed.
    settings.IMPORT_MAX_COMPRESSION_RATIO = 100_000
    settings.IMPORT_PARSE_MEMORY_MB = 400
    data = importer.workbook(b'<row r="3">', *repeated(b"<c/>", 4_000_000), b"</row>")
    assert refusal(importer, data) == (
        "Reading the file needed more than the 400 MB of memory an import may use: it holds "
        "far more than its rows show. Save it as CSV, or split it into smaller files, and "
        "import each part."
    )


def test_a_file_that_takes_longer_than_allowed_to_read_is_stopped(importer, settings):
    settings.IMPORT_PARSE_SECONDS = 1
    many = (sheet_row(n, [f"EHCP-{n}", "a", "b", "c", "d"]) for n in range(3, 150_000))
    assert refusal(importer, importer.workbook(*many)) == (
        "Reading the file took longer than 1 seconds, the most an import may take. Split it "
        "into smaller files and import each part."
    )


# --- CSV ---------------------------------------------------------------------------------------


def test_a_csv_file_with_one_enormous_cell_is_refused_at_its_line(importer):
    data = importer.good_csv + b"x" * 15_000_000 + b"\r\n"
    assert refusal(importer, data, "file.csv") == (
        "Line 3 of the file is longer than 1,000,000 characters, longer than any row of a "
        "spreadsheet. Check that it is the CSV file your system exported."
    )


def test_a_csv_cell_longer_than_a_spreadsheet_cell_is_refused_with_its_row(importer):
    data = importer.good_csv + b'"' + b"x\r\n" * 40_000 + b'"\r\n'
    assert refusal(importer, data, "file.csv") == (
        "Row 3 has a cell longer than 32,767 characters, the most a spreadsheet cell holds. "
        "Check that every quotation mark in the file is closed, and that it is the CSV file "
        "your system exported."
    )


def test_a_csv_file_with_an_unclosed_quotation_mark_is_refused_with_its_row(importer):
    data = importer.good_csv + b'"' + b"x," * 100_000
    assert refusal(importer, data, "file.csv").startswith(
        "Row 3 has a cell longer than 32,767 characters"
    )


def test_a_csv_file_counts_every_empty_line_towards_the_row_limit(importer):
    data = importer.good_csv + b"\r\n" * 250_000 + importer.good_csv
    assert refusal(importer, data, "file.csv") == (
        f"The file has more than {importer.max_rows} rows, counting empty ones. Delete the "
        "empty rows below your data and save it again, or split it and import each part."
    )


def test_a_csv_line_longer_than_any_spreadsheet_row_is_refused(importer):
    data = importer.good_csv + b"x," * 600_000
    assert refusal(importer, data, "file.csv") == (
        "Line 3 of the file is longer than 1,000,000 characters, longer than any row of a "
        "spreadsheet. Check that it is the CSV file your system exported."
    )


def test_a_csv_row_wider_than_the_column_limit_is_refused(importer):
    data = importer.good_csv + b"x" + b",x" * 300 + b"\r\n"
    assert refusal(importer, data, "file.csv").startswith(
        "Row 3 has cells as far as column KO (column 301); a file may have at most 200 columns."
    )


def test_a_caseload_file_the_worker_refuses_fails_its_job_with_the_message(officer_north):
    job = import_job_create(
        user=officer_north, filename="c.xlsx", data=plan_file(dimension="A1:O1048576")
    )
    import_job_check(str(job.pk))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.file_error.startswith("The first sheet says it has 1,048,576 rows")
    assert bytes(job.data) == b""
