"""Smoke test of the embedded path, as a new user would run it.

Starts `make run` with no DATABASE_URL or REDIS_URL, waits for /healthz to report the
database, Redis and the worker healthy, signs in over HTTP as each demo account that
`make run` printed and checks it reaches its role's home page, then stops everything as
Ctrl-C would and checks that nothing is left running.
"""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import IO, NoReturn

BASE_DIR = Path(__file__).resolve().parent.parent
HEALTH_TIMEOUT_SECONDS = 240
STOP_TIMEOUT_SECONDS = 60
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (the published demo password)
# The family account signs in with a code emailed to it; `make run` prints the email.
FAMILY_ROLE = "Family member"
PRINTED_CODE = re.compile(r"^\s*(\d{6})\s*$")
CODE_WAIT_SECONDS = 30
printed: list[str] = []  # every line `make run` printed, for the emailed codes
PRINTED_ACCOUNT = re.compile(r"^\s{2}(?P<role>[A-Z][A-Za-z ]+?)\s{2,}(?P<email>\S+@\S+)\s")


def echo_and_collect_accounts(stream: IO[bytes], accounts: list[tuple[str, str]]) -> None:
    """Pass `make run`'s output through, noting each demo account it prints."""
    for raw in stream:
        line = raw.decode(errors="replace")
        sys.stdout.write(line)
        printed.append(line)
        match = PRINTED_ACCOUNT.match(line)
        if match:
            accounts.append((match["role"], match["email"]))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fail(message: str) -> NoReturn:
    print(f"SMOKE FAILED: {message}", flush=True)
    raise SystemExit(1)


def wait_for_health(base: str, process: subprocess.Popen[bytes]) -> dict[str, object]:
    deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
    last: object = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            fail(f"`make run` exited with status {process.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                return dict(json.load(response))
        except urllib.error.HTTPError as error:
            last = json.load(error)
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last = str(error)
        time.sleep(2)
    fail(f"/healthz was not healthy after {HEALTH_TIMEOUT_SECONDS}s; last answer: {last}")


def sign_in(base: str, email: str) -> tuple[str, str]:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    return _form(opener, f"{base}/sign-in/", {"username": email, "password": DEMO_PASSWORD})


def _form(
    opener: urllib.request.OpenerDirector, url: str, fields: dict[str, str]
) -> tuple[str, str]:
    """Post `fields` to the form at `url` with its CSRF token; where it lands, and the page."""
    with opener.open(url, timeout=10) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        fail(f"{url} has no CSRF token")
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **fields}).encode()
    request = urllib.request.Request(url, data=form, headers={"Referer": url})
    with opener.open(request, timeout=10) as response:
        return response.geturl(), response.read().decode()


def sign_in_with_code(base: str, email: str) -> tuple[str, str]:
    """Ask for a code for `email`, read it from the email `make run` prints, and sign in."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    seen = len(printed)
    url, _ = _form(opener, f"{base}/sign-in/family/", {"email": email})
    deadline = time.monotonic() + CODE_WAIT_SECONDS
    code = None
    while code is None and time.monotonic() < deadline:
        code = next((m[1] for line in printed[seen:] if (m := PRINTED_CODE.match(line))), None)
        time.sleep(0.5)
    if code is None:
        fail(f"no sign-in code for {email} was printed within {CODE_WAIT_SECONDS}s")
    return _form(opener, url, {"code": code})


def processes_working_in(directory: Path) -> list[str]:
    """Processes outside our own session whose working directory is in `directory`.

    The web server, worker, beat and the embedded PostgreSQL all work in the checkout, each
    in a session of its own; this script and whatever ran it share one session.
    """
    session = os.getsid(0)
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getsid(int(entry.name)) == session:
                continue
            cwd = (entry / "cwd").resolve()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue
        if cwd == directory or directory in cwd.parents:
            found.append(f"{entry.name}: {command}")
    return found


def main() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    port = free_port()
    env["PORT"] = str(port)
    env["HEARTBEAT_INTERVAL_SECONDS"] = "5"
    base = f"http://127.0.0.1:{port}"
    print(
        f"smoke: starting `make run` on port {port} with the embedded PostgreSQL and Redis",
        flush=True,
    )
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    accounts: list[tuple[str, str]] = []
    assert process.stdout is not None
    reader = threading.Thread(target=echo_and_collect_accounts, args=(process.stdout, accounts))
    reader.start()
    try:
        health = wait_for_health(base, process)
        print(f"smoke: /healthz {json.dumps(health)}", flush=True)
        for part in ("database", "redis", "worker"):
            if not health[part]["ok"]:  # type: ignore[index]
                fail(f"{part} is not healthy")
        if len(accounts) < 5:
            fail(f"`make run` printed {len(accounts)} demo accounts; expected one per role")
        for role, email in accounts:
            url, page = (
                sign_in_with_code(base, email) if role == FAMILY_ROLE else sign_in(base, email)
            )
            heading = re.search(r'<span class="govuk-caption-l">[^<]*, ([^<]+)</span>', page)
            if "/sign-in/" in url or heading is None or heading.group(1) != role.lower():
                fail(f"signing in as {email} ({role}) landed on {url}")
            print(
                f"smoke: {email} signed in and reached the {role.lower()} home page {url}",
                flush=True,
            )
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            fail(f"`make run` did not stop within {STOP_TIMEOUT_SECONDS}s of Ctrl-C")
        reader.join(timeout=10)
    leftovers = processes_working_in(BASE_DIR)
    if leftovers:
        fail(f"processes still running after Ctrl-C: {leftovers}")
    print("smoke: stopped cleanly; 1 passed, 0 failed", flush=True)


if __name__ == "__main__":
    main()
