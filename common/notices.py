"""Emails kentsend sends: plain text, from a template (the volunteer programme's are under
volunteers/email/, the Local Offer's under localoffer/email/)."""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def notice_send(subject: str, template: str, context: dict[str, Any], to: list[str]) -> None:
    """Send one plain-text email to `to` (nobody: nothing sent). Every template may use
    `site_url` and `council_name`."""
    if not to:
        return
    context = {**context, "site_url": settings.SITE_URL, "council_name": settings.COUNCIL_NAME}
    send_mail(
        subject=subject,
        message=render_to_string(template, context),
        from_email=None,
        recipient_list=to,
    )
