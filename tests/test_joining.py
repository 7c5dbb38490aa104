"""Joining the programme: an invitation by email, or interest registered on the public page
and accepted or declined by a manager."""

import datetime
import re
from urllib.parse import urlparse

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from audit.models import Event
from tests import factories
from tests.conftest import client_for
from volunteers.models import InterestStatus, VolunteerInterest, VolunteerProfile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def school(north):
    return factories.SettingFactory.create(area=north, urn="118234", name="Hythe Bay School")


def _invite(client, school, email="new.senco@hythe.sch.uk"):
    return client.post(
        reverse("volunteers:invite"),
        {"full_name": "Nadia Senco", "email": email, "school": school.urn},
    )


def _join_link() -> str:
    match = re.search(r"https?://\S+/join/\S+/", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return urlparse(match.group(0)).path


JOIN = {
    "full_name": "Nadia Senco",
    "trained_on_0": "14",
    "trained_on_1": "10",
    "trained_on_2": "2026",
    "new_password1": "a-long-enough-passphrase-2026",
    "new_password2": "a-long-enough-passphrase-2026",
}


def test_an_officer_invites_a_senco_who_then_joins_and_signs_in(
    officer_north, school, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client_for(officer_north), school)
    assert response.status_code == 302
    invited = User.objects.get(email="new.senco@hythe.sch.uk")
    assert invited.role == Role.VOLUNTEER
    assert invited.setting == school
    assert not invited.has_usable_password()
    assert VolunteerProfile.objects.get(user=invited).invited_by == officer_north

    link = _join_link()
    assert client.get(link).status_code == 200
    response = client.post(link, JOIN)
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.check_password("a-long-enough-passphrase-2026")
    profile = VolunteerProfile.objects.get(user=invited)
    assert profile.trained_on == datetime.date(2026, 10, 14)
    assert profile.joined_at == datetime.datetime(2026, 11, 23, 10, tzinfo=datetime.UTC)
    assert Event.objects.filter(action="volunteer.joined", actor=invited).exists()
    signed_in = client.post(
        reverse("accounts:sign-in"),
        {"username": invited.email, "password": "a-long-enough-passphrase-2026"},
    )
    assert signed_in.status_code == 302
    assert client.get(signed_in["Location"])["Location"] == reverse("volunteers:volunteer-home")


def test_the_join_link_works_once(
    officer_north, school, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_for(officer_north), school)
    link = _join_link()
    client.post(link, JOIN)
    again = client.get(link)
    assert again.status_code == 410
    assert b"This invitation link cannot be used" in again.content


def test_the_join_link_expires_after_seven_days(
    officer_north, school, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_for(officer_north), school)
    link = _join_link()
    with time_machine.travel("2026-12-01 10:00:00+00:00", tick=False):
        assert client.get(link).status_code == 410
    with time_machine.travel("2026-11-30 09:00:00+00:00", tick=False):
        assert client.get(link).status_code == 200


def test_a_tampered_join_link_is_refused(
    officer_north, school, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_for(officer_north), school)
    link = _join_link()
    assert client.get(link[:-3] + "zz/").status_code == 410
    assert client.get(link.replace("/join/", "/join/x")).status_code == 410


def test_joining_with_a_future_training_date_or_weak_password_saves_nothing(
    officer_north, school, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_for(officer_north), school)
    link = _join_link()
    response = client.post(
        link,
        {**JOIN, "trained_on_2": "2027", "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "new_password2" in errors
    invited = User.objects.get(email="new.senco@hythe.sch.uk")
    assert not invited.has_usable_password()
    response = client.post(link, {**JOIN, "trained_on_2": "2027"})
    assert response.status_code == 400
    assert response.context["form"].errors["trained_on"] == [
        "The training date cannot be in the future."
    ]
    assert VolunteerProfile.objects.get(user=invited).joined_at is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"school": "999999"}, "school", "No school with URN 999999"),
        ({"school": "11A234"}, "school", "Enter the URN as digits only"),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"email": "officer.north@example.org"}, "email", "already has an account"),
        ({"full_name": ""}, "full_name", "Enter the full name"),
    ],
)
def test_an_invitation_with_a_mistake_says_which_and_creates_nobody(
    data, field, message, officer_north, school
):
    before = User.objects.count()
    form = {"full_name": "Nadia Senco", "email": "n@hythe.sch.uk", "school": school.urn, **data}
    response = client_for(officer_north).post(reverse("volunteers:invite"), form)
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert User.objects.count() == before
    assert not mail.outbox


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("officer_north", 200),
        ("manager", 200),
        ("volunteer", 403),
        ("headteacher", 403),
        ("editor", 403),
    ],
)
def test_only_officers_and_managers_invite(who, status, personas):
    client = client_for(personas[who])
    assert client.get(reverse("volunteers:invite")).status_code == status
    assert client.get(reverse("volunteers:programme")).status_code == status


# Registering interest ---------------------------------------------------------------------


def test_a_senco_registers_interest_and_a_manager_accepts_it(
    client, school, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("volunteers:register-interest"),
            {"full_name": "Omar Offer", "email": "Omar@Hythe.sch.uk", "school": "118234"},
        )
    assert response.status_code == 200
    interest = VolunteerInterest.objects.get()
    assert interest.email == "omar@hythe.sch.uk"
    assert mail.outbox[-1].to == [manager.email]

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            reverse("volunteers:interest", args=[interest.pk]), {"decision": "accept"}
        )
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED
    assert User.objects.get(email="omar@hythe.sch.uk").role == Role.VOLUNTEER
    assert mail.outbox[-1].to == ["omar@hythe.sch.uk"]
    assert "/join/" in mail.outbox[-1].body


def test_a_manager_declines_interest_with_a_reason_the_senco_is_sent(
    school, manager, django_capture_on_commit_callbacks
):
    interest = VolunteerInterest.objects.create(
        full_name="Omar Offer", email="omar@hythe.sch.uk", setting=school
    )
    client = client_for(manager)
    url = reverse("volunteers:interest", args=[interest.pk])
    response = client.post(url, {"decision": "decline"})
    assert response.status_code == 400
    assert "Give the reason" in response.context["form"].errors["reason"][0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "decline", "reason": "The programme is full this term."})
    interest.refresh_from_db()
    assert interest.status == InterestStatus.DECLINED
    assert "The programme is full this term." in mail.outbox[-1].body
    assert not User.objects.filter(email="omar@hythe.sch.uk").exists()
    again = client.post(url, {"decision": "accept"})
    assert again.status_code == 400
    assert "already declined" in str(again.context["form"].non_field_errors())


def main_content(response) -> str:
    page: str = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def register(client, email, **extra):
    data = {"full_name": "Omar Offer", "email": email, "school": "118234"}
    return client.post(reverse("volunteers:register-interest"), data, **extra)


def test_registering_twice_shows_the_same_thank_you_and_keeps_one_registration(client, school):
    first = register(client, "omar@hythe.sch.uk")
    again = register(client, "omar@hythe.sch.uk")
    assert again.status_code == first.status_code == 200
    assert main_content(again) == main_content(first)
    assert VolunteerInterest.objects.count() == 1


def test_the_volunteer_form_answers_the_same_for_an_address_that_has_an_account(
    client, school, officer_north, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = register(client, "someone.new@hythe.sch.uk")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        existing = register(client, "Officer.North@example.org")
    assert existing.status_code == new.status_code == 200
    assert main_content(existing) == main_content(new)
    assert not VolunteerInterest.objects.filter(email="officer.north@example.org").exists()
    [email] = mail.outbox
    assert email.to == ["officer.north@example.org"]
    assert "already have an account" in email.body
    assert "/sign-in/" in email.body
    assert "/password-reset/" in email.body


def test_the_volunteer_form_is_rate_limited_per_address(client, school):
    answers = [
        register(client, f"senco.{n}@hythe.sch.uk", REMOTE_ADDR="203.0.113.5").status_code
        for n in range(6)
    ]
    assert answers == [200] * 5 + [429]
    limited = register(client, "senco.9@hythe.sch.uk", REMOTE_ADDR="203.0.113.5")
    assert "Sorry, there have been too many registrations" in limited.content.decode()
    assert int(limited["Retry-After"]) > 0
    assert VolunteerInterest.objects.count() == 5
    assert register(client, "senco.9@hythe.sch.uk", REMOTE_ADDR="198.51.100.5").status_code == 200


def test_the_volunteer_form_is_rate_limited_per_email_address(
    client, school, officer_north, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            register(client, "Officer.North@example.org", REMOTE_ADDR=f"198.51.100.{n}").status_code
            for n in range(4)
        ]
    assert answers == [200, 200, 200, 429]
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    ("who", "status"),
    [("manager", 200), ("officer_north", 403), ("volunteer", 403), ("headteacher", 403)],
)
def test_only_managers_decide_on_interest(who, status, personas, school):
    interest = VolunteerInterest.objects.create(
        full_name="Omar Offer", email="omar@hythe.sch.uk", setting=school
    )
    client = client_for(personas[who])
    url = reverse("volunteers:interest", args=[interest.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"decision": "accept"}).status_code == (
        302 if status == 200 else status
    )
    interest.refresh_from_db()
    assert interest.status == (InterestStatus.ACCEPTED if status == 200 else InterestStatus.PENDING)


def test_an_unknown_registration_is_not_found(manager):
    assert client_for(manager).get(reverse("volunteers:interest", args=[999])).status_code == 404
