"""Who may see and change a release agreement, a headteacher's home page, and pausing from
the site."""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from tests.agreement_cases import S, _agreement
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


# Who may see and change an agreement --------------------------------------------------------

# (persona, may see, may decide)
MATRIX = [
    ("headteacher", 200, 302),
    ("volunteer", 200, 403),
    ("officer_north", 200, 403),
    ("officer_west", 200, 403),
    ("manager", 200, 403),
    ("other_headteacher", 404, 404),
    ("other_volunteer", 404, 404),
    ("editor", 403, 403),
]


@pytest.mark.parametrize(("who", "get_status", "post_status"), MATRIX)
def test_the_agreement_page_follows_the_access_rule(who, get_status, post_status, personas):
    volunteer = personas["volunteer"]
    agreement = _agreement(volunteer)
    people = {
        **personas,
        "other_headteacher": factories.HeadteacherFactory.create(),
        "other_volunteer": factories.VolunteerFactory.create(),
    }
    client = client_for(people[who])
    url = reverse("volunteers:agreement", args=[agreement.pk])
    assert client.get(url).status_code == get_status
    assert client.post(url, {"decision": "approve"}).status_code == post_status
    agreement.refresh_from_db()
    assert agreement.status == (S.APPROVED if post_status == 302 else S.REQUESTED)


def test_a_headteacher_sees_only_their_own_schools_agreements_on_their_home_page(
    volunteer, headteacher
):
    own = _agreement(volunteer)
    elsewhere = _agreement(factories.VolunteerFactory.create(full_name="Someone Elsewhere"))
    response = client_for(headteacher).get(reverse("volunteers:headteacher-home"))
    assert response.status_code == 200
    assert list(response.context["waiting"]) == [own]
    assert elsewhere.volunteer.full_name.encode() not in response.content


def test_the_headteacher_pauses_from_the_site_with_a_resume_date(volunteer, headteacher):
    agreement = _agreement(volunteer, S.APPROVED)
    response = client_for(headteacher).post(
        reverse("volunteers:agreement", args=[agreement.pk]),
        {
            "decision": "pause",
            "reason": "Ofsted inspection",
            "resume_on_0": "7",
            "resume_on_1": "12",
            "resume_on_2": "2026",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == S.PAUSED
    assert agreement.resume_on == datetime.date(2026, 12, 7)
    assert agreement.reason == "Ofsted inspection"
