"""Checking one web address for the link checker (localoffer.links), and its HTTP client.

`link_check` tries an address with HEAD (or GET where a server refuses HEAD), retries what
may pass (timeouts, dropped connections, 5xx answers) with a doubling wait, and says what the
answer means for the link: ok, redirected (permanently, to `final_url`), broken or
unreachable. `checker_client` follows redirects, keeps to the timeouts and, unless private
networks are allowed, connects only to public addresses, checked on the address actually
connected to. `CheckerSettings` gathers the checker's settings from the environment.
"""

import ipaddress
import math
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpcore
import httpx
from django.conf import settings

from localoffer.models import Link, LinkStatus

# A server that does not allow HEAD says so with one of these; GET then tells the truth.
HEAD_REFUSED = frozenset({405, 501})
PERMANENT_REDIRECTS = frozenset({301, 308})
MAX_REDIRECTS = 10
FINAL_URL_MAX_LENGTH = Link._meta.get_field("final_url").max_length or 500
# Timeouts, dropped connections and servers that hang up mid-answer may pass; anything
# else (a redirect loop, an address that is not http or https) would fail the same way again.
TRANSIENT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


@dataclass(frozen=True)
class CheckerSettings:
    concurrency: int
    connect_timeout: float
    read_timeout: float
    retries: int
    backoff_seconds: float
    interval: timedelta
    batch: int
    allow_private_networks: bool

    @classmethod
    def from_settings(cls) -> "CheckerSettings":
        return cls(
            concurrency=max(1, settings.LINK_CHECK_CONCURRENCY),
            connect_timeout=settings.LINK_CHECK_CONNECT_TIMEOUT,
            read_timeout=settings.LINK_CHECK_READ_TIMEOUT,
            retries=max(0, settings.LINK_CHECK_RETRIES),
            backoff_seconds=settings.LINK_CHECK_BACKOFF_SECONDS,
            interval=timedelta(days=settings.LINK_CHECK_INTERVAL_DAYS),
            batch=max(1, settings.LINK_CHECK_BATCH),
            allow_private_networks=settings.LINK_CHECK_ALLOW_PRIVATE_NETWORKS,
        )

    def backoff_before(self, attempt: int) -> float:
        """Seconds to wait before try number `attempt` (2, 3...): doubling each time."""
        return self.backoff_seconds * 2.0 ** (attempt - 2)

    def claim_lease(self) -> timedelta:
        """How long a run holds its batch: long enough for every link in it to time out on
        every try, so a live run does not lose its claim to another, however slow the
        servers; a crashed run's links come back after it."""
        tries = self.retries + 1
        # A try is a HEAD and perhaps a GET; doubled again for a redirect to a slow server.
        worst_try = 2 * 2 * (self.connect_timeout + self.read_timeout)
        worst_link = tries * worst_try + sum(self.backoff_before(n) for n in range(2, tries + 1))
        rounds = math.ceil(self.batch / self.concurrency)
        return timedelta(seconds=rounds * worst_link + 60)


@dataclass(frozen=True)
class CheckResult:
    status: LinkStatus
    attempts: int
    status_code: int | None = None
    final_url: str = ""
    error: str = ""


class AddressRefused(Exception):
    """The address is on a private, loopback or link-local network, which is not checked."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(
            f"Not checked: {host} is on a private, loopback or link-local network ({address})."
        )


# --- Checking one address -----------------------------------------------------------------------


def link_check(client: httpx.Client, url: str, *, config: CheckerSettings) -> CheckResult:
    """Try `url` (HEAD, or GET where HEAD is refused), retrying timeouts, connection errors
    and 5xx answers `config.retries` times."""
    attempt = 0
    while True:
        attempt += 1
        if attempt > 1:
            time.sleep(config.backoff_before(attempt))
        last_try = attempt > config.retries
        try:
            response = _fetch(client, url)
        except AddressRefused as refused:
            return CheckResult(LinkStatus.UNREACHABLE, attempts=attempt, error=str(refused))
        except httpx.TooManyRedirects:
            return CheckResult(
                LinkStatus.BROKEN,
                attempts=attempt,
                error=f"Redirects more than {MAX_REDIRECTS} times (perhaps in a loop).",
            )
        except httpx.UnsupportedProtocol:
            return CheckResult(
                LinkStatus.UNREACHABLE,
                attempts=attempt,
                error="Not checked: only http and https addresses are checked.",
            )
        except TRANSIENT_ERRORS as error:
            if last_try:
                return CheckResult(
                    LinkStatus.UNREACHABLE, attempts=attempt, error=error_text(error)
                )
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            return CheckResult(LinkStatus.UNREACHABLE, attempts=attempt, error=error_text(error))
        else:
            if response.status_code < 500 or last_try:
                return _result_of(response, attempts=attempt)


def _fetch(client: httpx.Client, url: str) -> httpx.Response:
    response = client.head(url)
    if response.status_code in HEAD_REFUSED:
        # Only the status line and headers are wanted, never the body.
        with client.stream("GET", url) as response:
            pass
    return response


def _result_of(response: httpx.Response, *, attempts: int) -> CheckResult:
    code = response.status_code
    ended_elsewhere = bool(response.history) and response.url != response.history[0].url
    final_url = str(response.url) if ended_elsewhere else ""
    if len(final_url) > FINAL_URL_MAX_LENGTH:
        final_url = ""  # a cut-off address would be a wrong one
    if 200 <= code < 300:
        moved = ended_elsewhere and any(
            hop.status_code in PERMANENT_REDIRECTS for hop in response.history
        )
        status = LinkStatus.REDIRECTED if moved else LinkStatus.OK
        return CheckResult(status, attempts=attempts, status_code=code, final_url=final_url)
    return CheckResult(
        LinkStatus.BROKEN,
        attempts=attempts,
        status_code=code,
        final_url=final_url,
        error=f"The server answered {code} {response.reason_phrase}".strip(),
    )


def error_text(error: BaseException) -> str:
    detail = str(error).strip()
    text = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    return text[:300]


# --- The HTTP client ----------------------------------------------------------------------------


def checker_client(config: CheckerSettings) -> httpx.Client:
    """An HTTP client that follows redirects, keeps to the timeouts, holds at most
    `concurrency` connections and (unless allowed) connects only to public addresses."""
    return httpx.Client(
        transport=_CheckerTransport(
            allow_private_networks=config.allow_private_networks,
            max_connections=config.concurrency,
        ),
        timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": f"{settings.COUNCIL_NAME} Local Offer link checker"},
    )


def address_is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local,
    shared, reserved or multicast)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _PublicOnlyBackend(httpcore.SyncBackend):
    """Resolves each host itself and connects only to public addresses.

    The check is made when connecting, on the address actually connected to, so a redirect
    to an internal host or a name that resolves differently a second time is refused too.
    """

    def __init__(self, *, allow_private_networks: bool) -> None:
        self.allow_private_networks = allow_private_networks

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        if self.allow_private_networks:
            return super().connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as unknown:
            raise httpcore.ConnectError(f"{host}: {unknown}") from unknown
        addresses = list(dict.fromkeys(str(sockaddr[0]) for *_, sockaddr in found))
        for address in addresses:
            if not address_is_public(address):
                raise AddressRefused(host, address)
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        raise failure or httpcore.ConnectError(f"{host}: no address found")


class _CheckerTransport(httpx.HTTPTransport):
    def __init__(self, *, allow_private_networks: bool, max_connections: int) -> None:
        # Proxies from the environment are ignored: through a proxy, the checker could not
        # see which address it is connecting to.
        super().__init__(trust_env=False)
        # httpx offers no way to pass a network backend, so its connection pool is replaced
        # by one with the same defaults and the backend that refuses private addresses.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            network_backend=_PublicOnlyBackend(allow_private_networks=allow_private_networks),
        )
