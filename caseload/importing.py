"""Caseload import (DESIGN section 6): read a council's CSV or XLSX export, check every row,
then upsert by `plan_ref` in one transaction, or save nothing.

Reading, checking and comparing happen before anything is written, so a file with errors
leaves the database untouched unless the officer chooses to save only the valid rows, and
even then each row is saved whole or not at all. Everything is bulk: a handful of queries
for the whole file, and one set-based recompute of the affected reviews at the end.

The steps live apart: reading and checking rows in caseload.import_rows, comparing them with
what is stored in caseload.import_stored, saving in caseload.import_save; this module runs
them in turn and reports each row's outcome.
"""

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import event_record
from caseload.import_rows import Lookups, PlanRow, Reach, caseload_rows, parse_row, searchable
from caseload.import_save import caseload_rows_save
from caseload.import_stored import (
    RowHistory,
    Stored,
    child_fields,
    differs,
    plan_fields,
    row_history,
    upn_refusals,
)
from casework.models import Plan
from common.table_rows import CellError, printable

ANOTHER_TEAMS_PLAN = "plan reference already used by another team's caseload; ask a manager"
ANOTHER_TEAMS_UPN = "UPN already used by another team's caseload; ask a manager"
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
    outcomes: list[RowOutcome]
    warnings: list[str]
    saved: bool = False

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(o.outcome for o in self.outcomes)
        return {kind: counted.get(kind, 0) for kind in ("new", "changed", "unchanged", "error")}

    @property
    def errors(self) -> list[str]:
        return [m for o in self.outcomes if o.outcome == "error" for m in o.messages]


# --- The import ----------------------------------------------------------------------------


def _checked_rows(
    rows: list[tuple[int, dict[str, str]]],
    reach: Reach,
    named: dict[str, Plan],
    result: ImportResult,
) -> list[PlanRow]:
    """Each row checked on its own and against the person's reach (`named`: the plans the
    file names within it); refusals go to `result`."""
    today = timezone.localdate()
    lookups = Lookups(rows, reach)
    refs = Counter(raw.get("plan_ref", "") for _, raw in rows)
    others_refs = reach.refs_of_other_teams(searchable(refs), seen=named)
    others_upns = reach.upns_of_other_teams(
        searchable(raw.get("upn", "").upper() for _, raw in rows)
    )
    first_row: dict[str, int] = {}
    parsed: list[PlanRow] = []
    for number, raw in rows:
        ref = raw.get("plan_ref", "")
        outcome = parse_row(number, raw, lookups, today)
        errors = outcome if isinstance(outcome, list) else []
        if ref in others_refs:
            # Said the same whatever the other team's plan holds: the row reveals nothing of it.
            errors.append(CellError(number, "plan_ref", ref, ANOTHER_TEAMS_PLAN))
        elif raw.get("upn", "").upper() in others_upns:
            errors.append(CellError(number, "upn", raw["upn"], ANOTHER_TEAMS_UPN))
        if ref and refs[ref] > 1:
            if ref in first_row:
                errors.append(CellError(
                    number, "plan_ref", ref,
                    f"appears more than once in the file (first on row {first_row[ref]})",
                ))  # fmt: skip
            first_row.setdefault(ref, number)
        if errors:
            result.outcomes.append(RowOutcome(number, ref, "error", [str(e) for e in errors]))
        else:
            assert isinstance(outcome, PlanRow)
            parsed.append(outcome)
    duplicated = {ref for ref, n in refs.items() if n > 1}
    for row in [r for r in parsed if r.plan_ref in duplicated]:
        # Every copy of a duplicated reference is refused: which one is right is the officer's call.
        parsed.remove(row)
        result.outcomes.append(RowOutcome(row.row, row.plan_ref, "error", [
            str(CellError(row.row, "plan_ref", row.plan_ref, "appears more than once in the file"))
        ]))  # fmt: skip
    return parsed


def _compared_rows(
    parsed: list[PlanRow], stored: Stored, result: ImportResult
) -> tuple[dict[str, list[str]], dict[str, RowHistory]]:
    """What saving each row would change, and what it does to its plan's reviews; rows the
    save could not store go to `result` as errors and leave `parsed`."""
    refused = upn_refusals(parsed, stored)
    plan_changes: dict[str, list[str]] = {}
    histories: dict[str, RowHistory] = {}
    for row in list(parsed):
        if row.row in refused:
            parsed.remove(row)
            result.outcomes.append(
                RowOutcome(row.row, row.plan_ref, "error", [str(refused[row.row])])
            )
            continue
        plan = stored.plans.get(row.plan_ref)
        history = histories[row.plan_ref] = row_history(row, stored, plan)
        if plan is None:
            result.outcomes.append(RowOutcome(row.row, row.plan_ref, "new"))
            continue
        setting = stored.settings.get(row.setting_urn)
        changes = differs(plan.child, child_fields(row)) + differs(plan, plan_fields(row, setting))
        if stored.setting_changes(row):
            changes.append("setting")
        review = stored.open_reviews.get(plan.pk)
        if review is not None and history.open_fields is not None:
            changes += differs(review, history.open_fields)
        if history.concluded is not None:
            changes.append("last_review_decision_on")
        plan_changes[row.plan_ref] = changes
        kind = "changed" if changes else "unchanged"
        result.outcomes.append(
            RowOutcome(
                row.row, row.plan_ref, kind, [f"changed: {', '.join(changes)}"] if changes else []
            )
        )
    return plan_changes, histories


def _kept_decisions_warning(parsed: list[PlanRow], histories: dict[str, RowHistory]) -> list[str]:
    kept = [r.row for r in parsed if histories[r.plan_ref].kept]
    if not kept:
        return []
    shown = ", ".join(map(str, kept[:10])) + (
        f" and {len(kept) - 10} more" if len(kept) > 10 else ""
    )
    return [
        "These rows give another decision date or outcome for a review already recorded as "
        f"concluded, and the recorded decision was kept: {shown}."
    ]


def _settings_warning(parsed: list[PlanRow], stored: Stored) -> list[str]:
    kept = sorted(
        {
            r.setting_urn
            for r in parsed
            if r.setting_urn in stored.settings and r.setting_urn not in stored.own_settings
        }
    )
    if not kept:
        return []
    shown = ", ".join(kept[:10]) + (f" and {len(kept) - 10} more" if len(kept) > 10 else "")
    return [
        f"Settings of other area teams keep the name and phase they are registered with: {shown}."
    ]


def _unregistered_warnings(parsed: list[PlanRow], stored: Stored) -> list[str]:
    """One warning for each row whose setting URN the schools register does not hold: the
    row is imported, and its school added from the file's setting name and phase."""
    unknown = [r for r in parsed if r.setting_urn not in stored.settings]
    shown = [
        f"Row {r.row}: setting URN {r.setting_urn} is not in the schools register; the plan "
        "is imported and the school added from the file's setting name and phase."
        for r in unknown[:10]
    ]
    if len(unknown) > 10:
        shown.append(f"{len(unknown) - 10} more rows have a setting URN not in the register.")
    return shown


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
    _, rows = caseload_rows(data, filename, warnings)
    report(20)
    reach = Reach(actor)
    named = reach.plans_named(searchable(raw.get("plan_ref", "") for _, raw in rows))
    parsed = _checked_rows(rows, reach, named, result)
    report(50)
    stored = Stored.read(parsed, named, reach)
    plan_changes, histories = _compared_rows(parsed, stored, result)
    warnings += _unregistered_warnings(parsed, stored)
    warnings += _settings_warning(parsed, stored)
    warnings += _kept_decisions_warning(parsed, histories)
    # Warnings quote the file's own header names: keep them printable and short.
    warnings[:] = [printable(w, limit=WARNING_LENGTH) for w in warnings]
    result.outcomes.sort(key=lambda o: o.row)

    report(70)
    has_errors = result.counts["error"] > 0
    if dry_run or (has_errors and not save_valid_rows):
        return result
    with transaction.atomic():
        caseload_rows_save(parsed, stored, plan_changes, histories)
        result.saved = True
        event_record(
            actor=actor,
            action="caseload.imported",
            details={"file": filename, "sha256": result.sha256, **result.counts},
        )
    return result


# New rows go in by COPY, with ids taken from their sequences first: Django's bulk_create
# spends most of its time building SQL (measured by bench/import.py).
