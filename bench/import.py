"""Caseload import at 20,000 and 200,000 rows: kentsend's import against COPY and django-import-export.

For each size (`BENCH_IMPORT_ROWS`, a comma-separated list; default 20000,200000):
(a) django-import-export with its default settings (`caseload.resources.PlanImportResource`,
row by row), run at 20,000 rows or fewer only: at 200,000 it would take over ten minutes;
(b) kentsend's import (`caseload.importing`): first load, then a re-import of the same plans
with 10% of rows changed; (c) PostgreSQL COPY of the same rows into a bare table of text
columns, the physical limit. Each runs in its own process and reads its own peak memory (the
high-water mark of its address space). Prints seconds, rows per second, peak memory and the
ratios, and records the issue's targets at the largest size.

A second baseline, (d), is what the first load writes, written alone: the schools, children,
plans, reviews and alerts it left, copied out and COPYed back into the same tables, with
their indexes, keys and deferred foreign-key checks, in one transaction. Nothing is read from
a file, checked or worked out; it is to the import what the bare UPDATE is to the recompute.
"""

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection, transaction

from bench._targets import target
from organisation.models import AreaTeam

BENCH_DIR = Path(__file__).resolve().parent
SIZES = [int(n) for n in os.environ.get("BENCH_IMPORT_ROWS", "20000,200000").split(",") if n]
IMPORT_EXPORT_MAX_ROWS = 20_000
TIME_LIMIT = 20  # times COPY's time (issue 20, target 3)
MEMORY_LIMIT_MB = 300


def run(variant: str, path: Path) -> dict[str, float]:
    process = subprocess.Popen(
        [
            sys.executable,
            str(BENCH_DIR / "_import_variant.py"),
            variant,
            str(path),
            connection.settings_dict["NAME"],
        ],
        stdout=subprocess.PIPE,
        env=os.environ.copy(),
    )
    output, _ = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"the {variant} import failed with status {process.returncode}")
    # The child measures its own peak (bench/_import_variant.py's peak_mb says why).
    report: dict[str, float] = json.loads(output.decode().strip().splitlines()[-1])
    return report


# What a first load writes, in the order their foreign keys point (checked at the commit).
WRITTEN = ["casework_setting", "casework_child", "casework_plan", "reviews_review", "reviews_alert"]


def same_rows_written() -> tuple[float, str]:
    """Seconds to write the rows the first load left into the same tables, nothing worked
    out (they are copied out, the tables emptied, and COPYed back in one transaction), and
    where they went: each table's COPY and the commit, which checks the foreign keys."""
    copied = {}
    with connection.cursor() as cursor:
        for table in WRITTEN:
            out = io.BytesIO()
            with cursor.cursor.copy(f"COPY {table} TO STDOUT") as copy:
                for data in copy:
                    out.write(data)
            copied[table] = out.getvalue()
    empty_caseload()
    parts = []
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for table in WRITTEN:
                table_started = time.perf_counter()
                with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                    copy.write(copied[table])
                rows = copied[table].count(b"\n")  # one line a row: COPY escapes newlines
                parts.append(f"{table} {rows:,} rows {time.perf_counter() - table_started:.1f}s")
        committing = time.perf_counter()
    parts.append(f"commit {time.perf_counter() - committing:.1f}s")
    seconds = time.perf_counter() - started
    # The tables are left to autovacuum, as the first load leaves them: the re-import that
    # follows finds them as it would have without this baseline (decision 0031 says why the
    # import does not analyse them itself).
    connection.close()
    return seconds, "; ".join(parts)


def empty_caseload() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE reviews_alert, reviews_review, casework_plan, casework_child, casework_setting CASCADE"
        )
    connection.close()


def line(label: str, report: dict[str, float], extra: str = "") -> None:
    rate = report["rows"] / report["seconds"]
    print(
        f"  {label:<44} {report['seconds']:7.2f}s  {rate:9,.0f} rows/s  peak {report['peak_mb']:6.0f} MB{extra}",
        flush=True,
    )


def one_size(rows: int, scratch: Path, *, record: bool) -> None:
    first = scratch / f"caseload-{rows}.csv"
    again = scratch / f"caseload-{rows}-10pc-changed.csv"
    make = [sys.executable, str(BENCH_DIR / "make_caseload.py")]
    subprocess.run([*make, str(rows), str(first)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [*make, str(rows), str(again), "--changed-from", str(first)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    size_mb = first.stat().st_size / 1_000_000
    print(f"\n  {rows:,} rows ({size_mb:.1f} MB of CSV)", flush=True)
    physical = run("copy", first)
    line("(c) COPY into a bare table", physical)
    baseline = None
    if rows <= IMPORT_EXPORT_MAX_ROWS:
        empty_caseload()
        baseline = run("import-export", first)
        line("(a) django-import-export, default settings", baseline)
    else:
        print(
            f"  (a) django-import-export: not run above {IMPORT_EXPORT_MAX_ROWS:,} rows (too slow)"
        )
    empty_caseload()
    load = run("kentsend", first)
    faster = f"  {baseline['seconds'] / load['seconds']:.1f}x faster than (a)" if baseline else ""
    load_ratio = load["seconds"] / physical["seconds"]
    line("(b) kentsend, first load", load, f"  {load_ratio:.1f}x COPY{faster}")
    written, parts = same_rows_written()
    print(
        f"  {'(d) the same rows written alone (see above)':<44} {written:7.2f}s  "
        f"{load['rows'] / written:9,.0f} rows/s  {written / physical['seconds']:.1f}x COPY; "
        f"kentsend's first load {load['seconds'] / written:.1f}x this\n      ({parts})",
        flush=True,
    )
    reload = run("kentsend", again)
    reload_ratio = reload["seconds"] / physical["seconds"]
    line(
        "(b) kentsend, re-import with 10% changed",
        reload,
        f"  {reload_ratio:.1f}x COPY ({reload['changed']:,} rows changed)",
    )
    if record:
        target(f"3. import {rows:,} rows: time / COPY", load_ratio, TIME_LIMIT)
        target(f"3. import {rows:,} rows: re-import time / COPY", reload_ratio, TIME_LIMIT)
        target(
            f"3. import {rows:,} rows first load peak memory",
            load["peak_mb"],
            MEMORY_LIMIT_MB,
            " MB",
        )
        target(
            f"3. import {rows:,} rows re-import peak memory",
            reload["peak_mb"],
            MEMORY_LIMIT_MB,
            " MB",
        )


def main() -> None:
    for name in ("North", "South", "East", "West"):
        AreaTeam.objects.get_or_create(name=name)
    connection.close()  # the variants open their own connections
    with tempfile.TemporaryDirectory() as scratch:
        for rows in SIZES:
            one_size(rows, Path(scratch), record=rows == max(SIZES))
