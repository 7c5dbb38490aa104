"""Caseload import (DESIGN section 6): read a council's CSV or XLSX export, check every row,
then upsert by `plan_ref` in one transaction, or save nothing.

The file is read one row at a time and each row checked as it comes and staged with COPY
in temporary tables (caseload.import_staging), so that memory stays flat however many rows
the file has; the checks that span rows, the comparison with what is stored and the save
(caseload.import_save) are set-based SQL over the staged rows, ending with one set-based
recompute of the affected reviews. A file with errors leaves the database untouched unless
the officer chooses to save only the valid rows, and even then each row is saved whole or
not at all. The report keeps the first IMPORT_REPORT_ROWS rows of each outcome; the counts
count every row.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from audit.services import event_record
from caseload.import_rows import Lookups, Reach, caseload_row_stream
from caseload.import_save import caseload_rows_save
from caseload.import_staging import (
    kept_decisions_warning,
    outcome_counts,
    outcomes_listed,
    rows_compare,
    rows_refuse_across,
    rows_stage,
    settings_kept_warning,
    staging_create,
    unregistered_warnings,
)
from common.table_rows import printable
from reviews.recompute import WORK_MEM

WARNING_LENGTH = 500


@dataclass
class RowOutcome:
    row: int
    plan_ref: str
    outcome: str  # new, changed, unchanged, error
    messages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.plan_ref = printable(self.plan_ref)  # as the file has it, for the page and report


@dataclass
class ImportResult:
    filename: str
    sha256: str
    outcomes: list[RowOutcome]  # the first IMPORT_REPORT_ROWS of each outcome, in row order
    warnings: list[str]
    saved: bool = False
    counts: dict[str, int] = field(
        default_factory=lambda: {"new": 0, "changed": 0, "unchanged": 0, "error": 0}
    )

    @property
    def errors(self) -> list[str]:
        return [m for o in self.outcomes if o.outcome == "error" for m in o.messages]


# --- The import ----------------------------------------------------------------------------


def caseload_import(
    *,
    data: bytes,
    filename: str,
    actor: User | None,
    dry_run: bool = False,
    save_valid_rows: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Check a caseload file and, unless it is a dry run, save it.

    `actor` is the person importing, in the check as in the save: a row for an area team
    they do not work in, or for a plan or child of another team, is an error on that row
    that reveals nothing of what the other team holds. None is the operator at the server's
    command line, who reaches every area.

    With errors, nothing is saved unless `save_valid_rows`; then the valid rows are saved
    and the rows in error are left out whole. Raises ImportFileError for an unreadable file.
    """
    report = progress or (lambda percent: None)
    warnings: list[str] = []
    result = ImportResult(
        filename=filename, sha256=hashlib.sha256(data).hexdigest(), outcomes=[], warnings=warnings
    )
    reach = Reach(actor)
    with transaction.atomic(), connection.cursor() as cursor:
        # The staging statements run once each over every row: compiling them with LLVM
        # costs more than it saves (0.8 s of a 4.5 s comparison at 200,000 rows).
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")  # hash joins of every row in memory
        _, rows = caseload_row_stream(data, filename, warnings)
        staging_create(cursor)
        rows_stage(cursor, rows, Lookups(reach), timezone.localdate())
        report(30)
        rows_refuse_across(cursor, reach)
        report(40)
        rows_compare(cursor, reach, progress=lambda: None)
        report(60)
        warnings += unregistered_warnings(cursor)
        warnings += settings_kept_warning(cursor, reach)
        warnings += kept_decisions_warning(cursor)
        result.counts = outcome_counts(cursor)
        listed = settings.IMPORT_REPORT_ROWS
        result.outcomes = [RowOutcome(*o) for o in outcomes_listed(cursor, listed)]
        if any(n > listed for n in result.counts.values()):
            warnings.append(
                f"The report lists the first {listed:,} rows of each outcome (new, changed, "
                "unchanged, error); the counts include every row."
            )
        # Warnings quote the file's own header names: keep them printable and short.
        warnings[:] = [printable(w, limit=WARNING_LENGTH) for w in warnings]
        report(70)
        has_errors = result.counts["error"] > 0
        if dry_run or (has_errors and not save_valid_rows):
            transaction.set_rollback(True)  # the staging tables go with it
            return result
        caseload_rows_save(reach.setting_ids_sql())
        cursor.execute(
            "DROP TABLE IF EXISTS import_row, import_error, import_merge, import_affected"
        )
        result.saved = True
        event_record(
            actor=actor,
            action="caseload.imported",
            details={"file": filename, "sha256": result.sha256, **result.counts},
        )
    return result
