"""Run every benchmark in bench/ (each module with a `main()`), printing its figures.

Benchmarks run in a scratch database created for the run on the configured (or embedded)
PostgreSQL server and dropped afterwards, so they never touch real data. Each benchmark
measures a baseline in the same run and prints ratios against it; nothing here asserts a time.
"""

import importlib
import inspect
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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
        p.stem
        for p in BENCH_DIR.glob("*.py")
        if p.stem != "run" and not p.stem.startswith("_") and is_benchmark(p.stem)
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
            # Each benchmark starts from the migrated scratch database, as if run alone: one
            # leaves a caseload, users or a truncated table that the next does not expect.
            with own_copy(scratch, name):
                module.main()
        from bench._targets import summary

        print(summary(), flush=True)
    finally:
        connection.creation.destroy_test_db(scratch, verbosity=0)


def is_benchmark(name: str) -> bool:
    """A module whose `main()` runs with nothing given: not a tool such as make_caseload.py,
    whose `main` takes its command line."""
    main = getattr(importlib.import_module(f"bench.{name}"), "main", None)
    if main is None:
        return False
    parameters = inspect.signature(main).parameters.values()
    return all(parameter.default is not inspect.Parameter.empty for parameter in parameters)


@contextmanager
def own_copy(template: str, name: str) -> Iterator[None]:
    """A copy of the `template` database for one benchmark, made by PostgreSQL in seconds,
    the connection pointed at it while the benchmark runs, and dropped after."""
    from django.core.cache import cache
    from django.db import connection

    copy = f"{template}_{name}"
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{template}"')
    connection.settings_dict["NAME"] = copy
    cache.clear()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = template
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


if __name__ == "__main__":
    main()
