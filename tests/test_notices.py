"""The one notification layer (common.notices): every email is recorded and sent by SMTP or by
GOV.UK Notify, each against a local stand-in server; a failure is tried again, then shown to
managers as not sent, never lost without a word."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from common.models import EmailStatus, OutgoingEmail
from common.notices import email_send, emails_forget_old, emails_retry_due, notice_send
from tests.conftest import client_for
from tests.notify_server import API_KEY, SERVICE_ID, TEMPLATE_ID, notify_stand_in
from tests.smtp_server import free_port, smtp_stand_in, use_smtp

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
NOW = "2026-12-04 09:00:00+00:00"


def use_notify(settings, url, *, api_key=API_KEY):
    settings.EMAIL_PROVIDER = "notify"
    settings.NOTIFY_API_KEY = api_key
    settings.NOTIFY_BASE_URL = url
    settings.NOTIFY_TEMPLATE_ID = TEMPLATE_ID
    settings.NOTIFY_TEMPLATE_IDS = {}
    settings.NOTIFY_REPLY_TO_ID = ""


def send_one(**overrides):
    fields = {
        "kind": "staff_invitation",
        "to": "aoife.o'neill@example.org",
        "subject": "Set your password for Manage EHCP annual reviews",
        "body": "Dear Aoife,\n\nSet your password: https://example.org/join/abc/\n",
    }
    return email_send(**{**fields, **overrides})


# --- GOV.UK Notify -----------------------------------------------------------------------------


def test_notify_sends_the_subject_and_body_through_the_generic_template_and_keeps_its_id(
    settings,
):
    with notify_stand_in() as notify:
        use_notify(settings, notify.url)
        email = send_one()

    [request] = notify.requests
    assert request["email_address"] == "aoife.o'neill@example.org"
    assert request["template_id"] == TEMPLATE_ID
    assert request["personalisation"] == {
        "subject": "Set your password for Manage EHCP annual reviews",
        "body": "Dear Aoife,\n\nSet your password: https://example.org/join/abc/\n",
    }
    assert request["reference"] == str(email.pk)
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.backend == "notify"
    assert re.fullmatch(r"[0-9a-f-]{36}", email.provider_id)
    assert email.body == ""
    assert mail.outbox == []


def test_a_kind_of_email_with_its_own_notify_template_is_sent_with_it(settings):
    own_template = "0b9a2f6c-7d3e-4f5a-9c1b-2e8d4a6f0c3e"
    with notify_stand_in() as notify:
        use_notify(settings, notify.url)
        settings.NOTIFY_TEMPLATE_IDS = {"password_reset": own_template}
        send_one(kind="password_reset")
        send_one(kind="digest")

    assert [r["template_id"] for r in notify.requests] == [own_template, TEMPLATE_ID]


def test_notify_refuses_a_token_signed_with_another_secret_and_the_email_fails_at_once(settings):
    wrong_key = f"kentsend_test-{SERVICE_ID}-00000000-0000-0000-0000-000000000000"
    with notify_stand_in() as notify:
        use_notify(settings, notify.url, api_key=wrong_key)
        email = send_one()

    email.refresh_from_db()
    assert notify.requests == []  # the stand-in refused it before reading it
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 1
    assert email.last_error == (
        "GOV.UK Notify answered 403: AuthError: Invalid token: signature, api token not found"
    )
    assert email.body == ""


def test_notify_refusing_the_request_fails_the_email_at_once_with_notifys_words(settings):
    with notify_stand_in() as notify:
        use_notify(settings, notify.url)
        notify.fail_next = [400]
        email = send_one()

    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.next_attempt_at is None
    assert email.last_error == (
        "GOV.UK Notify answered 400: BadRequestError: "
        "Can't send to this recipient using a team-only API key"
    )


@pytest.mark.parametrize("status", [429, 500])
def test_notify_busy_or_down_leaves_the_email_waiting_and_a_later_try_sends_it(settings, status):
    with time_machine.travel(NOW, tick=False) as traveller, notify_stand_in() as notify:
        use_notify(settings, notify.url)
        notify.fail_next = [status]
        email = send_one()
        email.refresh_from_db()
        assert email.status == EmailStatus.QUEUED
        assert email.last_error.startswith(f"GOV.UK Notify answered {status}: ")
        assert email.next_attempt_at == timezone.now() + timedelta(seconds=60)
        assert email.body  # kept for the next try

        assert emails_retry_due() == 0  # not yet
        traveller.shift(60)
        assert emails_retry_due() == 1

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert email.last_error == ""
    assert len(notify.requests) == 2


def test_an_email_that_keeps_failing_is_tried_five_times_waiting_longer_each_time_then_failed(
    settings,
):
    with time_machine.travel(NOW, tick=False) as traveller, notify_stand_in() as notify:
        use_notify(settings, notify.url)
        notify.fail_next = [500] * 5
        email = send_one()
        waits = []
        for _ in range(4):
            email.refresh_from_db()
            waits.append((email.next_attempt_at - timezone.now()).total_seconds())
            traveller.move_to(email.next_attempt_at)
            emails_retry_due()

    email.refresh_from_db()
    assert waits == [60, 240, 960, 3840]
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 5
    assert email.last_error == "GOV.UK Notify answered 500: Exception: Internal server error"
    assert email.body == ""


# --- SMTP --------------------------------------------------------------------------------------


def test_smtp_delivers_the_text_and_html_parts_to_a_real_smtp_server_and_keeps_the_message_id(
    settings,
):
    with smtp_stand_in() as server:
        use_smtp(settings, server.port)
        email = send_one(html_body="<p>Dear Aoife,</p>")

    [message] = server.received
    assert message["To"] == "aoife.o'neill@example.org"
    assert message["Subject"] == "Set your password for Manage EHCP annual reviews"
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None
    assert text.get_content().startswith("Dear Aoife,")
    assert html is not None
    assert html.get_content().strip() == "<p>Dear Aoife,</p>"
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.backend == "smtp"
    assert email.provider_id == message["Message-ID"]


def test_smtp_refusing_an_address_for_good_fails_the_email_at_once(settings):
    with smtp_stand_in() as server:
        use_smtp(settings, server.port)
        server.refuse["nobody@example.org"] = ["550 5.1.1 No such mailbox"]
        email = send_one(to="nobody@example.org")

    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.last_error == "The mail server refused the address: 550 5.1.1 No such mailbox"


def test_smtp_refusing_an_address_for_now_leaves_the_email_to_be_tried_again(settings):
    with time_machine.travel(NOW, tick=False) as traveller, smtp_stand_in() as server:
        use_smtp(settings, server.port)
        server.refuse["busy@example.org"] = ["451 4.7.1 Try again later"]
        email = send_one(to="busy@example.org")
        email.refresh_from_db()
        assert email.status == EmailStatus.QUEUED
        assert email.last_error == "The mail server refused the address: 451 4.7.1 Try again later"
        traveller.shift(60)
        emails_retry_due()

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert [m["To"] for m in server.received] == ["busy@example.org"]


def test_an_unreachable_smtp_server_leaves_the_email_waiting_not_lost(settings):
    use_smtp(settings, free_port())  # nothing listens there
    email = send_one()

    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert email.last_error.startswith("The mail server could not be reached: ")
    assert email.body


def test_an_unforeseen_failure_of_a_backend_is_retried_and_shown_like_any_other(monkeypatch):
    def broken(message, *args, **kwargs):
        raise ValueError("Header values may not contain linefeed or carriage return characters")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    email = send_one()

    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert email.last_error == (
        "The email could not be sent: ValueError: "
        "Header values may not contain linefeed or carriage return characters"
    )


# --- One layer for every email -----------------------------------------------------------------


def test_notice_send_sends_each_person_their_own_email(settings):
    notice_send(
        "A SENCO registered interest",
        "volunteers/email/interest_registered.txt",
        {"interest": {"full_name": "Omar Said"}},
        ["one@example.org", "two@example.org"],
    )

    assert [m.to for m in mail.outbox] == [["one@example.org"], ["two@example.org"]]
    assert list(OutgoingEmail.objects.order_by().values_list("kind", "status").distinct()) == [
        ("interest_registered", EmailStatus.SENT)
    ]


def test_a_password_reset_email_goes_through_the_layer(officer_north):
    Client().post("/password-reset/", {"email": officer_north.email})

    email = OutgoingEmail.objects.get()
    assert (email.kind, email.to, email.status) == (
        "password_reset",
        officer_north.email,
        EmailStatus.SENT,
    )
    [message] = mail.outbox
    assert isinstance(message, EmailMultiAlternatives)
    assert message.alternatives  # its HTML part survives the layer


MAIL_FUNCTIONS = re.compile(
    r"django\.core\.mail|send_mass_mail|mail_admins|mail_managers|EmailMessage|"
    r"EmailMultiAlternatives|smtplib\.SMTP\b|smtplib\.SMTP_SSL|NotificationsAPIClient|"
    r"\.send_email_notification|AdminEmailHandler"
)


def test_no_code_sends_email_except_through_the_notification_layer():
    """Every path that sends mail calls common.notices; only it touches Django's mail or
    Notify's client (a password reset form overrides send_mail to call it)."""
    apps = [p for p in BASE_DIR.iterdir() if (p / "__init__.py").exists() and p.name != "tests"]
    offenders = []
    for app in apps:
        for path in app.rglob("*.py"):
            if path == BASE_DIR / "common" / "notices.py" or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if MAIL_FUNCTIONS.search(line):
                    offenders.append(f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}")
    assert offenders == []


def test_every_password_reset_form_sends_through_the_layer():
    from django.contrib.auth.forms import PasswordResetForm

    from accounts.forms import ResetRequestForm
    from accounts.views import password_reset

    assert password_reset.view_initkwargs["form_class"] is ResetRequestForm  # type: ignore[attr-defined]
    assert ResetRequestForm.send_mail is not PasswordResetForm.send_mail


# --- Visible to managers -----------------------------------------------------------------------


def test_managers_see_emails_not_sent_first_with_the_reason_and_those_waiting(settings, manager):
    with time_machine.travel(NOW, tick=False):
        use_smtp(settings, free_port())
        waiting = send_one(subject="Your interest in the volunteer reviewer programme")
        with smtp_stand_in() as server:
            use_smtp(settings, server.port)
            server.refuse["nobody@example.org"] = ["550 5.1.1 No such mailbox"]
            send_one(to="nobody@example.org")
        page = client_for(manager).get("/manager/emails/").content.decode()

    assert page.index("1 email not sent") < page.index("Waiting to be tried again")
    assert "nobody@example.org" in page
    assert "The mail server refused the address: 550 5.1.1 No such mailbox" in page
    assert "4 December 2026, 9:00 a.m." in page
    assert escape(waiting.to) in page
    assert "4 December 2026, 9:01 a.m." in page  # its next try
    home = client_for(manager).get("/manager/").content.decode()
    assert "1 not sent" in home


def test_only_managers_see_the_email_page(officer_north):
    assert client_for(officer_north).get("/manager/emails/").status_code == 403


def test_records_of_emails_sent_or_failed_are_deleted_after_ninety_days_but_waiting_ones_stay(
    settings,
):
    with time_machine.travel(NOW, tick=False) as traveller:
        sent = send_one()
        use_smtp(settings, free_port())  # nothing listens there
        waiting = send_one()
        traveller.shift(timedelta(days=90))
        assert emails_forget_old() == 0
        traveller.shift(timedelta(days=1))
        assert emails_forget_old() == 1

    assert list(OutgoingEmail.objects.values_list("pk", flat=True)) == [waiting.pk]
    assert not OutgoingEmail.objects.filter(pk=sent.pk).exists()


def test_beat_tries_due_emails_every_five_minutes_and_forgets_old_ones_nightly():
    from kentsend import celery_app

    celery_app.finalize()
    entries = {e["task"]: e for e in celery_app.conf.beat_schedule.values()}
    assert entries["common.retry_due_emails"]["schedule"] == 300.0
    assert "common.forget_old_emails" in entries
