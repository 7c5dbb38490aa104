"""Signed links that let a professional return advice without an account (docs/decisions/0021,
after the headteachers' links of 0004).

The token signs the request's id and its review's id with Django's TimestampSigner (salted
for this use), so it cannot be forged, altered or pointed at another review, and it expires
after ADVICE_LINK_MAX_AGE; every email (the request, each reminder) carries a fresh one.
Opening the link shows the request and changes nothing; the advice, once received, uses up
every link of the request.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from common.dates import long_date
from contributions.advice_models import AdviceRequest
from reviews.models import ReviewStatus

SALT = "contributions.advice-link"
ADVICE_LINK_MAX_AGE = datetime.timedelta(days=30)


@dataclass(frozen=True)
class AdviceLinkProblem(Exception):
    """Why a link cannot be used, in words for the professional who clicked it."""

    title: str
    message: str
    # Set when a new link may be emailed to the professional's address instead.
    renewable_id: int | None = None


def advice_link_token(request: AdviceRequest) -> str:
    return signing.dumps([request.pk, request.review_id], salt=SALT)


def advice_link_url(request: AdviceRequest) -> str:
    path = reverse("advice:give", kwargs={"token": advice_link_token(request)})
    return f"{settings.SITE_URL}{path}"


def _ask_the_council() -> str:
    return (
        f"Reply to the email from {settings.COUNCIL_NAME} to ask the case officer for a new "
        "link, or send your advice to them directly."
    )


def advice_link_resolve(token: str) -> AdviceRequest:
    """The request the token names, if advice may still be given through it; else
    AdviceLinkProblem."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=ADVICE_LINK_MAX_AGE)
    except signing.SignatureExpired:
        renewable = _still_awaited(token)
        raise AdviceLinkProblem(
            "This link has expired",
            f"Links in advice request emails work for {ADVICE_LINK_MAX_AGE.days} days, and "
            "each reminder brings a new one."
            + (
                " We can email a new link to the address the council has for you."
                if renewable is not None
                else f" {_ask_the_council()}"
            ),
            renewable_id=renewable,
        ) from None
    except signing.BadSignature:
        raise AdviceLinkProblem(
            "This link is not valid",
            f"The link may have been copied wrongly. Open it again from the email. "
            f"{_ask_the_council()}",
        ) from None
    match payload:
        case [int(request_id), int(review_id)]:
            pass
        case _:
            raise AdviceLinkProblem("This link is not valid", _ask_the_council())
    found = (
        AdviceRequest.objects.select_related("review", "review__plan", "review__plan__child")
        .filter(pk=request_id, review_id=review_id)
        .first()
    )
    if found is None:
        raise AdviceLinkProblem(
            "This link is not valid",
            f"The request it was for no longer exists. {_ask_the_council()}",
        )
    if found.received_at is not None:
        raise AdviceLinkProblem(
            "This link has already been used",
            f"Your advice was received on {long_date(timezone.localtime(found.received_at).date())}. Thank you. "
            "To add to it, reply to the email from the council.",
        )
    if found.review.status == ReviewStatus.CONCLUDED:
        raise AdviceLinkProblem(
            "This review has finished",
            "The annual review this advice was asked for is over, so advice can no longer be "
            f"sent through this link. {_ask_the_council()}",
        )
    return found


def _still_awaited(token: str) -> int | None:
    """The request an expired but genuine link names, if its advice is still awaited."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    match payload:
        case [int(request_id), int(review_id)]:
            found = (
                AdviceRequest.objects.awaited()
                .filter(pk=request_id, review_id=review_id)
                .exclude(review__status=ReviewStatus.CONCLUDED)
                .values_list("pk", flat=True)
                .first()
            )
            return found
        case _:
            return None
