"""The link checker: every web address the Local Offer publishes, and whether it still works.

`links_sync` keeps one `Link` row per published address (services' websites, providers'
websites and schools' SEN information reports). `links_check_due` then checks a bounded batch
of the addresses that are due, several at a time, and records what it found:

- ok: the address answered 2xx (perhaps after a temporary redirect);
- redirected: it answered 2xx after a permanent redirect (301 or 308) to another address,
  which is kept in `final_url` so the owner can update the link;
- broken: it answered 4xx, or still 5xx after the retries;
- unreachable: it timed out or refused the connection after the retries, or it was not
  fetched at all (a private network address, or not a web address); `error` says which.

Safe to run twice and at once: a run claims its batch with a conditional UPDATE on
`claimed_until`, so no other run checks the same links, and a crashed run's claim expires.
"""

import ipaddress
import logging
import math
import socket
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpcore
import httpx
from django.conf import settings
from django.db import connection
from django.utils import timezone

from localoffer.models import Link, LinkStatus, Organization, SenInformationReport, Service

logger = logging.getLogger(__name__)

# A server that does not allow HEAD says so with one of these; GET then tells the truth.
HEAD_REFUSED = frozenset({405, 501})
PERMANENT_REDIRECTS = frozenset({301, 308})
MAX_REDIRECTS = 10
FINAL_URL_MAX_LENGTH = Link._meta.get_field("final_url").max_length or 500
# Timeouts, dropped connections and servers that hang up mid-answer may pass; anything
# else (a redirect loop, an address that is not http or https) would fail the same way again.
TRANSIENT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)

CLAIM_SQL = """
UPDATE localoffer_link
SET claimed_until = %(claimed_until)s
WHERE id IN (
    SELECT id FROM localoffer_link
    WHERE (checked_at IS NULL OR checked_at < %(checked_before)s)
      AND (claimed_until IS NULL OR claimed_until <= %(now)s)
    ORDER BY checked_at NULLS FIRST, id
    LIMIT %(batch)s
    FOR UPDATE SKIP LOCKED
)
AND (claimed_until IS NULL OR claimed_until <= %(now)s)
RETURNING id, url
"""


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


@dataclass(frozen=True)
class SyncCounts:
    added: int
    removed: int


class AddressRefused(Exception):
    """The address is on a private, loopback or link-local network, which is not checked."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(
            f"Not checked: {host} is on a private, loopback or link-local network ({address})."
        )


# --- The Link table -----------------------------------------------------------------------------


def links_sync() -> SyncCounts:
    """Give every published address a Link row and remove the rows of addresses no longer
    published. Safe to run at once with itself: a conflicting insert is ignored."""
    known = Link.objects.values("url")
    missing = (
        Service.objects.exclude(url="")
        .exclude(url__in=known)
        .values_list("url", flat=True)
        .union(
            Organization.objects.exclude(website="")
            .exclude(website__in=known)
            .values_list("website", flat=True),
            SenInformationReport.objects.exclude(url="")
            .exclude(url__in=known)
            .values_list("url", flat=True),
        )
    )
    added = Link.objects.bulk_create(
        [Link(url=url) for url in missing], batch_size=1000, ignore_conflicts=True
    )
    removed, _ = (
        Link.objects.exclude(url__in=Service.objects.values("url"))
        .exclude(url__in=Organization.objects.values("website"))
        .exclude(url__in=SenInformationReport.objects.values("url"))
        .delete()
    )
    return SyncCounts(added=len(added), removed=removed)


def links_claim_due(
    *, now: datetime, interval: timedelta, batch: int, lease: timedelta
) -> list[tuple[int, str]]:
    """Claim up to `batch` links never checked or last checked more than `interval` ago,
    skipping those another run holds; the (id, url) of each claimed."""
    with connection.cursor() as cursor:
        cursor.execute(
            CLAIM_SQL,
            {
                "claimed_until": now + lease,
                "checked_before": now - interval,
                "now": now,
                "batch": batch,
            },
        )
        return [(pk, url) for pk, url in cursor.fetchall()]


def links_check_due() -> int:
    """Check a batch of the links that are due; how many were checked.

    Whatever stops the run (the task's soft time limit, an error) the links checked so far
    are recorded and the claims on the others released, so the next run takes them.
    """
    config = CheckerSettings.from_settings()
    claimed = links_claim_due(
        now=timezone.now(),
        interval=config.interval,
        batch=config.batch,
        lease=config.claim_lease(),
    )
    if not claimed:
        return 0
    results: dict[int, CheckResult] = {}
    client = checker_client(config)
    pool = ThreadPoolExecutor(max_workers=config.concurrency, thread_name_prefix="link-check")
    try:
        futures: dict[Future[CheckResult], tuple[int, str]] = {
            pool.submit(link_check, client, url, config=config): (pk, url) for pk, url in claimed
        }
        for future in as_completed(futures):
            pk, url = futures[future]
            failure = future.exception()
            if failure is None:
                results[pk] = future.result()
            else:
                # One address the checker cannot handle must not stop the others.
                logger.error("Could not check %s", url, exc_info=failure)
                results[pk] = CheckResult(
                    LinkStatus.UNREACHABLE, attempts=1, error=_error_text(failure)
                )
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        _links_record(results)
        Link.objects.filter(pk__in=[pk for pk, _ in claimed if pk not in results]).update(
            claimed_until=None
        )
        client.close()
    return len(results)


def _links_record(results: dict[int, CheckResult]) -> None:
    checked_at = timezone.now()
    Link.objects.bulk_update(
        [
            Link(
                pk=pk,
                status=result.status,
                status_code=result.status_code,
                final_url=result.final_url,
                error=result.error,
                attempts=result.attempts,
                checked_at=checked_at,
                claimed_until=None,
            )
            for pk, result in results.items()
        ],
        fields=[
            "status",
            "status_code",
            "final_url",
            "error",
            "attempts",
            "checked_at",
            "claimed_until",
        ],
        batch_size=500,
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
                    LinkStatus.UNREACHABLE, attempts=attempt, error=_error_text(error)
                )
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            return CheckResult(LinkStatus.UNREACHABLE, attempts=attempt, error=_error_text(error))
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


def _error_text(error: BaseException) -> str:
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
