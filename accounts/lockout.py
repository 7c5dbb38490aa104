"""Sign-in lockout across accounts: one address trying many email addresses (password spraying).

django-axes counts failures per account and address (AXES_FAILURE_LIMIT) and compares every
count it keeps with that one limit, so a lower limit for the address alone would lock a
council office behind one address out after a few mistyped passwords. This handler adds the
address's own count, with its own higher limit (AXES_ADDRESS_FAILURE_LIMIT), over the same
cool-off period: an address past it is treated as having reached the account limit.
"""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from the request's address within the cool-off period, any account."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    total = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


def address_is_locked(request: HttpRequest) -> bool:
    limit: int = settings.AXES_ADDRESS_FAILURE_LIMIT
    return address_failures(request) >= limit


class AddressAwareHandler(AxesDatabaseHandler):  # type: ignore[misc]
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        failures = int(super().get_failures(request, credentials))
        if address_is_locked(request):
            return max(failures, int(get_failure_limit(request, credentials)))
        return failures
