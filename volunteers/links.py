"""Signed, single-use links that let a headteacher decide a release request from an email.

The token is the ApprovalLink's id signed with Django's TimestampSigner (salted for this
use), so it cannot be forged or altered, and it expires after APPROVAL_LINK_MAX_AGE. The
row records whom it was sent to and when it was used: any decision on the agreement uses up
all of its links. Opening the link (GET) changes nothing, so an email scanner that follows
links does not spend it; only the headteacher's decision (POST) does.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from volunteers.models import AgreementStatus, ApprovalLink

SALT = "volunteers.approval-link"
APPROVAL_LINK_MAX_AGE = datetime.timedelta(days=7)


@dataclass(frozen=True)
class LinkProblem(Exception):
    """Why a link cannot be used, in words for the headteacher who clicked it."""

    title: str
    message: str


def approval_link_token(link: ApprovalLink) -> str:
    return signing.dumps(link.pk, salt=SALT)


def approval_link_url(link: ApprovalLink) -> str:
    path = reverse("volunteers:decide-by-link", kwargs={"token": approval_link_token(link)})
    return f"{settings.SITE_URL}{path}"


def approval_link_resolve(token: str, *, user: User | None) -> ApprovalLink:
    """The link the token names, if it may still be used by this visitor; else LinkProblem.

    `user` is the signed-in person, if any: a link sent to one headteacher never works for
    someone else signed in."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=APPROVAL_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkProblem(
            "This link has expired",
            f"Links in release request emails work for {APPROVAL_LINK_MAX_AGE.days} days. "
            "Sign in to see the request on your home page and decide there.",
        ) from None
    except signing.BadSignature:
        raise LinkProblem(
            "This link is not valid",
            "The link may have been copied wrongly. Open it again from the email, or sign in "
            "to see the request on your home page.",
        ) from None
    link = (
        ApprovalLink.objects.select_related(
            "agreement", "agreement__volunteer", "agreement__volunteer__setting", "headteacher"
        )
        .filter(pk=pk)
        .first()
    )
    if link is None:
        raise LinkProblem(
            "This link is not valid",
            "The request it was for no longer exists. Sign in to see your school's requests.",
        )
    if user is not None and user.is_authenticated and user.pk != link.headteacher_id:
        raise LinkProblem(
            "This link was sent to someone else",
            f"You are signed in as {user.email}, but this link was sent to another "
            "headteacher. Sign out and open it again, or ask them to use it.",
        )
    if not link.headteacher.is_active or link.headteacher.setting_id != (
        link.agreement.volunteer.setting_id
    ):
        raise LinkProblem(
            "This link can no longer be used",
            "Your account is no longer the headteacher of this SENCO's school.",
        )
    agreement = link.agreement
    if link.used_at is not None or agreement.status != AgreementStatus.REQUESTED:
        when = link.used_at or agreement.decided_at or timezone.now()
        decided_by = f" by {agreement.decided_by}" if agreement.decided_by else ""
        raise LinkProblem(
            "This link has already been used",
            f"The request was {agreement.get_status_display().lower()}{decided_by} on "
            f"{timezone.localtime(when):%-d %B %Y}. Sign in to see or change the release.",
        )
    return link
