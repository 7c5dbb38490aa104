"""Caseload import of one 20,000-row file: django-import-export, kentsend's import, and COPY.

(a) django-import-export with its default settings (`caseload.resources.PlanImportResource`,
row by row); (b) kentsend's import (`caseload.importing`): first load, then a re-import of
the same plans with 10% of rows changed; (c) PostgreSQL COPY of the same rows into a bare
table of text columns, the physical limit. Each runs in its own process and reads its own
peak memory (the high-water mark of its address space). Prints rows per second, peak memory
and the ratios.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.db import connection

from organisation.models import AreaTeam

BENCH_DIR = Path(__file__).resolve().parent
ROWS = 20_000


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


def empty_caseload() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE reviews_alert, reviews_review, casework_plan, casework_child, casework_setting CASCADE"
        )


def line(label: str, report: dict[str, float], extra: str = "") -> None:
    rate = report["rows"] / report["seconds"]
    print(
        f"  {label:<44} {report['seconds']:7.2f}s  {rate:9,.0f} rows/s  peak {report['peak_mb']:6.0f} MB{extra}",
        flush=True,
    )


def main() -> None:
    for name in ("North", "South", "East", "West"):
        AreaTeam.objects.get_or_create(name=name)
    connection.close()  # the variants open their own connections
    with tempfile.TemporaryDirectory() as scratch:
        first = Path(scratch) / "caseload.csv"
        again = Path(scratch) / "caseload-10pc-changed.csv"
        make = [sys.executable, str(BENCH_DIR / "make_caseload.py")]
        subprocess.run([*make, str(ROWS), str(first)], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            [*make, str(ROWS), str(again), "--changed-from", str(first)],
            check=True,
            stdout=subprocess.DEVNULL,
        )

        baseline = run("import-export", first)
        line("(a) django-import-export, default settings", baseline)
        empty_caseload()
        load = run("kentsend", first)
        line(
            "(b) kentsend, first load",
            load,
            f"  {baseline['seconds'] / load['seconds']:.1f}x faster than (a)",
        )
        reload = run("kentsend", again)
        line(
            "(b) kentsend, re-import with 10% changed",
            reload,
            f"  ({reload['changed']:,} rows changed)",
        )
        physical = run("copy", first)
        line("(c) COPY into a bare table", physical)
        print(
            f"  ratios: b/a = {load['seconds'] / baseline['seconds']:.3f} (kentsend takes that share of (a)'s time), "
            f"b/c = {load['seconds'] / physical['seconds']:.0f} (times the physical limit)"
        )
