"""A family member signs in with their email address and a one-time code emailed to it:
short-lived, single use, rate-limited, locked after wrong tries, and never telling anyone
whether an address has an account. Staff keep their password; a family account has none."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from accounts.models import SignInCode, User
from audit.models import Event
from tests.conftest import client_for
from tests.factories import PASSWORD, FamilyMemberFactory, PlanFactory
from tests.smtp_server import smtp_stand_in, use_smtp

pytestmark = pytest.mark.django_db

EMAIL_PAGE = "/sign-in/family/"
CODE_PAGE = "/sign-in/family/code/"


def ask_for_code(client: Client, email: str):
    return client.post(EMAIL_PAGE, {"email": email})


def enter_code(client: Client, code: str):
    return client.post(CODE_PAGE, {"code": code})


def code_from(body: str) -> str:
    match = re.search(r"^(\d{6})\r?$", body, re.MULTILINE)
    assert match, body
    return match.group(1)


def last_code() -> str:
    return code_from(str(mail.outbox[-1].body))


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.fixture
def following(parent, north):
    """The parent follows a child's plan in North."""
    return FamilyMemberFactory.create(user=parent, plan=PlanFactory.create(area=north))


def test_a_family_member_signs_in_with_the_code_emailed_to_them(parent, following):
    client = Client()
    response = ask_for_code(client, "  Parent@Example.org ")
    assert response.status_code == 302
    assert response["Location"] == CODE_PAGE
    [email] = mail.outbox
    assert email.to == ["parent@example.org"]
    assert "sign-in code" in email.subject.lower()
    code = code_from(str(email.body))
    assert code in email.subject
    assert "10 minutes" in email.body

    page = client.get(CODE_PAGE).content.decode()
    assert "Check your email" in page
    assert 'autocomplete="one-time-code"' in page

    response = enter_code(client, f"{code[:3]} {code[3:]}")
    assert response.status_code == 302
    assert response["Location"] == "/family/"
    home = client.get("/family/").content.decode()
    assert escape(following.plan.child.forename) in home
    assert Event.objects.filter(actor=parent, action="user.signed_in").exists()
    assert Event.objects.filter(actor=parent, action="user.sign_in_code_sent").exists()


def test_only_a_hash_of_the_code_is_kept(parent):
    ask_for_code(Client(), parent.email)
    [stored] = SignInCode.objects.filter(user=parent)
    assert last_code() not in stored.code_hash
    assert stored.expires_at - stored.created_at == timedelta(minutes=10)


def test_an_address_without_an_account_sees_the_same_pages_and_is_sent_nothing(parent):
    known, unknown = Client(), Client()
    known_reply = ask_for_code(known, parent.email)
    unknown_reply = ask_for_code(unknown, "nobody@example.org")
    assert (known_reply.status_code, known_reply["Location"]) == (
        unknown_reply.status_code,
        unknown_reply["Location"],
    )
    assert [m.to for m in mail.outbox] == [[parent.email]]
    assert "If nobody@example.org is the email address" in unknown.get(CODE_PAGE).content.decode()
    page = enter_code(unknown, "123456").content.decode()
    assert "The code is not right" in page


def test_staff_are_sent_no_code_and_cannot_sign_in_with_one(officer_north):
    client = Client()
    ask_for_code(client, officer_north.email)
    assert mail.outbox == []
    assert "The code is not right" in enter_code(client, "123456").content.decode()
    assert "_auth_user_id" not in client.session


def test_an_expired_code_is_refused_with_a_clear_page(parent):
    client = Client()
    ask_for_code(client, parent.email)
    code = last_code()
    with time_machine.travel(timezone.now() + timedelta(minutes=10, seconds=1)):
        response = enter_code(client, code)
    page = response.content.decode()
    assert "Your code has expired" in page
    assert "Get a new code" in page
    assert "_auth_user_id" not in client.session
    assert Event.objects.filter(action="user.sign_in_code_refused", details__why="expired").exists()


def test_an_earlier_code_stops_working_when_a_new_one_is_sent(parent):
    client = Client()
    ask_for_code(client, parent.email)
    first = last_code()
    ask_for_code(client, parent.email)
    second = last_code()
    if first == second:
        pytest.skip("the two random codes happened to be the same")
    assert "Your code has expired" in enter_code(client, first).content.decode()
    ask_for_code(client, parent.email)
    assert enter_code(client, last_code()).status_code == 302


def test_a_code_works_only_once(parent):
    first = Client()
    ask_for_code(first, parent.email)
    code = last_code()
    assert enter_code(first, code).status_code == 302

    second = Client()
    ask_for_code(second, parent.email)
    page = enter_code(second, code).content.decode()
    assert "This code has already been used" in page
    assert "_auth_user_id" not in second.session


def test_a_wrong_code_asks_again_with_an_error_message(parent):
    client = Client()
    ask_for_code(client, parent.email)
    response = enter_code(client, wrong(last_code()))
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "The code is not right" in page
    assert "<title>Error: Check your email" in page


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "<script>1</script>"])
def test_a_code_that_is_not_six_numbers_is_refused_with_a_message(parent, typed):
    client = Client()
    ask_for_code(client, parent.email)
    page = enter_code(client, typed).content.decode()
    assert "Enter the code from the email" in page
    assert "<script>1</script>" not in page
    assert SignInCode.objects.get(user=parent).failed_attempts == 0


def test_guessing_codes_locks_sign_in_and_ends_the_code(parent):
    client = Client()
    ask_for_code(client, parent.email)
    code = last_code()
    for _ in range(4):
        assert "The code is not right" in enter_code(client, wrong(code)).content.decode()
    locked = enter_code(client, wrong(code))
    assert locked.status_code == 429
    assert "You typed the wrong code 5 times" in locked.content.decode()
    # Even the right code, from elsewhere, no longer works: the code has ended.
    elsewhere = Client(REMOTE_ADDR="192.0.2.77")
    ask_for_code_without_sending = elsewhere.session
    ask_for_code_without_sending["family_sign_in"] = {"email": parent.email, "wrong": 0}
    ask_for_code_without_sending.save()
    page = enter_code(elsewhere, code).content.decode()
    assert "You typed the wrong code too many times" in page
    assert "_auth_user_id" not in elsewhere.session
    assert Event.objects.filter(action="user.sign_in_code_ended", actor=parent).count() == 1


def test_an_address_whose_codes_keep_being_guessed_is_sent_no_more_for_a_while(parent):
    start = timezone.now()
    for round_number in range(3):
        with time_machine.travel(start + timedelta(minutes=16 * round_number), tick=False):
            client = Client(REMOTE_ADDR=f"192.0.2.{round_number + 1}")
            ask_for_code(client, parent.email)
            code = last_code()
            for _ in range(5):
                enter_code(client, wrong(code))
    sent = len(mail.outbox)
    with time_machine.travel(start + timedelta(minutes=48), tick=False):
        ask_for_code(Client(REMOTE_ADDR="192.0.2.9"), parent.email)
    assert len(mail.outbox) == sent
    assert Event.objects.filter(action="user.sign_in_code_blocked").count() == 1
    with time_machine.travel(start + timedelta(minutes=16 * 2 + 61), tick=False):
        ask_for_code(Client(REMOTE_ADDR="192.0.2.10"), parent.email)
    assert len(mail.outbox) == sent + 1


def test_asking_for_too_many_codes_is_refused_for_a_while_whether_or_not_there_is_an_account(
    parent,
):
    for email in (parent.email, "nobody@example.org"):
        client = Client()
        for _ in range(3):
            assert ask_for_code(client, email).status_code == 302
        response = ask_for_code(client, email)
        assert response.status_code == 429
        assert "You have asked for too many codes" in response.content.decode()
    assert len(mail.outbox) == 3


def test_the_code_page_without_an_email_address_goes_back_to_the_first_page():
    response = Client().get(CODE_PAGE)
    assert response.status_code == 302
    assert response["Location"] == EMAIL_PAGE


def test_the_email_page_explains_itself_and_how_to_take_part_without_going_online():
    page = Client().get(EMAIL_PAGE).content.decode()
    assert "Sign in to follow your child's review" in page
    assert "You do not need a password" in page
    assert "0300 000 0000" in page


@pytest.mark.parametrize("address", ["", "not-an-email", "a" * 250 + "@example.org"])
def test_a_missing_or_malformed_address_is_refused_with_a_message(address):
    page = ask_for_code(Client(), address).content.decode()
    assert "govuk-error-summary" in page
    assert mail.outbox == []


def test_the_family_member_returns_to_the_page_they_asked_for_but_never_to_another_site(
    parent, following
):
    client = Client()
    client.post(f"{EMAIL_PAGE}?next=/family/", {"email": parent.email})
    assert enter_code(client, last_code())["Location"] == "/family/"

    other = Client()
    other.post(f"{EMAIL_PAGE}?next=https://evil.example/", {"email": parent.email})
    assert enter_code(other, last_code())["Location"] == "/family/"


def test_a_family_account_cannot_sign_in_with_a_password_even_if_one_were_set(parent):
    parent.set_password(PASSWORD)
    parent.save()
    client = Client()
    response = client.post("/sign-in/", {"username": parent.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_staff_still_sign_in_with_their_password(officer_north):
    client = Client()
    response = client.post("/sign-in/", {"username": officer_north.email, "password": PASSWORD})
    assert response.status_code == 302


def test_the_staff_sign_in_page_points_families_to_their_own(db):
    page = Client().get("/sign-in/").content.decode()
    assert 'href="/sign-in/family/"' in page


def test_the_family_pages_are_gone_when_another_provider_signs_families_in(settings):
    settings.FAMILY_SIGN_IN = "oidc"
    assert Client().get(EMAIL_PAGE).status_code == 404
    assert Client().get(CODE_PAGE).status_code == 404


def test_every_page_a_family_member_reads_is_an_event(parent, following):
    response = client_for(parent).get("/family/")
    assert response.status_code == 200, response
    event = Event.objects.get(action="family.page_read")
    assert event.actor == parent
    assert event.details == {"path": "/family/", "page": "portal:family-home"}


def test_a_staff_members_page_reads_are_not_counted_as_a_familys(officer_north):
    client_for(officer_north).get("/casework/")
    assert not Event.objects.filter(action="family.page_read").exists()


def test_a_signed_in_family_member_is_sent_home_from_the_sign_in_pages(parent):
    client = client_for(parent)
    assert client.get(EMAIL_PAGE)["Location"] == "/family/"


def test_a_switched_off_family_account_is_sent_no_code(parent):
    User.objects.filter(pk=parent.pk).update(is_active=False)
    ask_for_code(Client(), parent.email)
    assert mail.outbox == []


def test_a_parent_signs_in_with_the_code_read_from_a_real_smtp_server(settings, parent, following):
    with smtp_stand_in() as server:
        use_smtp(settings, server.port)
        client = Client()
        ask_for_code(client, parent.email)
        [message] = server.received
        assert message["To"] == parent.email
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        code = code_from(body.get_content())
        assert enter_code(client, code)["Location"] == "/family/"
    assert escape(following.plan.child.forename) in client.get("/family/").content.decode()
