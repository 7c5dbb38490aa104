"""A failed email tried again by a real Celery worker, until it is sent or, out of tries, shown
to managers as not sent. Its own module, with the real clock: a worker does not run under a
frozen one."""

import pytest
from celery.contrib.testing.worker import start_worker

from common.models import EmailStatus, OutgoingEmail
from common.notices import email_send
from kentsend import celery_app
from tests.conftest import client_for, wait_for
from tests.smtp_server import free_port, smtp_stand_in, use_smtp


def send_one(to="aoife@example.org"):
    return email_send(
        kind="staff_invitation",
        to=to,
        subject="Set your password for Manage EHCP annual reviews",
        body="Dear Aoife,\n\nSet your password: https://example.org/join/abc/\n",
    )


def status_of(email):
    return OutgoingEmail.objects.get(pk=email.pk).status


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_tries_a_failed_email_again_and_sends_it(settings):
    settings.EMAIL_RETRY_SECONDS = 1
    with smtp_stand_in() as server:
        use_smtp(settings, server.port)
        server.refuse["aoife@example.org"] = ["451 4.3.0 Mail server busy"] * 2
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            email = send_one()
            assert wait_for(lambda: status_of(email) == EmailStatus.SENT)

    email.refresh_from_db()
    assert email.attempts == 3
    assert [m["To"] for m in server.received] == ["aoife@example.org"]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_gives_up_after_the_last_try_and_managers_see_why(settings, manager):
    settings.EMAIL_RETRY_SECONDS = 1
    settings.EMAIL_MAX_ATTEMPTS = 3
    use_smtp(settings, free_port())  # nothing listens there
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        email = send_one()
        assert wait_for(lambda: status_of(email) == EmailStatus.FAILED)

    email.refresh_from_db()
    assert email.attempts == 3
    assert email.body == ""
    page = client_for(manager).get("/manager/emails/").content.decode()
    assert "1 email not sent" in page
    assert "The mail server could not be reached: " in page
    assert "Tried 3 times" in page
