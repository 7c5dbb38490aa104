"""A school's staff list: its headteacher, a case officer of its area or a manager adds and
removes staff; someone new is invited by email and sets a password; every change is an event."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils.html import escape

from accounts.models import Role, SchoolJob, SchoolStaff, User
from audit.models import Event
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-2026"


def _staff_url(setting, tail=""):
    return f"/school/{setting.urn}/staff/{tail}"


def _add(client, setting, **overrides):
    data = {
        "full_name": "Sam O'Neill",
        "email": "Sam.ONeill@School.sch.uk",
        "job": SchoolJob.OFFICE.value,
        **overrides,
    }
    return client.post(_staff_url(setting, "add/"), data)


def _join_link() -> str:
    match = re.search(r"https?://\S+/school/join/\S+/", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return urlparse(match.group(0)).path


def test_a_headteacher_invites_someone_new_who_sets_a_password_and_signs_in(
    headteacher, django_capture_on_commit_callbacks
):
    school = headteacher.setting
    with django_capture_on_commit_callbacks(execute=True):
        response = _add(client_for(headteacher), school)

    assert response.status_code == 302
    user = User.objects.get(email="sam.oneill@school.sch.uk")
    assert user.role == Role.SCHOOL
    assert user.setting == school
    assert not user.has_usable_password()
    place = SchoolStaff.objects.current().get(user=user)
    assert (place.setting, place.job, place.added_by) == (school, SchoolJob.OFFICE, headteacher)
    assert Event.objects.filter(action="school_staff.added", actor=headteacher).count() == 1
    assert mail.outbox[-1].to == ["sam.oneill@school.sch.uk"]
    assert school.name in mail.outbox[-1].body

    anonymous = Client()
    link = _join_link()
    response = anonymous.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    assert anonymous.get(link).status_code == 410  # the link works once
    signed_in = anonymous.post("/sign-in/", {"username": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert anonymous.get("/school/").status_code == 200
    assert Event.objects.filter(action="school_staff.joined", actor=user).exists()


def test_the_staff_list_shows_names_escaped_with_jobs_in_words(headteacher, senco):
    senco.full_name = "Aoife O'Brien <b>"
    senco.save()
    page = client_for(headteacher).get(_staff_url(headteacher.setting)).content.decode()
    assert escape("Aoife O'Brien <b>") in page
    assert "SENCO" in page
    assert "senco</td>" not in page


def test_a_volunteer_of_the_school_is_added_with_the_account_they_have(headteacher, volunteer):
    response = _add(client_for(headteacher), headteacher.setting, email=volunteer.email)

    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.role == Role.VOLUNTEER
    assert SchoolStaff.objects.current().filter(user=volunteer).exists()
    assert not mail.outbox


def test_an_account_of_another_kind_or_school_cannot_be_added(headteacher, officer_north):
    other_school_volunteer = factories.VolunteerFactory.create()
    for email in (officer_north.email, other_school_volunteer.email):
        response = _add(client_for(headteacher), headteacher.setting, email=email)
        assert response.status_code == 400
        assert "cannot be added to a school" in response.content.decode()
    assert not SchoolStaff.objects.filter(user__in=[officer_north, other_school_volunteer])


def test_someone_already_on_the_list_is_not_added_twice(headteacher, senco):
    response = _add(client_for(headteacher), headteacher.setting, email=senco.email)
    assert response.status_code == 400
    assert "already on" in response.content.decode()
    assert SchoolStaff.objects.filter(user=senco).count() == 1


def test_bad_input_names_what_is_wrong_and_saves_nothing(headteacher):
    response = _add(
        client_for(headteacher), headteacher.setting, email="not-an-email", full_name="x" * 151
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter an email address in the correct format" in page
    assert "Ensure this value has at most 150 characters" in page
    assert not User.objects.filter(role=Role.SCHOOL).exclude(email__endswith="example.org")


def test_removing_a_member_ends_their_place_and_keeps_the_row(headteacher, senco):
    place = SchoolStaff.objects.get(user=senco)
    response = client_for(headteacher).post(_staff_url(headteacher.setting, f"{place.pk}/remove/"))

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.removed_at is not None
    assert place.removed_by == headteacher
    assert Event.objects.filter(action="school_staff.removed", actor=headteacher).exists()
    assert (
        escape(str(senco))
        not in client_for(headteacher).get(_staff_url(headteacher.setting)).content.decode()
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("headteacher", 200),
        ("officer_north", 200),
        ("manager", 200),
        ("officer_west", 404),
        ("volunteer", 404),
        ("senco", 404),
        ("editor", 403),
    ],
)
def test_who_keeps_a_schools_staff_list(persona, status, personas):
    school = personas["volunteer"].setting
    client = client_for(personas[persona])
    assert client.get(_staff_url(school)).status_code == status
    assert client.get(_staff_url(school, "add/")).status_code == status
    place = SchoolStaff.objects.get(user=personas["senco"])
    removed = client.post(_staff_url(school, f"{place.pk}/remove/")).status_code
    assert removed == (302 if status == 200 else status)


def test_a_headteacher_keeps_only_their_own_schools_list(headteacher):
    other = factories.SettingFactory.create(area=headteacher.setting.area)
    assert client_for(headteacher).get(_staff_url(other)).status_code == 404
    own = client_for(headteacher).get("/school/staff/")
    assert own["Location"] == _staff_url(headteacher.setting)


def test_staff_with_the_headteacher_job_keep_the_list(senco):
    place = SchoolStaff.objects.get(user=senco)
    place.job = SchoolJob.HEADTEACHER
    place.save()
    assert client_for(senco).get(_staff_url(senco.setting)).status_code == 200


def test_another_schools_place_cannot_be_removed_through_this_school(headteacher):
    elsewhere = factories.SchoolStaffUserFactory.create()
    place = SchoolStaff.objects.get(user=elsewhere)
    response = client_for(headteacher).post(_staff_url(headteacher.setting, f"{place.pk}/remove/"))
    assert response.status_code == 404
    place.refresh_from_db()
    assert place.removed_at is None


def test_create_user_makes_a_school_staff_account_on_its_schools_list(db):
    school = factories.SettingFactory.create(urn="123456")
    call_command(
        "create_user",
        "senco@school.sch.uk",
        "--role",
        "school",
        "--setting",
        "123456",
        "--job",
        "senco",
    )
    user = User.objects.get(email="senco@school.sch.uk")
    assert user.role == Role.SCHOOL
    place = SchoolStaff.objects.current().get(user=user)
    assert (place.setting, place.job) == (school, SchoolJob.SENCO)


def test_create_user_refuses_school_staff_without_a_school(db):
    with pytest.raises(CommandError, match="must belong to a school"):
        call_command("create_user", "senco@school.sch.uk", "--role", "school")


def test_the_headteachers_home_links_to_the_staff_list(headteacher):
    page = client_for(headteacher).get("/headteacher/").content.decode()
    assert 'href="/school/staff/"' in page
