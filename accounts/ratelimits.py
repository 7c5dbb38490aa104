"""Limits on how often a public form may be sent, counted with django-ratelimit.

The client address is `accounts.access.client_address` (RATELIMIT_IP_META_KEY), so that a
forged X-Forwarded-For changes nothing.
"""

from collections.abc import Callable, Mapping

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited  # type: ignore[import-untyped]

RateKey = str | Callable[[str, HttpRequest], str]


def posts_wait_seconds(
    request: HttpRequest, *, group: str, key: RateKey, rates: Mapping[str, int]
) -> int:
    """Count this POST against each rate (e.g. {"5/m": 60}: five a minute, else wait 60
    seconds) and return how long the sender must wait; 0 when it may be sent now. Every
    rate counts every attempt, so that a burst also uses up the longer allowance."""
    wait = 0
    for rate, seconds in rates.items():
        if is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True):
            wait = max(wait, seconds)
    return wait


def posted_email(group: str, request: HttpRequest) -> str:
    """A rate-limit key: the email address the form was sent with, as accounts store it."""
    return str(request.POST.get("email", "")).strip().lower()[:254]
