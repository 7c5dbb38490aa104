"""Who may see and change schools' SEN information reports: each role, anonymous
visitors, a manager posting to a school's page, and another school's report."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from accounts.models import User
from localoffer.models import SenInformationReport
from localoffer.sen_reports import sen_report_assess
from organisation.models import AreaTeam
from tests import factories
from tests.conftest import client_for
from tests.sen_report_cases import GOOD_POST


@pytest.fixture
def other_volunteer(west: AreaTeam) -> User:
    return factories.VolunteerFactory.create(
        email="other.senco@example.org", setting=factories.SettingFactory.create(area=west)
    )


@pytest.fixture
def people(personas: dict[str, User], other_volunteer: User) -> dict[str, User | None]:
    return {**personas, "other_volunteer": other_volunteer, "anonymous": None}


def _client(user: User | None) -> Client:
    return client_for(user) if user is not None else Client()


# --- Who may do what --------------------------------------------------------------------------

# (persona, page, method, status). "school" is the volunteer's own school.
MATRIX = [
    *((persona, "mine", "get", 200) for persona in ("volunteer", "other_volunteer", "headteacher")),
    *(
        (persona, "mine", "post", 302)
        for persona in ("volunteer", "other_volunteer", "headteacher")
    ),
    *(
        (persona, "mine", method, 403)
        for persona in ("manager", "editor", "officer_north")
        for method in ("get", "post")
    ),
    *((persona, page, "get", 200) for persona in ("manager", "editor") for page in ("compliance",)),
    *((persona, "compliance-csv", "get", 200) for persona in ("manager", "editor")),
    *(
        (persona, page, "post", 405)
        for persona in ("manager", "editor")
        for page in ("compliance", "compliance-csv", "school")
    ),
    *(
        (persona, page, method, 403)
        for persona in ("volunteer", "other_volunteer", "headteacher", "officer_north")
        for page in ("compliance", "compliance-csv")
        for method in ("get", "post")
    ),
    *(
        (persona, "school", "get", 200)
        for persona in ("manager", "editor", "volunteer", "headteacher")
    ),
    ("other_volunteer", "school", "get", 404),
    *((persona, "school", "post", 405) for persona in ("volunteer", "headteacher")),
    *(("officer_north", "school", method, 403) for method in ("get", "post")),
]


@pytest.mark.parametrize(("persona", "page", "method", "status"), MATRIX)
def test_it_lets_each_role_do_only_what_it_may(people, volunteer, persona, page, method, status):
    args = [volunteer.setting_id] if page == "school" else []
    url = reverse(f"sen-reports:{page}", args=args)
    client = _client(people[persona])
    response = client.post(url, GOOD_POST) if method == "post" else client.get(url)
    assert response.status_code == status


@pytest.mark.parametrize("page", ["mine", "compliance", "compliance-csv", "school"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_sends_anonymous_visitors_to_sign_in(volunteer, page, method):
    args = [volunteer.setting_id] if page == "school" else []
    response = getattr(Client(), method)(reverse(f"sen-reports:{page}", args=args), GOOD_POST)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


def test_it_saves_nothing_when_a_manager_posts_to_a_schools_page(manager, volunteer):
    client_for(manager).post(reverse("sen-reports:mine"), GOOD_POST)
    client_for(manager).post(reverse("sen-reports:school", args=[volunteer.setting_id]))
    assert not SenInformationReport.objects.exists()


def test_it_refuses_a_council_write_in_the_service(manager, volunteer):
    with pytest.raises(PermissionDenied):
        sen_report_assess(user=manager, setting_id=volunteer.setting_id, url="", items_met=[])


def test_it_hides_another_schools_report_from_a_senco(volunteer, other_volunteer):
    with pytest.raises(Http404):
        sen_report_assess(
            user=other_volunteer, setting_id=volunteer.setting_id, url="", items_met=[]
        )
    assert not SenInformationReport.objects.exists()
