from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from accounts.access import HOME_URL_NAMES, any_role, signed_in_user
from accounts.forms import (
    ChangePasswordForm,
    NewPasswordForm,
    PhoneForm,
    ResetRequestForm,
    SignInForm,
)
from accounts.selectors import api_token_list_for_user
from accounts.services import api_token_revoke, user_phone_change
from audit.services import event_record


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["family_sign_in_url"] = settings.FAMILY_SIGN_IN_URL
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        event_record(actor=form.get_user(), action="user.signed_in")
        return response


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/signed_out.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            event_record(actor=signed_in_user(request), action="user.signed_out")
        return super().post(request, *args, **kwargs)


sign_out = any_role(SignOutView.as_view())


@login_not_required
def root(request: HttpRequest) -> HttpResponseRedirect:
    """The service's front door: sign-in for visitors, the role's home page for everyone else."""
    if request.user.is_authenticated:
        return redirect(HOME_URL_NAMES[request.user.role])
    return redirect(reverse("accounts:sign-in"))


@any_role
def account(request: HttpRequest) -> HttpResponseBase:
    user = signed_in_user(request)
    return render(
        request,
        "accounts/account.html",
        {
            "account": user,
            "areas": list(user.areas.all()),
            "home_url": reverse(HOME_URL_NAMES[user.role]),
        },
    )


@any_role
def phone_change(request: HttpRequest) -> HttpResponseBase:
    """The person's own phone number, printed on the letters they send to families."""
    user = signed_in_user(request)
    form = PhoneForm(request.POST or None, initial={"phone": user.phone})
    if request.method == "POST" and form.is_valid():
        user_phone_change(user=user, phone=form.cleaned_data["phone"])
        messages.success(request, "Your phone number is saved.")
        return redirect("accounts:account")
    return render(request, "accounts/phone_change.html", {"form": form})


@any_role
def api_tokens(request: HttpRequest) -> HttpResponseBase:
    """The person's API tokens that still work, each with a button to revoke it."""
    idle: timedelta = settings.API_TOKEN_IDLE
    longest: timedelta = settings.API_TOKEN_MAX_AGE
    context = {
        "tokens": api_token_list_for_user(signed_in_user(request)),
        "idle_hours": round(idle.total_seconds() / 3600),
        "max_days": longest.days,
    }
    return render(request, "accounts/api_tokens.html", context)


@any_role
@require_POST
def api_token_revoke_view(request: HttpRequest, token_id: str) -> HttpResponseBase:
    api_token_revoke(user=signed_in_user(request), token_id=token_id, reason="revoked by its owner")
    messages.success(request, f"API token {token_id[:8]} revoked")
    return redirect("accounts:api-tokens")


password_change = any_role(
    auth_views.PasswordChangeView.as_view(
        form_class=ChangePasswordForm,
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:password-change-done"),
    )
)
password_change_done = any_role(
    auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
)
password_reset = auth_views.PasswordResetView.as_view(
    form_class=ResetRequestForm,
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    html_email_template_name="accounts/email/password_reset.html",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password-reset-sent"),
)
password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_sent.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=NewPasswordForm,
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password-reset-complete"),
    post_reset_login=False,
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
