"""The managers' page of emails the service could not send, or is still trying to send
(common.notices, decision 0020)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import role_required
from accounts.models import Role
from common.notices import emails_for_managers


@role_required(Role.MANAGER)
def email_list(request: HttpRequest) -> HttpResponse:
    """Emails not sent first, with the reason; then those waiting to be tried again."""
    return render(request, "workbench/emails.html", emails_for_managers())
