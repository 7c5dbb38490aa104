"""The family's sign-in pages (GOV.UK pattern): their email address, then the code emailed
to it (accounts.sign_in_codes). Staff keep the password sign-in (accounts.views).

The pages answer 404 when settings.FAMILY_SIGN_IN is not `code`: another provider (GOV.UK
One Login) signs families in instead (docs/decisions/0023).
"""

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.access import HOME_URL_NAMES
from accounts.forms import FamilyEmailForm, SignInCodeForm
from accounts.ratelimits import posted_email, posts_wait_seconds
from accounts.sign_in_codes import Refusal, sign_in_code_send
from audit.services import event_record
from common.council import council_details

# The sign-in under way in this browser: the address the code went to, the wrong tries.
PENDING = "family_sign_in"
NEXT = "family_sign_in_next"


def _code_sign_in_on() -> None:
    if settings.FAMILY_SIGN_IN != "code":
        raise Http404("Families sign in another way.")


def _send_rates() -> dict[str, int]:
    period: int = settings.SIGN_IN_CODES_PERIOD_MINUTES
    return {f"{settings.SIGN_IN_CODES_PER_ADDRESS}/{period}m": period * 60}


def _network_rates() -> dict[str, int]:
    return {f"{settings.SIGN_IN_CODES_PER_NETWORK_HOUR}/h": 60 * 60}


def _safe_next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


@login_not_required
def family_sign_in(request: HttpRequest) -> HttpResponseBase:
    """'Sign in to follow your child's review': the email address to send a code to."""
    _code_sign_in_on()
    if request.user.is_authenticated:
        return redirect(HOME_URL_NAMES[request.user.role])
    pending: dict[str, Any] = request.session.get(PENDING) or {}
    form = FamilyEmailForm(request.POST or None, initial={"email": pending.get("email", "")})
    if request.method == "POST" and form.is_valid():
        wait = max(
            posts_wait_seconds(
                request, group="family-sign-in-code", key=posted_email, rates=_send_rates()
            ),
            posts_wait_seconds(
                request, group="family-sign-in-network", key="ip", rates=_network_rates()
            ),
        )
        if wait:
            return render(
                request,
                "accounts/family/too_many_codes.html",
                {"minutes": max(1, round(wait / 60))},
                status=429,
            )
        email = form.cleaned_data["email"]
        sign_in_code_send(email=email)
        request.session[PENDING] = {"email": email, "wrong": 0}
        request.session[NEXT] = _safe_next(request, request.GET.get("next", ""))
        return redirect("accounts:family-sign-in-code")
    return render(
        request, "accounts/family/sign_in.html", {"form": form, "council": council_details()}
    )


def _refused(request: HttpRequest, why: str) -> HttpResponse:
    request.session.pop(PENDING, None)
    return render(
        request,
        "accounts/family/code_refused.html",
        {"why": why, "council": council_details()},
    )


@login_not_required
def family_sign_in_code(request: HttpRequest) -> HttpResponseBase:
    """'Check your email': the code sent to the address given on the page before."""
    _code_sign_in_on()
    if request.user.is_authenticated:
        return redirect(HOME_URL_NAMES[request.user.role])
    pending: dict[str, Any] | None = request.session.get(PENDING)
    if not pending or not pending.get("email"):
        return redirect("accounts:family-sign-in")
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, email=pending["email"], code=form.cleaned_data["code"])
        if user is not None:
            next_url = request.session.pop(NEXT, "")
            request.session.pop(PENDING, None)
            login(request, user)
            event_record(actor=user, action="user.signed_in", details={"by": "emailed code"})
            return redirect(next_url or HOME_URL_NAMES[user.role])
        why = getattr(request, "sign_in_code_refusal", Refusal.WRONG) or Refusal.WRONG
        if why != Refusal.WRONG:
            return _refused(request, why)
        pending["wrong"] = int(pending.get("wrong", 0)) + 1
        if pending["wrong"] >= settings.SIGN_IN_CODE_MAX_FAILURES:
            return _refused(request, Refusal.ENDED)
        request.session[PENDING] = pending
        form.add_error("code", "The code is not right. Check the email and type the code again")
    return render(
        request,
        "accounts/family/check_email.html",
        {"form": form, "email": pending["email"], "minutes": settings.SIGN_IN_CODE_MINUTES},
    )
