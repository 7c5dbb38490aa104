"""A real Celery worker in its own process (and process group), for tests that kill it.

The in-thread worker of celery.contrib.testing (used by the other `celery_worker` tests)
cannot be killed without killing the test; this one runs `celery -A kentsend worker` against
the test database and the test's Redis, and `kill_worker` ends it with SIGKILL, as the kernel's
OOM killer or a lost machine would. A database lock held by the test stops the worker at a
known point (`lock_tables`, `worker_waits_for_a_lock`), so no test-only code is needed in the
job itself.
"""

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import redis
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db.get('PORT') or 5432}/{db['NAME']}"


def _conninfo() -> str:
    return _database_url().replace("postgres://", "postgresql://", 1)


@contextmanager
def worker_process(
    logs: Path, *, beat: bool = False, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A worker (prefork, one child) and, with `beat`, the periodic schedule in it."""
    environment = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DOCUMENTS_ROOT": str(settings.DOCUMENTS_ROOT),
        **(env or {}),
    }
    args = [sys.executable, "-m", "celery", "-A", "kentsend", "worker", "--pool=prefork",
            "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle"]  # fmt: skip
    if beat:
        args += ["--beat", "--schedule", str(logs / "beat-schedule")]
    logs.mkdir(parents=True, exist_ok=True)
    with (logs / f"worker-{os.getpid()}-{len(list(logs.iterdir()))}.log").open("wb") as log:
        process = subprocess.Popen(
            args, cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            yield process
        finally:
            kill_worker(process)


def kill_worker(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the worker and its pool children at once: nothing gets to clean up."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


@contextmanager
def lock_tables(*tables: str, mode: str = "EXCLUSIVE") -> Iterator[psycopg.Connection]:
    """Hold a lock on `tables` from another connection until the block ends. EXCLUSIVE lets
    others read but makes every write wait; ACCESS EXCLUSIVE makes reads wait too."""
    connection = psycopg.connect(_conninfo())
    try:
        with connection.transaction():
            connection.execute(f"LOCK TABLE {', '.join(tables)} IN {mode} MODE")
            yield connection
    finally:
        connection.close()


def worker_waits_for_a_lock(connection: psycopg.Connection) -> bool:
    """Whether another session of the test database is waiting for a lock (the worker)."""
    connection.execute("SELECT pg_stat_clear_snapshot()")  # else it is read once per transaction
    row = connection.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    ).fetchone()
    return bool(row and row[0])


def broker_forget_unfinished_tasks() -> None:
    """Drop the killed worker's unacknowledged messages from the test's own Redis database,
    so they are not delivered to a later test an hour from now."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete("unacked", "unacked_index", "unacked_mutex", *settings.TASK_QUEUE_NAMES)
