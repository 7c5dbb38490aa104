"""Run every benchmark in bench/ (each module with a `main()`), printing its figures.

Each benchmark measures a baseline in the same run and prints ratios against it, so the
figures mean something on a shared, noisy machine. Nothing here asserts a time.
"""

import importlib
import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kentsend.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


def main() -> None:
    import django

    django.setup()
    names = sys.argv[1:] or sorted(
        p.stem for p in BENCH_DIR.glob("*.py") if p.stem != "run" and not p.stem.startswith("_")
    )
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"\n== bench/{name}.py: {(module.__doc__ or '').strip().splitlines()[0]}")
        module.main()


if __name__ == "__main__":
    main()
