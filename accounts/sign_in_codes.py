"""Family members sign in with their email address and a one-time code emailed to them
(DESIGN section 9; docs/decisions/0023-family-sign-in-by-emailed-code.md).

A code is 6 digits, works once, for settings.SIGN_IN_CODE_MINUTES, and ends after
settings.SIGN_IN_CODE_MAX_FAILURES wrong tries. Only a keyed hash of it is kept. An address
whose codes were ended by wrong tries SIGN_IN_CODE_LOCKOUTS_BEFORE_BLOCK times within
SIGN_IN_CODE_BLOCK_MINUTES is sent no new code until that period has passed. django-axes
counts the failed sign-ins as it does for passwords (SignInCodeBackend goes through Django's
`authenticate`), so its lockout of an address applies too.

Nothing here tells anyone whether an address has an account: an address without one is
"sent" nothing, and a code that matches no code sent to it is simply not right. A code is
called used or expired only when it is a real code, which only the owner of the inbox has.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import Role, SignInCode, User
from audit.services import event_record
from common.council import council_details
from common.notices import notice_send

CODE_DIGITS = 6
# Codes older than this are deleted when a new one is sent: long past any use, and long
# enough to count the lockouts that block an address.
KEEP_CODES_FOR = timedelta(days=1)


class Refusal:
    """Why a code did not sign the person in, as the pages tell it."""

    WRONG = "wrong"  # not a code sent to this address (or no account: the same answer)
    EXPIRED = "expired"  # a real code, but too old, or a newer one was sent since
    USED = "used"  # a real code that has already signed someone in
    ENDED = "ended"  # a real code ended by too many wrong tries


@dataclass(frozen=True)
class CodeCheck:
    user: User | None
    refusal: str = ""


def _hash(user_id: int, code: str) -> str:
    return salted_hmac("accounts.sign_in_codes", f"{user_id}:{code}").hexdigest()


def normalised_code(code: str) -> str:
    """The code as typed, without the spaces or dashes people add when copying it."""
    return "".join(ch for ch in str(code) if not ch.isspace() and ch != "-")


def _family_account(email: str) -> User | None:
    return User.objects.filter(
        email=email.strip().lower(), role=Role.FAMILY, is_active=True
    ).first()


def sign_in_code_address_blocked(user: User, *, now: datetime) -> bool:
    """Whether the address has had too many codes ended by wrong tries just now."""
    since = now - timedelta(minutes=settings.SIGN_IN_CODE_BLOCK_MINUTES)
    ended = SignInCode.objects.filter(
        user=user,
        created_at__gte=since,
        failed_attempts__gte=settings.SIGN_IN_CODE_MAX_FAILURES,
    ).count()
    return bool(ended >= settings.SIGN_IN_CODE_LOCKOUTS_BEFORE_BLOCK)


@transaction.atomic
def sign_in_code_send(*, email: str, now: datetime | None = None) -> None:
    """Email a new code to the family account with this address, if there is one and it is
    not blocked; earlier codes stop working. Nothing is sent, and nothing said, otherwise."""
    now = now or timezone.now()
    user = _family_account(email)
    if user is None:
        return
    User.objects.select_for_update().filter(pk=user.pk).get()
    if sign_in_code_address_blocked(user, now=now):
        event_record(actor=user, action="user.sign_in_code_blocked", target=user)
        return
    SignInCode.objects.filter(user=user, created_at__lt=now - KEEP_CODES_FOR).delete()
    SignInCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    minutes: int = settings.SIGN_IN_CODE_MINUTES
    SignInCode.objects.create(
        user=user,
        code_hash=_hash(user.pk, code),
        created_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    notice_send(
        f"Your sign-in code is {code}",
        "accounts/email/sign_in_code.txt",
        {"user": user, "code": code, "minutes": minutes, "council": council_details()},
        [user.email],
    )
    event_record(actor=user, action="user.sign_in_code_sent", target=user)


@transaction.atomic
def sign_in_code_check(*, email: str, code: str, now: datetime | None = None) -> CodeCheck:
    """The family account the code signs in, using the code up; or why it does not."""
    now = now or timezone.now()
    code = normalised_code(code)
    user = _family_account(email)
    if user is None or not (len(code) == CODE_DIGITS and code.isdigit()):
        return CodeCheck(user=None, refusal=Refusal.WRONG)
    codes = list(
        SignInCode.objects.select_for_update()
        .filter(user=user, created_at__gte=now - KEEP_CODES_FOR)
        .order_by("-created_at", "-id")
    )
    digest = _hash(user.pk, code)
    limit: int = settings.SIGN_IN_CODE_MAX_FAILURES
    for sent in codes:
        if not constant_time_compare(sent.code_hash, digest):
            continue
        if sent.used_at is not None:
            refusal = Refusal.USED
        elif sent.failed_attempts >= limit:
            refusal = Refusal.ENDED
        elif sent.expires_at <= now:
            refusal = Refusal.EXPIRED
        else:
            sent.used_at = now
            sent.save(update_fields=["used_at"])
            return CodeCheck(user=user)
        event_record(
            actor=user, action="user.sign_in_code_refused", target=user, details={"why": refusal}
        )
        return CodeCheck(user=None, refusal=refusal)
    live = next(
        (
            c
            for c in codes
            if c.used_at is None and c.expires_at > now and c.failed_attempts < limit
        ),
        None,
    )
    if live is not None:
        live.failed_attempts += 1
        live.save(update_fields=["failed_attempts"])
        if live.failed_attempts >= limit:
            event_record(actor=user, action="user.sign_in_code_ended", target=user)
    return CodeCheck(user=None, refusal=Refusal.WRONG)


class SignInCodeBackend(BaseBackend):
    """Django authentication by email and one-time code, for family accounts only.

    `authenticate(request, email=..., code=...)`; any other credentials are not its to
    check. Why a code was refused is left on the request (`sign_in_code_refusal`) for the
    page to explain. Chosen by settings.FAMILY_SIGN_IN=code; another backend (an OpenID
    Connect provider such as GOV.UK One Login) replaces it by settings (decision 0023).
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        email: str | None = None,
        code: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if email is None or code is None:
            return None
        check = sign_in_code_check(email=email, code=code)
        if request is not None:
            request.sign_in_code_refusal = check.refusal  # type: ignore[attr-defined]
        return check.user

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, role=Role.FAMILY, is_active=True).first()


class StaffPasswordBackend(ModelBackend):
    """Email and password sign-in for everyone but family members, who have no password."""

    def user_can_authenticate(self, user: Any) -> bool:
        return bool(super().user_can_authenticate(user) and user.role != Role.FAMILY)

    def get_user(self, user_id: int) -> User | None:
        """The signed-in person of a session; only sign-in itself is closed to families."""
        return User.objects.filter(pk=user_id, is_active=True).first()
