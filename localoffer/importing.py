"""Service import: a CSV or XLSX file of Local Offer services, checked row by row, then saved
in one transaction, or not at all.

The file is read as the caseload import reads one (`common.table_rows.read_table`: UTF-8
with or without a byte order mark, older Excel CSVs, XLSX; header names in any case; within
the IMPORT_* limits), and its problems are worded the same way. The rows go through
django-import-export (`localoffer.resources.ServiceResource`), whose rules for matching,
updating and ownership are described there. A file with errors saves nothing unless the
person chooses to save only the valid rows; each of those is then saved whole.
"""

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from import_export.results import RowResult

from accounts.models import User
from audit.services import event_record
from common.table_rows import CellError, read_table
from localoffer.resources import ServiceResource

COLUMNS = [
    "service_id", "name", "organisation", "description", "website", "email", "status",
    "minimum_age", "maximum_age", "sections", "needs", "owner_email", "last_reviewed_on",
    "review_by", "fees", "contact_name", "contact_phone", "contact_email", "location_name",
    "address_1", "city", "postcode", "latitude", "longitude",
]  # fmt: skip
REQUIRED_COLUMNS = ["name", "organisation", "description", "last_reviewed_on"]
# A file is checked by the worker at about 300 rows a second: a whole council's Local Offer
# fits well within the check's time limit, and a larger file is split rather than left to
# time out. Reading stops at this many rows, blank rows included.
MAX_ROWS = 3_000
OUTCOMES = ("new", "updated", "unchanged", "error")
_OUTCOME_OF = {
    RowResult.IMPORT_TYPE_NEW: "new",
    RowResult.IMPORT_TYPE_UPDATE: "updated",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
}


@dataclass
class ServiceOutcome:
    row: int
    service: str
    outcome: str  # one of OUTCOMES
    messages: list[str] = field(default_factory=list)


@dataclass
class ServiceImportResult:
    filename: str
    sha256: str
    outcomes: list[ServiceOutcome]
    warnings: list[str]
    saved: bool = False

    @property
    def counts(self) -> dict[str, int]:
        tally = Counter(o.outcome for o in self.outcomes)
        return {outcome: tally[outcome] for outcome in OUTCOMES}

    @property
    def valid_rows(self) -> int:
        return len(self.outcomes) - self.counts["error"]

    @property
    def errors(self) -> list[str]:
        return [m for o in self.outcomes if o.outcome == "error" for m in o.messages]


def service_import_template() -> str:
    """The header row of an import file, with a byte order mark so that Excel reads it as UTF-8."""
    out = io.StringIO()
    csv.writer(out).writerow(COLUMNS)
    return "\ufeff" + out.getvalue()


def _row_key(raw: dict[str, str]) -> tuple[str, ...]:
    if raw.get("service_id"):
        return ("service_id", raw["service_id"].lower())
    return ("name", raw.get("organisation", "").lower(), raw.get("name", "").lower())


def _repeated_rows(rows: list[tuple[int, dict[str, str]]]) -> dict[int, CellError]:
    """Rows naming the same service as another row: every copy is refused, because which
    one is right is the editor's call."""
    first: dict[tuple[str, ...], int] = {}
    counts = Counter(_row_key(raw) for _, raw in rows)
    refused = {}
    for number, raw in rows:
        key = _row_key(raw)
        if counts[key] < 2 or not raw.get(key[0]):
            continue
        earlier = first.setdefault(key, number)
        where = f" (first on row {earlier})" if earlier != number else ""
        what = "service id" if key[0] == "service_id" else "service name for this organisation"
        refused[number] = CellError(
            number, key[0], raw[key[0]], f"appears more than once in the file as a {what}{where}"
        )
    return refused


def _row_messages(
    number: int, raw: dict[str, str], row_result: Any, resource: ServiceResource
) -> list[str]:
    if row_result.validation_error is None:
        problems = "; ".join(str(e.error) for e in row_result.errors)
        return [f"Row {number}: could not be checked ({problems})"]
    found = [
        (resource.cell_column(key), text)
        for key, texts in row_result.validation_error.message_dict.items()
        for text in texts
    ]
    order = {c: i for i, c in enumerate(COLUMNS)}
    found.sort(key=lambda error: order.get(error[0], -1))
    return [
        f"Row {number}: {text}"
        if column == NON_FIELD_ERRORS
        else str(CellError(number, column, raw.get(column, ""), text))
        for column, text in found
    ]


def service_import(
    *,
    data: bytes,
    filename: str,
    actor: User | None,
    dry_run: bool = False,
    save_valid_rows: bool = False,
) -> ServiceImportResult:
    """Check a file of services and, unless it is a dry run, save it.

    `actor` is the editor or manager importing (None from the command line, with a
    manager's reach). Raises ImportFileError for a file that cannot be read at all.
    """
    warnings: list[str] = []
    result = ServiceImportResult(
        filename=filename, sha256=hashlib.sha256(data).hexdigest(), outcomes=[], warnings=warnings
    )
    headers, rows = read_table(
        data,
        filename,
        warnings,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        noun="services",
        max_rows=MAX_ROWS,
    )
    present = [c for c in COLUMNS if c in headers]
    repeated = _repeated_rows(rows)
    for number, error in repeated.items():
        result.outcomes.append(ServiceOutcome(number, error.value, "error", [str(error)]))
    kept = [(number, raw) for number, raw in rows if number not in repeated]
    dataset = tablib.Dataset(headers=present)
    for _, raw in kept:
        dataset.append([raw.get(c, "") for c in present])

    resource = ServiceResource(actor=actor, row_numbers=[number for number, _ in kept])
    saving = not dry_run and (save_valid_rows or not repeated)
    with transaction.atomic():
        imported = resource.import_data(
            dataset,
            dry_run=not saving,
            use_transactions=True,
            rollback_on_validation_errors=not save_valid_rows,
        )
        if imported.base_errors:
            raise imported.base_errors[0].error
        for (number, raw), row_result in zip(kept, imported.rows, strict=True):
            outcome = _OUTCOME_OF.get(row_result.import_type, "error")
            if outcome == "error":
                messages = _row_messages(number, raw, row_result, resource)
            elif outcome == "updated":
                messages = [f"changed: {', '.join(resource.plans[number].changes)}"]
            else:
                messages = []
            result.outcomes.append(ServiceOutcome(number, raw.get("name", ""), outcome, messages))
        result.outcomes.sort(key=lambda o: o.row)
        has_errors = result.counts["error"] > 0
        result.saved = saving and not imported.has_errors() and (save_valid_rows or not has_errors)
        if result.saved:
            event_record(
                actor=actor,
                action="localoffer.services_imported",
                details={"file": filename, "sha256": result.sha256, **result.counts},
            )
    return result
