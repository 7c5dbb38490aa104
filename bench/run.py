"""Run every benchmark in bench/ (each module with a `main()`), printing its figures.

Benchmarks run in a scratch database created for the run on the configured (or embedded)
PostgreSQL server and dropped afterwards, so they never touch real data. Each benchmark
measures a baseline in the same run and prints ratios against it; nothing here asserts a time.
"""

import importlib
import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
# Import benchmarks as `bench.<name>` from the project root, never from bench/ itself, where
# a module named like one of the standard library (queue, once) would shadow it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
sys.path.insert(0, str(BENCH_DIR.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kentsend.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


def main() -> None:
    import django
    from django.db import connection

    django.setup()
    names = sys.argv[1:] or sorted(
        p.stem for p in BENCH_DIR.glob("*.py") if p.stem != "run" and not p.stem.startswith("_")
    )
    # Its own name, so that a benchmark and the test suite can run side by side.
    connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_bench"
    scratch = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    # Pages link to hashed static files, as in production.
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"bench: scratch database {scratch} on {connection.settings_dict['HOST'] or 'localhost'}")
    try:
        for name in names:
            module = importlib.import_module(f"bench.{name}")
            print(
                f"\n== bench/{name}.py: {(module.__doc__ or '').strip().splitlines()[0]}",
                flush=True,
            )
            module.main()
        from bench._targets import summary

        print(summary(), flush=True)
    finally:
        connection.creation.destroy_test_db(scratch, verbosity=0)


if __name__ == "__main__":
    main()
