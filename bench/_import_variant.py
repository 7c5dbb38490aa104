"""One import variant, run in its own process so that its peak memory can be read alone.

    python bench/_import_variant.py {import-export|kentsend|copy} FILE DATABASE_NAME

Prints one JSON line: the seconds the import took, what it reported, and the process's own
peak memory.
"""

import json
import os
import sys
import time
from pathlib import Path

# Python put bench/ first on the path to run this file; import from the project root instead,
# so that no module in bench/ can shadow one of the standard library's.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
sys.path.insert(0, str(BENCH_DIR.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kentsend.settings")


def peak_mb() -> float:
    """This process's own peak resident memory since it started running Python.

    Not getrusage's maximum: Linux carries that over from the parent through fork and exec, so
    every variant would report the benchmark's memory at the moment it started the child
    (issue 20). VmHWM in /proc/self/status is the high-water mark of this process's own
    address space, which exec replaced."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(variant: str, path: str, database: str) -> None:
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"]["NAME"] = database
    from django.db import connection

    data = Path(path).read_bytes()
    started = time.perf_counter()
    if variant == "import-export":
        import tablib

        from caseload.resources import PlanImportResource

        dataset = tablib.Dataset().load(data.decode("utf-8-sig"), format="csv")
        result = PlanImportResource().import_data(dataset, dry_run=False, raise_errors=True)
        report = {
            "rows": len(dataset),
            "new": result.totals["new"],
            "errors": result.totals["error"],
        }
    elif variant == "kentsend":
        from caseload.importing import caseload_import

        outcome = caseload_import(data=data, filename=Path(path).name, actor=None)
        # The report lists a capped number of rows (IMPORT_REPORT_ROWS); the counts count all.
        report = {"rows": sum(outcome.counts.values()), **outcome.counts}
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_bare_caseload")
            header = data.decode("utf-8-sig").split("\n", 1)[0].strip().split(",")
            cursor.execute(
                f"CREATE TABLE bench_bare_caseload ({', '.join(f'{c} text' for c in header)})"
            )
            with cursor.cursor.copy(
                "COPY bench_bare_caseload FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy:
                copy.write(data)
            cursor.execute("SELECT count(*) FROM bench_bare_caseload")
            report = {"rows": cursor.fetchone()[0]}
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, **report, "peak_mb": peak_mb()}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
