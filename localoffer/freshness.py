"""Freshness reminders: a weekly email to each owner of active services past their review date.

Safe to run twice and at once: a run claims the services it reminds about with one
conditional UPDATE of `reminder_sent_on`, which only takes services never reminded or last
reminded at least a week ago. A second run the same week finds nothing to claim, and two
runs at once never claim the same service. An email the mail server refuses keeps its claim:
the notification layer (common.notices) tries it again.
"""

import logging
from datetime import date, timedelta
from itertools import groupby
from uuid import UUID

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from common.notices import notice_send
from localoffer.models import Service
from localoffer.selectors import PUBLISHED_STATUSES, service_past_review

logger = logging.getLogger(__name__)

REMIND_EVERY = timedelta(days=7)

# The previous `reminder_sent_on` comes from the self-join, which reads the row as it was
# before this statement changed it; it is put back if the email cannot be sent.
CLAIM_SQL = """
UPDATE localoffer_service AS service
SET reminder_sent_on = %(today)s
FROM localoffer_service AS before, accounts_user AS owner
WHERE before.id = service.id
  AND owner.id = service.owner_id
  AND owner.is_active
  AND service.status = ANY(%(published)s)
  AND service.review_by < %(today)s
  AND (service.reminder_sent_on IS NULL OR service.reminder_sent_on <= %(reminded_before)s)
RETURNING service.id, before.reminder_sent_on
"""


def freshness_reminders_send(*, today: date | None = None) -> int:
    """Email each active owner one list of their published services past review; how many
    owners were emailed."""
    today = today or timezone.localdate()
    _log_inactive_owners(today)
    previously = _services_claim(today)
    if not previously:
        return 0
    services = (
        Service.objects.filter(pk__in=previously)
        .select_related("owner")
        .order_by("owner__email", "owner_id", "review_by", "name")
    )
    manage_url = settings.SITE_URL + reverse("localoffer-editor:home")
    sent = 0
    # A mail server that fails is the notification layer's to retry, so every claim stands.
    for _, owned in groupby(services, key=lambda service: service.owner_id):
        owned_services = list(owned)
        owner = owned_services[0].owner
        notice_send(
            _subject(len(owned_services)),
            "localoffer/email/freshness_reminder.txt",
            {"owner": owner, "services": owned_services, "manage_url": manage_url},
            [owner.email],
        )
        sent += 1
    return sent


def _services_claim(today: date) -> dict[UUID, date | None]:
    """Mark today's reminders as sent; each claimed service's id and its previous date."""
    with connection.cursor() as cursor:
        cursor.execute(
            CLAIM_SQL,
            {
                "today": today,
                "published": [status.value for status in PUBLISHED_STATUSES],
                "reminded_before": today - REMIND_EVERY,
            },
        )
        return dict(cursor.fetchall())


def _log_inactive_owners(today: date) -> None:
    stranded = (
        Service.objects.filter(service_past_review(today), owner__is_active=False)
        .values("owner_id")
        .annotate(services=Count("id"))
        .order_by("owner_id")
    )
    for row in stranded:
        logger.warning(
            "No freshness reminder for user %s, whose account is inactive: "
            "their %d services past review need a new owner.",
            row["owner_id"],
            row["services"],
        )


def _subject(count: int) -> str:
    if count == 1:
        return "Local Offer: 1 of your services is past its review date"
    return f"Local Offer: {count} of your services are past their review date"
