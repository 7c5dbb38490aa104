"""Hostile spreadsheets against the caseload import's bounded reader (common.tabular).

Baseline: a well-formed 2,000-row workbook read in the same run. Prints how long each hostile
file took to be refused and its ratio to the baseline.
"""

import time

from caseload.import_rows import COLUMNS, caseload_rows
from common.table_rows import ImportFileError
from tests.hostile_files import repeated, sheet_row, xlsx


def _timed(data: bytes) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        _, rows = caseload_rows(data, "file.xlsx", [])
        outcome = f"read, {len(rows):,} rows"
    except ImportFileError as error:
        outcome = f"refused: {str(error)[:60]}..."
    return time.perf_counter() - start, outcome


def main() -> None:
    good = xlsx(
        [sheet_row(1, COLUMNS)] + [sheet_row(n, ["x"] * len(COLUMNS)) for n in range(2, 2002)]
    )
    baseline, outcome = _timed(good)
    print(
        f"  baseline: 2,000-row workbook ({len(good) / 1000:,.0f} KB) {baseline:.2f} s, {outcome}"
    )
    for rows in (100_000_000, 10_000_000):
        data = xlsx(repeated(b"<row/>", rows))
        seconds, outcome = _timed(data)
        print(
            f"  {rows:>11,} empty rows ({len(data) / 1000:,.0f} KB): {seconds:.2f} s "
            f"({seconds / baseline:.2f}x baseline), {outcome}"
        )
