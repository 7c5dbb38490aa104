"""Reading uploaded tables (CSV and XLSX) with the work bounded, whatever the file holds.

An XLSX file is a zip of XML: a few hundred kilobytes can unpack to gigabytes, and a sheet can
hold millions of empty `<row/>` elements that a reader walks one by one. So before a workbook
is parsed, its zip is checked (how many parts, how much data once unpacked, how far each part
was compressed) and so is the size its first sheet declares; while the sheet is read, every
row element counts towards the row limit, blank or not, and a row may not reach past the
column limit. A CSV file counts every record, blank or not, and its cells and lines are
bounded too.

`table_stream` does all of it in a child Python process with an address-space limit and a CPU
limit, under a wall-clock timeout, so that a file needing more than it should is refused with
a message and the process that asked is unharmed (docs/decisions/0006). The child imports
neither Django nor the project's settings, and gets an empty environment.
"""

import codecs
import csv
import io
import json
import logging
import resource
import signal
import subprocess
import sys
import tempfile
import warnings as python_warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection"):
# imports refuse such cells, and every table written for download neutralises them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(cell: str) -> str:
    """The text with a quote before it if a spreadsheet would run it as a formula: the quote
    keeps the value readable and makes Excel, LibreOffice and Google Sheets show it as text."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


MAX_CELL_CHARS = 32_767  # the most an Excel cell holds
MAX_LINE_CHARS = 1_000_000
MAX_ZIP_PARTS = 1_000  # a workbook has a few dozen
RATIO_CHECKED_FROM_BYTES = 1_000_000  # below this, how far a part was compressed is harmless
CHILD = (
    f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
    "from common.tabular import child_main; child_main()"
)

Row = tuple[int, list[str]]
logger = logging.getLogger(__name__)


class TableFileError(Exception):
    """The file as a whole cannot be read; the message says why, to the person who sent it."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int  # the file as uploaded
    max_rows: int  # after the header row, blank rows included
    max_columns: int
    max_unpacked_bytes: int  # every part of an XLSX file, unpacked
    max_compression_ratio: int  # of any part of an XLSX file over RATIO_CHECKED_FROM_BYTES
    max_memory_bytes: int  # address space of the process that reads the file
    max_seconds: int  # wall-clock and CPU time of that process


# --- Messages ------------------------------------------------------------------------------

CANNOT_OPEN = "The XLSX file cannot be opened: it may be damaged or not an Excel file."
NOT_TEXT = (
    "The file is not UTF-8 or Windows-1252 text. Save it from your spreadsheet as 'CSV UTF-8' "
    "and try again."
)
UNREADABLE = (
    "The file could not be read. Open it in your spreadsheet program, save it again and upload "
    "that copy; if it still cannot be read, save it as CSV."
)
OUT_OF_ORDER = (
    "The XLSX file cannot be opened: its rows are out of order, as in a damaged file. Open it "
    "in your spreadsheet program, save it again and upload that copy."
)


def _too_many_rows(limits: Limits, *, blank: bool) -> str:
    if blank:
        return (
            f"The file has more than {limits.max_rows:,} rows, counting empty ones. Delete the "
            "empty rows below your data and save it again, or split it and import each part."
        )
    return f"The file has more than {limits.max_rows:,} rows; split it and import each part."


def _too_wide(number: int, width: int, limits: Limits) -> str:
    return (
        f"Row {number:,} has cells as far as column {_column_name(width)} (column {width:,}); "
        f"a file may have at most {limits.max_columns:,} columns. Delete the columns to the "
        "right of your data and save it again."
    )


def _too_slow(limits: Limits) -> str:
    return (
        f"Reading the file took longer than {limits.max_seconds:,} seconds, the most an import "
        "may take. Split it into smaller files and import each part."
    )


def _too_much_memory(limits: Limits) -> str:
    return (
        f"Reading the file needed more than the {limits.max_memory_bytes / 1_000_000:,.0f} MB "
        "of memory an import may use: it holds far more than its rows show. Save it as CSV, "
        "or split it into smaller files, and import each part."
    )


def _column_name(number: int) -> str:
    name = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        name = chr(ord("A") + remainder) + name
    return name


# --- Reading in a child process ------------------------------------------------------------


def table_stream(
    *, data: bytes, filename: str, limits: Limits, warnings: list[str]
) -> Iterator[tuple[int, list[str]]]:
    """The non-blank rows of a CSV or XLSX file one at a time, as a child process reads them
    within `limits`; the file's warnings are added to `warnings` as they arise.

    Raises TableFileError (before the first row for a file refused whole, or when reading
    reaches a limit), so a caller that saves must do it in a transaction it can roll back.
    """
    if len(data) > limits.max_bytes:
        raise TableFileError(
            f"The file is {len(data) / 1_000_000:.1f} MB; the largest file you can import is "
            f"{limits.max_bytes / 1_000_000:.0f} MB."
        )
    if not data.strip(b"\xef\xbb\xbf \r\n\t"):
        raise TableFileError("The file is empty.")
    _reader_for(filename)  # refuse an unknown kind before starting a process
    request = json.dumps({"filename": filename, "limits": asdict(limits)}).encode() + b"\n"
    # The child writes its rows to a file, not a pipe: its time limit is its own, however long
    # the caller spends on each row, and a file refused whole is known before the first row.
    with tempfile.TemporaryFile() as source, tempfile.TemporaryFile() as output:
        source.write(request)
        source.write(data)
        source.seek(0)
        try:
            done = subprocess.run(
                [sys.executable, "-I", "-c", CHILD],
                stdin=source,
                stdout=output,
                stderr=subprocess.PIPE,
                timeout=limits.max_seconds,
                env={},
                cwd=ROOT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise TableFileError(_too_slow(limits)) from None
        last = _last_line(output)
        if done.returncode != 0 or not last.startswith(b"{"):
            _failure(done, limits)
        message = json.loads(last)
        if "error" in message:
            raise TableFileError(str(message["error"]))
        output.seek(0)
        for line in output:
            if line.startswith(b"["):
                number, cells = json.loads(line)
                yield int(number), cells
            elif line.startswith(b'{"warning"'):
                warnings.append(str(json.loads(line)["warning"]))


def _last_line(output: IO[bytes]) -> bytes:
    output.seek(0, io.SEEK_END)
    size = output.tell()
    output.seek(max(0, size - MAX_LINE_CHARS * 8))  # a line of JSON is far shorter than this
    lines = output.read().rstrip(b"\n").rsplit(b"\n", 1)
    return lines[-1] if lines else b""


def _failure(done: "subprocess.CompletedProcess[bytes]", limits: Limits) -> None:
    """Raise what stopped the child before it finished the file."""
    logger.warning(
        "The table reader ended with code %s: %s",
        done.returncode,
        done.stderr[-2000:].decode(errors="replace"),
    )
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise TableFileError(_too_slow(limits))
    if b"MemoryError" in done.stderr or done.returncode in (-signal.SIGABRT, -signal.SIGSEGV):
        raise TableFileError(_too_much_memory(limits))  # an allocation failed outside Python
    raise TableFileError(UNREADABLE)


def child_main() -> None:
    """The child process: a request line and the file on stdin; one JSON line per row on
    stdout (a list), with `{"warning": ...}` lines as they arise, then `{"end": true}`, or
    `{"error": ...}` for a file that cannot be read."""
    request = json.loads(sys.stdin.buffer.readline())
    limits = Limits(**request["limits"])
    resource.setrlimit(resource.RLIMIT_AS, (limits.max_memory_bytes, limits.max_memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.max_seconds, limits.max_seconds + 5))
    python_warnings.simplefilter("ignore")  # openpyxl warns of features it drops; none matter
    out = sys.stdout.buffer

    def warn(text: str) -> None:
        out.write(json.dumps({"warning": text}).encode() + b"\n")

    try:
        reader = _reader_for(request["filename"])
        for row in reader(sys.stdin.buffer.read(), limits, warn):
            out.write(json.dumps(row).encode() + b"\n")
        out.write(b'{"end": true}\n')
    except TableFileError as error:
        out.write(json.dumps({"error": str(error)}).encode() + b"\n")
    except MemoryError:
        out.write(json.dumps({"error": _too_much_memory(limits)}).encode() + b"\n")
    out.flush()


# --- Parsing -------------------------------------------------------------------------------


def _reader_for(filename: str) -> Any:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows
    if name.endswith(".csv"):
        return _csv_rows
    raise TableFileError("Choose a CSV or XLSX file (its name should end in .csv or .xlsx).")


def _check_row(number: int, width: int, limits: Limits) -> None:
    if number > limits.max_rows + 1:
        raise TableFileError(_too_many_rows(limits, blank=False))
    if width > limits.max_columns:
        raise TableFileError(_too_wide(number, width, limits))


def _text(data: bytes, warn: Callable[[str], None]) -> io.TextIOWrapper:
    """The file as a text stream: UTF-8 (with or without BOM), or else Windows-1252. The
    encoding is checked over the whole file first, a piece at a time, without a second copy."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    view = memoryview(data)[start:]
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for at in range(0, len(view), 1 << 20):
                decoder.decode(view[at : at + (1 << 20)])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        if encoding == "cp1252":
            warn("The file was read as Windows-1252 (an older Excel CSV); check accented names.")
        return io.TextIOWrapper(io.BytesIO(view), encoding=encoding, newline="")
    raise TableFileError(NOT_TEXT)


def _lines(text: Iterable[str]) -> Iterator[str]:
    for number, line in enumerate(text, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise TableFileError(
                f"Line {number:,} of the file is longer than {MAX_LINE_CHARS:,} characters, "
                "longer than any row of a spreadsheet. Check that it is the CSV file your "
                "system exported."
            )
        yield line


def _csv_rows(data: bytes, limits: Limits, warn: Callable[[str], None]) -> Iterator[Row]:
    text = _text(data, warn)
    csv.field_size_limit(MAX_CELL_CHARS)  # for the whole process: this is the child
    number = 0
    try:
        for number, cells in enumerate(csv.reader(_lines(text)), start=1):
            if number > limits.max_rows + 1:
                raise TableFileError(_too_many_rows(limits, blank=not any(cells)))
            if any(cell.strip() for cell in cells):
                _check_row(number, len(cells), limits)
                yield number, cells
    except csv.Error as error:
        if "field limit" in str(error):
            raise TableFileError(
                f"Row {number + 1:,} has a cell longer than {MAX_CELL_CHARS:,} characters, the "
                "most a spreadsheet cell holds. Check that every quotation mark in the file is "
                "closed, and that it is the CSV file your system exported."
            ) from None
        raise TableFileError(f"The CSV file cannot be read: {error}.") from None


def _check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a workbook whose parts would unpack to more than the limits, before parsing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
        raise TableFileError(CANNOT_OPEN) from None
    if len(parts) > MAX_ZIP_PARTS:
        raise TableFileError(CANNOT_OPEN)
    # A part is never unpacked past the size the zip declares for it (zipfile stops there and
    # fails the CRC), so the declared sizes bound the work.
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limits.max_unpacked_bytes:
        raise TableFileError(
            f"The spreadsheet unpacks to {unpacked / 1_000_000:,.0f} MB of data; the most you "
            f"can import is {limits.max_unpacked_bytes / 1_000_000:,.0f} MB. Save it as CSV, "
            "or split it into smaller files, and import each part."
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_CHECKED_FROM_BYTES and ratio > limits.max_compression_ratio:
            raise TableFileError(
                f"The spreadsheet unpacks to {ratio:,.0f} times its size, far more than a "
                "spreadsheet of real data does: it may be damaged or hold millions of empty "
                "rows or cells. Delete the empty rows and columns around your data and save it "
                "again, or save it as CSV."
            )


def _xlsx_rows(data: bytes, limits: Limits, warn: Callable[[str], None]) -> Iterator[Row]:
    _check_zip(data, limits)
    from openpyxl import load_workbook  # imported here: only XLSX files need it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except MemoryError:
        raise
    except Exception:
        raise TableFileError(CANNOT_OPEN) from None
    try:
        yield from _first_sheet_rows(workbook, limits)
    except (TableFileError, MemoryError):
        raise
    except Exception:
        raise TableFileError(CANNOT_OPEN) from None
    finally:
        workbook.close()


def _first_sheet_rows(workbook: Any, limits: Limits) -> Iterator[Row]:
    from openpyxl.worksheet._reader import WorkSheetParser

    if not workbook.worksheets:
        raise TableFileError(CANNOT_OPEN)
    sheet = workbook.worksheets[0]
    declared = sheet.max_row  # from the sheet's <dimension>, read from the start of its XML
    if declared is not None and declared > limits.max_rows + 1:
        raise TableFileError(
            f"The first sheet says it has {declared:,} rows, more than the {limits.max_rows:,} "
            "you can import at once. If the rows below your data are empty, delete them and "
            "save the file again; otherwise split it and import each part."
        )
    # openpyxl's own row iteration fills the gaps between row numbers and silently skips a row
    # whose number goes backwards, so neither counts every row element; its parser does.
    with workbook._archive.open(sheet._worksheet_path) as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        yield from _sheet_rows(parser.parse(), limits)


def _sheet_rows(
    elements: Iterable[tuple[int, list[dict[str, Any]]]], limits: Limits
) -> Iterator[Row]:
    last = 0
    for count, (number, cells) in enumerate(elements, start=1):
        filled = [cell for cell in cells if cell["value"] not in (None, "")]
        if count > limits.max_rows + 1:
            raise TableFileError(_too_many_rows(limits, blank=not filled))
        if number <= last:
            raise TableFileError(OUT_OF_ORDER)
        last = number
        if not filled:
            continue
        width = max(cell["column"] for cell in filled)
        _check_row(number, width, limits)
        values = [""] * width
        for cell in filled:
            values[cell["column"] - 1] = _cell_text(cell["value"])
        if any(value.strip() for value in values):
            yield number, values


def _cell_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)
