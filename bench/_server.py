"""Serve the application with gunicorn against the benchmark's database, as production does,
and report latencies measured under load."""

import http.client
import logging
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
from django.conf import settings
from django.db import connection

# httpx logs a line per request at INFO, which would bury the figures.
logging.getLogger("httpx").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url() -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


@contextmanager
def gunicorn_serving(*, workers: int) -> Iterator[str]:
    """Run gunicorn with `workers` processes on a free port until the block ends; yields its
    base URL once /healthz answers."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HEARTBEAT_MAX_AGE_SECONDS": "100000",
    }
    command = [sys.executable, "-m", "gunicorn", "kentsend.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base_url}/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        yield base_url
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def report(label: str, rate: float, latencies: list[float], baseline: float | None = None) -> float:
    p50, p95, p99 = (statistics.quantiles(latencies, n=100)[i - 1] for i in (50, 95, 99))
    extra = f"   p95 {p95 / baseline:.1f}x baseline" if baseline else ""
    print(
        f"  {label:<30} {rate:7.1f} req/s   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   p99 {p99:6.1f} ms{extra}",
        flush=True,
    )
    return p95


def load(
    port: int, paths: list[str], cookie: str, stop_at: float, latencies: list[float], pause: float
) -> None:
    """One simulated person: request random `paths` until `stop_at`, pausing about `pause`
    seconds (0.5 to 1.5 times it) between pages as a reader would."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}", "Host": "127.0.0.1"}
    rng = random.Random()
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        conn.request("GET", rng.choice(paths), headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status not in {200, 503}:
            raise SystemExit(f"unexpected status {response.status}")
        latencies.append((time.perf_counter() - started) * 1000)
        if pause:
            time.sleep(rng.uniform(0.5 * pause, 1.5 * pause))
    conn.close()


def run_load(
    port: int, paths: list[str], cookies: list[str], seconds: int, pause: float = 0.0
) -> tuple[float, list[float]]:
    """As many people as `cookies`, each in its own thread, for `seconds`; returns requests
    per second and every latency, sorted."""
    per_thread: list[list[float]] = [[] for _ in cookies]
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=load, args=(port, paths, c, stop_at, out, pause))
        for c, out in zip(cookies, per_thread, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(x for out in per_thread for x in out)
    return len(latencies) / seconds, latencies


def machine_load() -> str:
    """The load average, to print beside figures measured on a shared machine."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"
