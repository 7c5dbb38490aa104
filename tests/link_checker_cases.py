"""The local website the Local Offer's link checker is tested against (there is no internet
here), the checker's settings for every test, and the statuses a link may have.
"""

import contextlib
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from localoffer.models import Link, LinkStatus

OK, REDIRECTED, BROKEN, UNREACHABLE = (
    LinkStatus.OK,
    LinkStatus.REDIRECTED,
    LinkStatus.BROKEN,
    LinkStatus.UNREACHABLE,
)


class FakeWebsite:
    """What the local server was asked, and how many requests it answered at once."""

    def __init__(self) -> None:
        self.url = ""
        self.requests: Counter[tuple[str, str]] = Counter()
        self.in_flight = 0
        self.peak = 0
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.together: threading.Barrier | None = None

    def hits(self, path: str) -> int:
        return sum(n for (_, seen), n in self.requests.items() if seen == path)

    def arrive(self, method: str, path: str) -> int:
        with self.lock:
            self.requests[(method, path)] += 1
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            return self.hits(path)

    def leave(self) -> None:
        with self.lock:
            self.in_flight -= 1


def handler_for(site: FakeWebsite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            self.answer("HEAD")

        def do_GET(self) -> None:
            self.answer("GET")

        def log_message(self, format: str, *args: object) -> None:
            pass

        def answer(self, method: str) -> None:
            path = self.path
            seen = site.arrive(method, path)
            route = path.split("?")[0]
            if route == "/never":
                site.release.wait(timeout=30)
                site.leave()
                return
            if route == "/together" and site.together is not None:
                with contextlib.suppress(threading.BrokenBarrierError):
                    site.together.wait()
            # Counted out before answering, so the client's next request cannot overlap it.
            site.leave()
            location = {
                "/moved": "/ok",
                "/moved-to-missing": "/missing",
                "/elsewhere-for-now": "/ok",
            }.get(route)
            if location:
                code = 302 if route == "/elsewhere-for-now" else 301
            elif route == "/missing":
                code = 404
            elif route == "/error":
                code = 500
            elif route == "/flaky":
                code = 500 if seen == 1 else 200
            elif route == "/no-head":
                code = 405 if method == "HEAD" else 200
            else:
                code = 200
            self.send_response(code)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


@pytest.fixture
def site() -> Iterator[FakeWebsite]:
    website = FakeWebsite()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(website))
    website.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield website
    website.release.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(autouse=True)
def checker_settings(settings):
    settings.LINK_CHECK_ALLOW_PRIVATE_NETWORKS = True
    settings.LINK_CHECK_BACKOFF_SECONDS = 0
    settings.LINK_CHECK_CONNECT_TIMEOUT = 0.5
    settings.LINK_CHECK_READ_TIMEOUT = 0.5
    settings.LINK_CHECK_RETRIES = 2
    settings.LINK_CHECK_CONCURRENCY = 8
    settings.LINK_CHECK_INTERVAL_DAYS = 7
    settings.LINK_CHECK_BATCH = 500
    return settings


def checked(link: Link) -> Link:
    link.refresh_from_db()
    return link
