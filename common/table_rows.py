"""Reading an uploaded CSV or XLSX file into checked rows, for every import kentsend has.

The file is parsed within the IMPORT_* limits (`common.tabular`); this module names its
columns, keeps the ones an import uses, and words what is wrong as an officer reads it:
which row, which column, what was expected. The caseload import (`caseload.importing`) and
the Local Offer import (`localoffer.importing`) both read their files here.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings

from common.tabular import Limits, TableFileError, table_stream

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")

# No cell may hold these: C0 and C1 controls (NUL, tab, line breaks), line and paragraph
# separators, the bidirectional overrides that make text read otherwise than it is stored,
# and lone surrogates (which no database text can hold).
CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
SHOWN_LENGTH = 60


def printable(text: str, *, limit: int = SHOWN_LENGTH) -> str:
    """`text` as a message may quote it: control characters shown as \ufffd, and cut to
    `limit` characters, so that a message can be stored, shown and downloaded whatever the
    file held."""
    text = CONTROL_CHARACTERS.sub("\ufffd", text)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing in it was saved."""


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        shown = f"'{printable(self.value)}'" if self.value else "a blank cell"
        return f"Row {self.row}, column {self.column}: {shown}: {self.expected}"


def _header(name: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(name or "").strip().lower())


def _limits(max_rows: int | None) -> Limits:
    return Limits(
        max_bytes=settings.IMPORT_MAX_BYTES,
        max_rows=settings.IMPORT_MAX_ROWS if max_rows is None else max_rows,
        max_columns=settings.IMPORT_MAX_COLUMNS,
        max_unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
        max_compression_ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
        max_memory_bytes=settings.IMPORT_PARSE_MEMORY_MB * 1_000_000,
        max_seconds=settings.IMPORT_PARSE_SECONDS,
    )


def read_table(
    data: bytes,
    filename: str,
    warnings: list[str],
    *,
    columns: list[str],
    required: list[str],
    noun: str,
    max_rows: int | None = None,
    name_unused: bool = True,
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The file's columns and its non-blank rows, all at once (`stream_table` says how)."""
    headers, rows = stream_table(
        data,
        filename,
        warnings,
        columns=columns,
        required=required,
        noun=noun,
        max_rows=max_rows,
        name_unused=name_unused,
    )
    return headers, list(rows)


def stream_table(
    data: bytes,
    filename: str,
    warnings: list[str],
    *,
    columns: list[str],
    required: list[str],
    noun: str,
    max_rows: int | None = None,
    name_unused: bool = True,
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The file's columns and its non-blank rows one at a time, each with its spreadsheet row
    number.

    Only `columns` are kept; a file without every one of `required` is refused whole. The
    file is read within the IMPORT_* limits (common.tabular), stopping at `max_rows` rows
    (IMPORT_MAX_ROWS unless given), blank rows included. Columns not used are named in a
    warning unless `name_unused` is False (an extract of a hundred columns, most of them not
    needed, as the schools register is). A file refused whole raises ImportFileError here,
    before any row; one with a header and no rows, when the rows are read.
    """
    try:
        raw = table_stream(
            data=data, filename=filename, limits=_limits(max_rows), warnings=warnings
        )
        first = next(raw, None)
    except TableFileError as error:
        raise ImportFileError(str(error)) from None
    if first is None or first[0] != 1:
        raise ImportFileError("The file has no header row: the first row must name the columns.")
    headers = [_header(h) for h in first[1]]
    missing = [c for c in required if c not in headers]
    if missing:
        raise ImportFileError(f"The file is missing these columns: {', '.join(missing)}.")
    unknown = [h for h in headers if h and h not in columns]
    if unknown and name_unused:
        warnings.append(f"These columns are not used and were ignored: {', '.join(unknown)}.")
    kept = [(i, h) for i, h in enumerate(headers) if h in columns]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        count = 0
        for number, cells in raw:
            count += 1
            yield number, {h: (cells[i].strip() if i < len(cells) else "") for i, h in kept}
        if not count:
            raise ImportFileError(f"The file has a header row but no {noun}.")

    return headers, rows()


def parse_date(value: str) -> date | None:
    """A date written YYYY-MM-DD or DD/MM/YYYY, or None if it is neither or not a real day."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
