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

import logging
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from localoffer.link_http import (
    CheckerSettings,
    CheckResult,
    checker_client,
    error_text,
    link_check,
)
from localoffer.models import Link, LinkStatus, Organization, SenInformationReport, Service

logger = logging.getLogger(__name__)

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
class SyncCounts:
    added: int
    removed: int


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
                    LinkStatus.UNREACHABLE, attempts=1, error=error_text(failure)
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
