"""One import variant, run in its own process so that its peak memory can be read alone.

    python bench/_import_variant.py {import-export|kentsend|copy} FILE DATABASE_NAME

Prints one JSON line: the seconds the import took and what it reported.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kentsend.settings")


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
        report = {"rows": len(outcome.outcomes), **outcome.counts}
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
    print(json.dumps({"seconds": time.perf_counter() - started, **report}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
